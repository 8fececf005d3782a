package tw.einvoice.hub.digitize;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Voucher files to images: PNG, JPEG and TIFF through ImageIO, PDF pages rendered by PDFBox. */
public final class VoucherImages {

    /** 300 dpi: the proof's Code39 modules (0.19 mm) get two pixels and more, which its reader needs. */
    static final float PDF_DPI = 300;
    /** Pixels of one page (decoded image or rendered PDF page): about 40 MB of grey, twice an A3 page at 300 dpi. */
    static final long MAX_PIXELS = 40_000_000;
    /** Pages of a voucher PDF: every page is rendered at 300 dpi when it is received and again when it is read. */
    static final int MAX_PAGES = 20;

    public enum Type {
        PNG("image/png"), JPEG("image/jpeg"), TIFF("image/tiff"), PDF("application/pdf");

        public final String mediaType;

        Type(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private VoucherImages() {
    }

    /** The file's type from its first bytes, whatever its name or declared content type says. */
    public static Optional<Type> sniff(byte[] bytes) {
        if (starts(bytes, 0x89, 'P', 'N', 'G')) {
            return Optional.of(Type.PNG);
        }
        if (starts(bytes, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(Type.JPEG);
        }
        if (starts(bytes, 'I', 'I', 42, 0) || starts(bytes, 'M', 'M', 0, 42)) {
            return Optional.of(Type.TIFF);
        }
        if (starts(bytes, '%', 'P', 'D', 'F')) {
            return Optional.of(Type.PDF);
        }
        return Optional.empty();
    }

    /**
     * The file's pages as images (one for an image file).
     *
     * @throws IOException when the bytes are no image or PDF this reader can open
     */
    public static List<BufferedImage> pages(byte[] bytes) throws IOException {
        Type type = sniff(bytes).orElseThrow(() -> new IOException("not a PNG, JPEG, TIFF or PDF file"));
        if (type == Type.PDF) {
            try (PDDocument document = Loader.loadPDF(bytes)) {
                if (document.getNumberOfPages() > MAX_PAGES) {
                    throw new IOException("the PDF has " + document.getNumberOfPages() + " pages, more than the " + MAX_PAGES
                            + " a voucher may have");
                }
                PDFRenderer renderer = new PDFRenderer(document);
                List<BufferedImage> pages = new ArrayList<>();
                for (int i = 0; i < document.getNumberOfPages(); i++) {
                    PDRectangle box = document.getPage(i).getCropBox();
                    checkPixels((long) Math.ceil(box.getWidth() * PDF_DPI / 72), (long) Math.ceil(box.getHeight() * PDF_DPI / 72),
                            "page " + (i + 1) + " at " + (int) PDF_DPI + " dpi");
                    pages.add(renderer.renderImageWithDPI(i, PDF_DPI, ImageType.GRAY));
                }
                return pages;
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("the " + type + " file could not be decoded");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the header's size, before any pixel is decoded: a few bytes can claim gigabytes of pixels
                checkPixels(reader.getWidth(0), reader.getHeight(0), "the image");
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException("the " + type + " file could not be decoded");
                }
                return List.of(image);
            } finally {
                reader.dispose();
            }
        }
    }

    private static void checkPixels(long width, long height, String what) throws IOException {
        if (width * height > MAX_PIXELS) {
            throw new IOException(what + " is " + width + " × " + height + " pixels, more than the " + MAX_PIXELS
                    + " a voucher may have (an A3 page at 300 dpi has 17,400,000)");
        }
    }

    private static boolean starts(byte[] bytes, int... magic) {
        if (bytes == null || bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
