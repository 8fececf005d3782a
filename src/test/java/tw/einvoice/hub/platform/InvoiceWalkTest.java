package tw.einvoice.hub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole walk on the embedded defaults: intake → issue → Turnkey UpCast → simulated platform → result. */
class InvoiceWalkTest extends HubIntegrationTest {

    @Value("${hub.data-dir}")
    Path dataDir;
    @Autowired
    JdbcClient jdbc;

    @Test
    void postedInvoiceIsConfirmedByThePlatformWithItsXmlInTheUpCastBackup() throws IOException {
        String sourceRef = "walk-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

        JsonNode view = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");

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

        JsonNode view = InvoiceAwait.bySource(api, sourceRef).reaches("REJECTED");

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

        // this batch's own numbers, by position in the batch: other tests' invoices may take numbers before or after
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            numbers.add(InvoiceAwait.bySource(api, prefix + "-" + i).reaches("CONFIRMED").get("invoiceNumber").asText());
        }
        assertThat(numbers).allSatisfy(n -> assertThat(n).startsWith("ZZ"));
        long first = Long.parseLong(numbers.get(0).substring(2));
        List<String> expected = LongStream.range(first, first + 40).mapToObj(n -> String.format("ZZ%08d", n)).toList();
        assertThat(numbers).as("the i-th invoice of the batch has the i-th number, one after another")
                .containsExactlyElementsOf(expected);
        // what the issue stage orders by: equal arrival times would come back from the database in any order
        List<OffsetDateTime> arrived = jdbc.sql(
                        "SELECT source_ref, created_at FROM invoice WHERE connector = 'test' AND source_ref LIKE ?")
                .param(prefix + "-%")
                .query((rs, n) -> Map.entry(Integer.parseInt(rs.getString(1).substring(prefix.length() + 1)),
                        rs.getObject(2, OffsetDateTime.class)))
                .list().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        assertThat(arrived).hasSize(40).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
    }
}
