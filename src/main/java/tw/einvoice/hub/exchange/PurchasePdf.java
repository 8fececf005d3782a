package tw.einvoice.hub.exchange;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import tw.einvoice.hub.mig.ExchangeInvoiceData;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An A4 page showing an exchanged invoice as received: parties, number, date, items and amounts. Drawn with Java2D
 * and placed as a lossless image, as the proofs are (print.ProofRenderer), because the CJK fonts on the build
 * machines cannot be embedded by PDFBox as text. Not a proof (證明聯): the seller's QR key is not ours to have.
 */
final class PurchasePdf {

    private static final int DOTS_PER_MM = 6;
    private static final int WIDTH = 210 * DOTS_PER_MM;
    private static final int HEIGHT = 297 * DOTS_PER_MM;
    private static final float POINTS_PER_DOT = 72f / 25.4f / DOTS_PER_MM;

    private PurchasePdf() {
    }

    static byte[] render(ExchangeInvoiceData d, String status, String reason) {
        List<String> lines = new ArrayList<>();
        lines.add("電子發票 B2B 交換 (A0101)  " + d.invoiceNumber());
        lines.add("發票日期 " + d.invoiceDate() + " " + (d.invoiceTime() == null ? "" : d.invoiceTime()));
        lines.add("賣方 " + d.sellerId() + "  " + nz(d.sellerName()));
        lines.add("買方 " + d.buyerId() + "  " + nz(d.buyerName()));
        lines.add("");
        int n = 1;
        for (ExchangeInvoiceData.Item item : d.items()) {
            lines.add(n++ + ". " + nz(item.description()) + "  " + plain(item.quantity()) + " × " + plain(item.unitPrice())
                    + " = " + plain(item.amount()));
        }
        lines.add("");
        lines.add("銷售額 " + plain(d.salesAmount()) + "   稅額 " + plain(d.taxAmount()) + "   總計 " + plain(d.totalAmount()));
        lines.add("狀態 " + status + (reason == null ? "" : "  " + reason));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = 20 * DOTS_PER_MM;
            for (int i = 0; i < lines.size() && y < HEIGHT - 20 * DOTS_PER_MM; i++) {
                g.setFont(new Font(Font.SANS_SERIF, i == 0 ? Font.BOLD : Font.PLAIN, (i == 0 ? 6 : 4) * DOTS_PER_MM));
                g.drawString(lines.get(i), 20 * DOTS_PER_MM, y);
                y += (i == 0 ? 12 : 7) * DOTS_PER_MM;
            }
        } finally {
            g.dispose();
        }
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(LosslessFactory.createFromImage(document, image), 0, 0, WIDTH * POINTS_PER_DOT,
                        HEIGHT * POINTS_PER_DOT);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String plain(BigDecimal n) {
        return n == null ? "" : n.stripTrailingZeros().toPlainString();
    }
}
