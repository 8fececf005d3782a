package tw.einvoice.hub.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProofApiTest extends HubIntegrationTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void proofPdfAndPngCarryTheInvoiceAndReprintsAreCountedAndMarked() throws Exception {
        String ref = "proof-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(ref);
        doc.remove("carrier");
        doc.put("print", true);
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        JsonNode view = InvoiceAwait.bySource(api, ref).until("numbered", v -> v.path("invoiceNumber").isTextual());
        String number = view.get("invoiceNumber").asText();

        HttpResponse<byte[]> png = send("GET", "/api/v1/invoices/" + number + "/proof.png", DEMO_KEY);
        assertThat(png.statusCode()).as(new String(png.body())).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("X-Proof-Reprints")).hasValue("0");
        ProofCodes.Read read = ProofCodes.read(ImageIO.read(new ByteArrayInputStream(png.body())));
        assertThat(read.left()).startsWith(number).contains(":**********:1:1:1:乾電池:1:105").contains(DEMO_SELLER);
        assertThat(read.barcode()).endsWith(number + view.get("randomCode").asText());

        HttpResponse<byte[]> pdf = send("GET", "/api/v1/invoices/" + number + "/proof.pdf", DEMO_KEY);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(ProofCodes.read(new PDFRenderer(document).renderImageWithDPI(0, 305))).isEqualTo(read);
        }

        HttpResponse<byte[]> first = send("POST", "/api/v1/invoices/" + number + "/reprint", DEMO_KEY);
        HttpResponse<byte[]> second = send("POST", "/api/v1/invoices/" + number + "/reprint?format=png", DEMO_KEY);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(first.headers().firstValue("X-Proof-Reprints")).hasValue("1");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(second.headers().firstValue("X-Proof-Reprints")).hasValue("2");
        assertThat(ImageIO.read(new ByteArrayInputStream(second.body())).getHeight())
                .as("the 補印 line makes the reprint longer than the original")
                .isGreaterThan(ImageIO.read(new ByteArrayInputStream(png.body())).getHeight());
        assertThat(send("GET", "/api/v1/invoices/" + number + "/proof.png", DEMO_KEY).headers().firstValue("X-Proof-Reprints"))
                .as("viewing prints nothing").hasValue("2");
    }

    @Test
    void carrierInvoiceProofIsRefusedWithTheReasonAndAnotherSellersIsNotFound() throws Exception {
        String ref = "proof-carrier-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(ref)).status()).isEqualTo(201);
        String number = InvoiceAwait.bySource(api, ref).until("numbered", v -> v.path("invoiceNumber").isTextual())
                .get("invoiceNumber").asText();

        for (String path : new String[]{"/proof.pdf", "/proof.png", "/reprint"}) {
            HttpResponse<byte[]> refused = send(path.equals("/reprint") ? "POST" : "GET", "/api/v1/invoices/" + number + path, DEMO_KEY);
            assertThat(refused.statusCode()).as(path).isEqualTo(409);
            JsonNode problem = new ObjectMapper().readTree(refused.body());
            assertThat(problem.toString()).as(path).contains("not printed by rule: the invoice is kept on a carrier (3J0002)");
        }
        assertThat(send("GET", "/api/v1/invoices/ZZ99999999/proof.pdf", DEMO_KEY).statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> send(String method, String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
