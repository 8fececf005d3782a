package tw.einvoice.hub.digitize;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads one voucher: the proof's QR codes when the image has them (exact), Tesseract OCR otherwise. Thread-safe;
 * each thread gets its own Tesseract engine on first use. Plain Java, so the CLI uses it without Spring.
 */
public final class VoucherReader {

    private final String tessdata;
    private volatile OcrReading ocr;

    /** @param tessdata the folder with chi_tra/eng.traineddata; null or blank: $TESSDATA_PREFIX or Debian's folder */
    public VoucherReader(String tessdata) {
        this.tessdata = tessdata;
    }

    public VoucherReading read(BufferedImage image) {
        var codes = QrReading.find(image);
        if (codes.isPresent()) {
            return QrReading.read(codes.get());
        }
        return ocr().read(image);
    }

    /**
     * Every page read; the page with the most fields found and fewest flags stands for the voucher, the others'
     * text is kept for search.
     *
     * @throws IOException when the bytes are no PNG, JPEG, TIFF or PDF that opens
     */
    public VoucherReading read(byte[] file) throws IOException {
        List<BufferedImage> pages = VoucherImages.pages(file);
        if (pages.isEmpty()) {
            return nothing("the PDF has no pages");
        }
        List<VoucherReading> readings = pages.stream().map(this::read).toList();
        VoucherReading best = readings.stream()
                .max(Comparator.<VoucherReading>comparingInt(r -> r.confidence().size()).thenComparingInt(r -> -r.flags().size()))
                .orElseThrow();
        if (readings.size() == 1) {
            return best;
        }
        StringBuilder text = new StringBuilder();
        readings.forEach(r -> text.append(r.text()).append('\n'));
        return new VoucherReading(best.source(), best.kind(), best.fields(), best.confidence(), best.flags(), text.toString());
    }

    static VoucherReading nothing(String why) {
        return new VoucherReading("none", VoucherKind.UNKNOWN, VoucherFields.NONE, Map.of(), Map.of("invoiceNumber", why), "");
    }

    private OcrReading ocr() {
        if (ocr == null) {
            synchronized (this) {
                if (ocr == null) {
                    ocr = new OcrReading(tessdata);
                }
            }
        }
        return ocr;
    }
}
