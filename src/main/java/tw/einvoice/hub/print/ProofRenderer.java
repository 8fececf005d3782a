package tw.einvoice.hub.print;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code39Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import tw.einvoice.hub.invoice.CanonicalInvoice;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Draws the 5.7 cm proof of the MOF's proof layout with Java2D (PNG) and places it on PDF pages with PDFBox: one page of
 * roll width per proof, or A4 with as many proofs as fit. The PDF carries the proof as a lossless image rather
 * than text in an embedded font: the codes then keep their exact dots whatever the viewer, and the CJK fonts on
 * Debian (Noto CJK, CFF outlines in a TTC) are not ones PDFBox can embed as a Type 0 font.
 */
public final class ProofRenderer {

    public static final double PAPER_WIDTH_MM = 57;
    private static final double MARGIN_MM = 3;
    private static final double A4_WIDTH_MM = 210;
    private static final double A4_HEIGHT_MM = 297;
    private static final double A4_MARGIN_MM = 8;
    private static final float POINTS_PER_MM = 72f / 25.4f;
    private static final String TITLE = "電子發票證明聯";
    private static final DateTimeFormatter ISSUED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public enum Paper { ROLL, A4 }

    /**
     * One proof to draw.
     *
     * @param reprint  0 for the original print, n for the n-th reprint (marked 補印)
     * @param testMode marked 測試: not a valid invoice
     */
    public record Proof(CanonicalInvoice invoice, QrPayload payload, int reprint, boolean testMode) {
    }

    private final Font font;
    private final BufferedImage logo;
    private final String remark;
    private final int dotsPerMm;

    public ProofRenderer(PrintProperties properties) {
        this.font = font(properties.font());
        this.logo = logo(properties.logo());
        this.remark = properties.remark() == null || properties.remark().isBlank() ? null : properties.remark();
        this.dotsPerMm = properties.dotsPerMm();
    }

    /** The proof as a grey image of the paper's width at the configured resolution. */
    public BufferedImage image(Proof proof) {
        CanonicalInvoice invoice = proof.invoice();
        var local = invoice.getIssuedAt().atZoneSameInstant(QrPayload.TAIPEI).toLocalDateTime();
        int width = mm(PAPER_WIDTH_MM);
        int margin = mm(MARGIN_MM);
        int inner = width - 2 * margin;
        int qrSide = (inner - mm(2)) / 2;
        List<Line> lines = lines(proof, local);
        int logoHeight = logo == null ? 0 : Math.min(mm(15), logo.getHeight() * inner / logo.getWidth());
        int height = margin + (logo == null ? 0 : logoHeight + mm(2)) + lines.stream().mapToInt(l -> mm(l.sizeMm * 1.35)).sum()
                + mm(1) + mm(8) + mm(2) + qrSide + (remark == null ? 0 : mm(5)) + margin;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.BLACK);
            int y = margin;
            if (logo != null) {
                int logoWidth = logo.getWidth() * logoHeight / logo.getHeight();
                g.drawImage(logo, (width - logoWidth) / 2, y, logoWidth, logoHeight, null);
                y += logoHeight + mm(2);
            }
            for (Line line : lines) {
                Font f = font.deriveFont(line.bold ? Font.BOLD : Font.PLAIN, (float) (line.sizeMm * dotsPerMm));
                g.setFont(f);
                int lineHeight = mm(line.sizeMm * 1.35);
                int textWidth = g.getFontMetrics().stringWidth(line.text);
                int x = line.centred ? (width - textWidth) / 2 : margin;
                g.drawString(line.text, x, y + g.getFontMetrics().getAscent());
                y += lineHeight;
            }
            y += mm(1);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(code39(proof.payload().barcode(), inner, mm(8)), margin, y, null);
            y += mm(8) + mm(2);
            g.drawImage(qr(proof.payload().left(), qrSide), margin, y, null);
            g.drawImage(qr(proof.payload().right(), qrSide), width - margin - qrSide, y, null);
            y += qrSide;
            if (remark != null) {
                g.setFont(font.deriveFont(Font.PLAIN, (float) (2.6 * dotsPerMm)));
                g.drawString(remark, margin, y + mm(1) + g.getFontMetrics().getAscent());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public byte[] png(Proof proof) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(proof), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Roll: one page per proof, 57 mm wide. A4: proofs in columns and rows, as many pages as needed. */
    public byte[] pdf(List<Proof> proofs, Paper paper) {
        try (PDDocument document = new PDDocument()) {
            if (paper == Paper.ROLL) {
                for (Proof proof : proofs) {
                    BufferedImage image = image(proof);
                    PDRectangle size = new PDRectangle(points(image.getWidth()), points(image.getHeight()));
                    PDPage page = new PDPage(size);
                    document.addPage(page);
                    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                        content.drawImage(LosslessFactory.createFromImage(document, image), 0, 0, size.getWidth(), size.getHeight());
                    }
                }
            } else {
                a4(document, proofs);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void a4(PDDocument document, List<Proof> proofs) throws IOException {
        float pageWidth = (float) A4_WIDTH_MM * POINTS_PER_MM;
        float pageHeight = (float) A4_HEIGHT_MM * POINTS_PER_MM;
        float margin = (float) A4_MARGIN_MM * POINTS_PER_MM;
        float cellWidth = (float) (PAPER_WIDTH_MM + 4) * POINTS_PER_MM;
        int columns = (int) ((pageWidth - 2 * margin) / cellWidth);
        PDPage page = null;
        PDPageContentStream content = null;
        float x = 0;
        float top = 0;
        float rowHeight = 0;
        int column = columns;
        try {
            for (Proof proof : proofs) {
                BufferedImage image = image(proof);
                float w = points(image.getWidth());
                float h = points(image.getHeight());
                if (column == columns) {
                    column = 0;
                    top -= rowHeight;
                    rowHeight = 0;
                    if (page == null || top - h < margin) {
                        if (content != null) {
                            content.close();
                        }
                        page = new PDPage(new PDRectangle(pageWidth, pageHeight));
                        document.addPage(page);
                        content = new PDPageContentStream(document, page);
                        top = pageHeight - margin;
                    }
                }
                x = margin + column * cellWidth;
                PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
                content.drawImage(xobject, x, top - h, w, h);
                rowHeight = Math.max(rowHeight, h + 4 * POINTS_PER_MM);
                column++;
            }
        } finally {
            if (content != null) {
                content.close();
            }
        }
    }

    private record Line(String text, double sizeMm, boolean bold, boolean centred) {
    }

    private static List<Line> lines(Proof proof, LocalDateTime local) {
        CanonicalInvoice invoice = proof.invoice();
        String number = invoice.getInvoiceNumber();
        int even = local.getMonthValue() + local.getMonthValue() % 2;
        String period = String.format("%03d年%02d-%02d月", local.getYear() - 1911, even - 1, even);
        boolean b2b = invoice.hasBusinessBuyer();
        var list = new java.util.ArrayList<Line>();
        list.add(new Line(proof.reprint() > 0 ? TITLE + " 補印" : TITLE, 5.0, true, true));
        if (proof.reprint() > 0) {
            list.add(new Line("第 " + proof.reprint() + " 次補印", 2.8, false, true));
        }
        if (proof.testMode()) {
            list.add(new Line("*** 測試 非正式發票 ***", 3.0, true, true));
        }
        list.add(new Line(period, 6.0, true, true));
        list.add(new Line(number.substring(0, 2) + "-" + number.substring(2), 6.0, true, true));
        list.add(new Line(ISSUED.format(local) + (b2b ? "  格式 25" : ""), 2.8, false, false));
        list.add(new Line("隨機碼 " + invoice.getRandomCode() + "    總計 " + invoice.getTotalAmount().stripTrailingZeros().toPlainString(),
                2.8, false, false));
        list.add(new Line("賣方 " + invoice.getSellerId() + (b2b ? "    買方 " + invoice.getBuyer().id() : ""), 2.8, false, false));
        return list;
    }

    private static BufferedImage code39(String content, int width, int height) {
        BitMatrix matrix = new Code39Writer().encode(content, BarcodeFormat.CODE_39, width, height);
        return MatrixToImageWriter.toBufferedImage(matrix);
    }

    private static BufferedImage qr(String content, int side) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, side, side, Map.of(
                    EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
                    EncodeHintType.MARGIN, 2));
            return MatrixToImageWriter.toBufferedImage(matrix);
        } catch (WriterException e) {
            throw new IllegalArgumentException("a QR code cannot hold " + content.length() + " characters", e);
        }
    }

    private int mm(double millimetres) {
        return (int) Math.round(millimetres * dotsPerMm);
    }

    private float points(int dots) {
        return dots * POINTS_PER_MM / dotsPerMm;
    }

    /** A font that shows the proof's title, or a clear error naming the setting. */
    static Font font(String path) {
        Font found;
        if (path != null && !path.isBlank()) {
            try {
                found = Font.createFont(Font.TRUETYPE_FONT, Path.of(path).toFile());
            } catch (FontFormatException | IOException e) {
                throw new IllegalStateException("hub.print.font (HUB_PRINT_FONT): cannot read " + path + " as a TrueType/OpenType font: " + e.getMessage());
            }
        } else {
            String[] families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            found = Arrays.stream(new String[]{"Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK SC", "AR PL UMing TW", "WenQuanYi Zen Hei"})
                    .filter(f -> Arrays.asList(families).contains(f)).findFirst()
                    .map(f -> new Font(f, Font.PLAIN, 12)).orElse(null);
            if (found == null) {
                throw new IllegalStateException("no CJK font found for proofs: install fonts-noto-cjk or set hub.print.font "
                        + "(HUB_PRINT_FONT) to a font file that has 電子發票證明聯");
            }
        }
        if (found.canDisplayUpTo(TITLE + "補印測試年月隨機碼總計賣方買方格式") != -1) {
            throw new IllegalStateException("the proof font " + found.getFontName() + " cannot show 電子發票證明聯; set hub.print.font "
                    + "(HUB_PRINT_FONT) to a CJK font file");
        }
        return found;
    }

    private static BufferedImage logo(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            BufferedImage image = Files.isRegularFile(Path.of(path)) ? ImageIO.read(Path.of(path).toFile()) : null;
            if (image == null) {
                throw new IllegalStateException("hub.print.logo (HUB_PRINT_LOGO): " + path + " is not a PNG, JPEG or GIF file");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalStateException("hub.print.logo (HUB_PRINT_LOGO): cannot read " + path + ": " + e.getMessage());
        }
    }
}
