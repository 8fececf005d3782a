package tw.einvoice.hub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole walk on the embedded defaults: intake → issue → Turnkey UpCast → simulated platform → result. */
class InvoiceWalkTest extends HubIntegrationTest {

    @Value("${hub.data-dir}")
    Path dataDir;

    @Test
    void postedInvoiceIsConfirmedByThePlatformWithItsXmlInTheUpCastBackup() throws IOException {
        String sourceRef = "walk-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

        JsonNode view = awaitStatus(sourceRef, "CONFIRMED");

        String number = view.get("invoiceNumber").asText();
        assertThat(number).matches("ZZ\\d{8}");
        assertThat(view.get("randomCode").asText()).matches("\\d{4}");
        assertThat(view.get("uploaded").asBoolean()).isTrue();
        assertThat(view.get("confirmed").asBoolean()).isTrue();
        assertThat(view.get("history").findValuesAsText("toStatus")).containsExactly("RECEIVED", "ISSUED", "SENT", "CONFIRMED");
        assertThat(view.get("history").findValuesAsText("actor"))
                .containsExactly("api-key:HUB_API_KEY", "stage:issue", "stage:transmit", "stage:transmit");

        Path bak = dataDir.resolve("turnkey/UpCast/B2SSTORAGE/F0401/BAK");
        try (Stream<Path> files = Files.walk(bak)) {
            Path xml = files.filter(p -> p.getFileName().toString().contains(number)).findFirst().orElseThrow();
            // Turnkey files what it accepted under the day and hour it took it: BAK/<yyyyMMdd>/<HH>/<file>
            assertThat(bak.relativize(xml).toString().replace('\\', '/')).matches("\\d{8}/\\d{2}/[^/]+");
            String content = Files.readString(xml);
            assertThat(content).contains("<InvoiceNumber>" + number + "</InvoiceNumber>")
                    .contains("urn:GEINV:eInvoiceMessage:F0401:4.1")
                    .doesNotContain("Signature");
        }
        assertThat(api.get("/api/v1/invoices/" + number).body().get("id").asText()).isEqualTo(view.get("id").asText());
        String issueDate = view.get("invoice").get("issuedAt").asText().substring(0, 10).replace("-", "");
        assertThat(view.get("messages").get(0).get("identifier").asText()).isEqualTo("F0401" + number + issueDate);
    }

    @Test
    void platformRejectionBecomesRejectedWithItsCode() {
        String sourceRef = "reject-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(sourceRef);
        doc.put("remark", "#REJECT:E0501");
        api.post("/api/v1/invoices", doc);

        JsonNode view = awaitStatus(sourceRef, "REJECTED");

        assertThat(view.get("platformError").get("code").asText()).isEqualTo("E0501");
        assertThat(view.get("uploaded").asBoolean()).isTrue();
        assertThat(view.get("confirmed").asBoolean()).isFalse();
        assertThat(view.get("history").findValuesAsText("toStatus")).containsExactly("RECEIVED", "ISSUED", "SENT", "REJECTED");
    }

    @Test
    void batchIsNumberedWithoutGapsInTheOrderItArrived() {
        String prefix = "gapless-" + UUID.randomUUID();
        HubClient.Response r = api.post("/api/v1/invoices", Invoices.batch(prefix, 40));
        assertThat(r.body().get("accepted").asInt()).isEqualTo(40);

        long[] numbers = new long[40];
        for (int i = 0; i < 40; i++) {
            JsonNode view = awaitStatus(prefix + "-" + i, "CONFIRMED");
            numbers[i] = Long.parseLong(view.get("invoiceNumber").asText().substring(2));
        }
        assertThat(java.util.Arrays.stream(numbers).distinct().count()).isEqualTo(40);
        // every number the ranges handed out is on exactly one invoice: no gap, no duplicate
        var used = jdbc.sql("""
                        SELECT invoice_number FROM invoice WHERE seller_id = ? AND invoice_number LIKE 'ZZ%'
                        ORDER BY invoice_number""").param(DEMO_SELLER).query(String.class).list();
        long handedOut = jdbc.sql("SELECT sum(next_no - begin_no) FROM number_range WHERE seller_id = ? AND track = 'ZZ'")
                .param(DEMO_SELLER).query(Long.class).single();
        assertThat(used).doesNotHaveDuplicates().hasSize((int) handedOut);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private JsonNode awaitStatus(String sourceRef, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            HubClient.Response r = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef);
            last[0] = r.body();
            return r.status() == 200 && status.equals(r.body().get("status").asText());
        });
        return last[0];
    }
}
