package tw.einvoice.hub.print;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.CanonicalInvoice;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProofRendererTest {

    static final String KEY = QrPayloadTest.PUBLIC_KEY;
    final ProofRenderer renderer = new ProofRenderer(PrintProperties.defaults());

    @Test
    void pngCodesDecodeBackToTheInvoicesFields() throws Exception {
        CanonicalInvoice invoice = ProofCodes.invoice("AB12345678", "4321", "24549210", 6);
        QrPayload payload = QrPayload.of(invoice, KEY);

        byte[] png = renderer.png(new ProofRenderer.Proof(invoice, payload, 0, false));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image.getWidth()).isEqualTo(684); // 57 mm at 12 dots/mm
        assertDecodesTo(ProofCodes.read(image), invoice, payload);
    }

    @Test
    void pdfOnRollAndA4RendersBackToDecodableCodes() throws Exception {
        CanonicalInvoice invoice = ProofCodes.invoice("CD87654321", "0007", null, 12);
        QrPayload payload = QrPayload.of(invoice, KEY);
        ProofRenderer.Proof proof = new ProofRenderer.Proof(invoice, payload, 2, true);

        try (PDDocument roll = Loader.loadPDF(renderer.pdf(List.of(proof), ProofRenderer.Paper.ROLL))) {
            assertThat(roll.getNumberOfPages()).isEqualTo(1);
            assertThat(roll.getPage(0).getMediaBox().getWidth() / 72 * 25.4).isCloseTo(57, org.assertj.core.data.Offset.offset(0.1));
            assertDecodesTo(ProofCodes.read(new PDFRenderer(roll).renderImageWithDPI(0, 305)), invoice, payload);
        }
        try (PDDocument a4 = Loader.loadPDF(renderer.pdf(Collections.nCopies(10, proof), ProofRenderer.Paper.A4))) {
            assertThat(a4.getPage(0).getMediaBox().getWidth() / 72 * 25.4).isCloseTo(210, org.assertj.core.data.Offset.offset(0.1));
            assertThat(a4.getNumberOfPages()).as("three columns of three rows, then one on a second page").isEqualTo(2);
            BufferedImage second = new PDFRenderer(a4).renderImageWithDPI(1, 305);
            assertDecodesTo(ProofCodes.read(second), invoice, payload);
        }
    }

    static void assertDecodesTo(ProofCodes.Read read, CanonicalInvoice invoice, QrPayload payload) {
        assertThat(read.barcode()).isEqualTo(payload.barcode()).isEqualTo("11404" + invoice.getInvoiceNumber() + invoice.getRandomCode());
        assertThat(read.left()).isEqualTo(payload.left());
        assertThat(read.right()).isEqualTo(payload.right());
        String left = read.left();
        assertThat(left.substring(0, 10)).isEqualTo(invoice.getInvoiceNumber());
        assertThat(left.substring(10, 17)).isEqualTo("1140314");
        assertThat(left.substring(17, 21)).isEqualTo(invoice.getRandomCode());
        assertThat(Long.parseLong(left.substring(21, 29), 16)).isEqualTo(invoice.getTotalAmount().subtract(invoice.getTaxAmount()).longValue());
        assertThat(Long.parseLong(left.substring(29, 37), 16)).isEqualTo(invoice.getTotalAmount().longValue());
        assertThat(left.substring(37, 45)).isEqualTo(invoice.hasBusinessBuyer() ? invoice.getBuyer().id() : "00000000");
        assertThat(left.substring(45, 53)).isEqualTo(invoice.getSellerId());
        List<String[]> items = QrPayload.items(read.left(), read.right());
        assertThat(items).hasSize(payload.itemsInQr());
        for (int i = 0; i < items.size(); i++) {
            CanonicalInvoice.Item item = invoice.getItems().get(i);
            assertThat(items.get(i)).containsExactly(item.description().replace(':', '：'),
                    item.quantity().stripTrailingZeros().toPlainString(), item.unitPrice().toPlainString());
        }
    }
}
