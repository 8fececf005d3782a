package tw.einvoice.hub.print;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;
import tw.einvoice.hub.invoice.CanonicalInvoice;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads a rendered proof's codes back with ZXing, left to right, as a scanner would. */
public final class ProofCodes {

    public record Read(String barcode, String left, String right) {
    }

    private ProofCodes() {
    }

    public static Read read(BufferedImage image) {
        Map<DecodeHintType, Object> hints = Map.of(DecodeHintType.TRY_HARDER, true, DecodeHintType.CHARACTER_SET, "UTF-8",
                DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE, BarcodeFormat.CODE_39));
        try {
            Result[] results = new GenericMultipleBarcodeReader(new MultiFormatReader())
                    .decodeMultiple(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints);
            String barcode = Arrays.stream(results).filter(r -> r.getBarcodeFormat() == BarcodeFormat.CODE_39)
                    .map(Result::getText).findFirst().orElse(null);
            List<Result> qrs = new ArrayList<>(Arrays.stream(results).filter(r -> r.getBarcodeFormat() == BarcodeFormat.QR_CODE).toList());
            qrs.sort(Comparator.comparing(r -> r.getResultPoints()[0].getX()));
            if (qrs.size() != 2) {
                throw new AssertionError("expected two QR codes, read " + qrs.size());
            }
            return new Read(barcode, qrs.get(0).getText(), qrs.get(1).getText());
        } catch (NotFoundException e) {
            throw new AssertionError("no code found in the proof", e);
        }
    }

    /** A printed consumer invoice of the demo seller with the given items. */
    public static CanonicalInvoice invoice(String number, String random, String buyer, int items) {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId("04595257");
        invoice.setInvoiceNumber(number);
        invoice.setRandomCode(random);
        invoice.setIssuedAt(OffsetDateTime.parse("2025-03-14T09:26:53+08:00"));
        invoice.setBuyer(new CanonicalInvoice.Party(buyer, null, null, null, null));
        List<CanonicalInvoice.Item> lines = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < items; i++) {
            long price = 100 + i;
            lines.add(new CanonicalInvoice.Item("品項:" + i, BigDecimal.ONE, null, BigDecimal.valueOf(price), BigDecimal.valueOf(price), "1", null));
            total += price;
        }
        invoice.setItems(lines);
        long tax = Math.round(total / 21.0);
        invoice.setTotalAmount(BigDecimal.valueOf(total));
        invoice.setTaxAmount(BigDecimal.valueOf(tax));
        invoice.setSalesAmount(BigDecimal.valueOf(total - tax));
        return invoice;
    }
}
