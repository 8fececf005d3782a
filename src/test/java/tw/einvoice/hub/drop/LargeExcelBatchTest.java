package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.bench.DropSample;
import tw.einvoice.hub.bench.RetainedHeap;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 50,000 rows of XLSX posted to {@code /api/v1/batches} of a whole hub (reader, JSONata mapping, rules, ledger on
 * embedded PostgreSQL, Artemis, and the issue stage numbering behind it): the batch completes, every row has its
 * line in the result file, and the heap that survives collections does not grow with the file. Prints the figures.
 */
class LargeExcelBatchTest {

    static final int ROWS = 50_000;

    static ConfigurableApplicationContext hub;
    static String base;

    @BeforeAll
    static void start() {
        Path data = Path.of("target", "test-data", "large-batch-" + UUID.randomUUID()).toAbsolutePath();
        hub = new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.platform.enabled=false",
                        "--hub.drop.local.enabled=false", "--logging.level.tw.einvoice.hub.intake=WARN");
        base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void fiftyThousandRowWorkbookCompletesInFlatMemoryWithACorrectResultFile() throws Exception {
        String prefix = "BIG-" + UUID.randomUUID().toString().substring(0, 8);
        Path xlsx = Files.createTempFile("large-batch", ".xlsx");
        OffsetDateTime issuedAt = OffsetDateTime.now(RuleSettings.TAIPEI).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
        DropSample.writeXlsx(xlsx, ROWS, prefix, HubIntegrationTest.DEMO_SELLER, new String[]{"TPE01", "KHH01"}, issuedAt);

        HttpClient http = HttpClient.newHttpClient();
        HubClient api = new HubClient(base).bearer(HubIntegrationTest.DEMO_KEY);
        String id;
        long millis;
        long growth;
        try (RetainedHeap heap = new RetainedHeap()) {
            long begin = System.nanoTime();
            HubClient.Response posted = api.postFile("/api/v1/batches", xlsx, prefix + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            assertThat(posted.status()).as(posted.text()).isEqualTo(202);
            id = posted.body().get("id").asText();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !List.of("QUEUED", "RUNNING").contains(api.get("/api/v1/batches/" + id).body().get("status").asText()));
            millis = (System.nanoTime() - begin) / 1_000_000;
            growth = heap.growth();
            System.out.printf("XLSX batch through the hub: %d rows in %d ms = %d rows/s; retained heap %d MB before, "
                            + "peak +%d MB (max heap %d MB)%n", ROWS, millis, ROWS * 1000L / Math.max(1, millis),
                    heap.baseline() >> 20, growth >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }

        JsonNode batch = api.get("/api/v1/batches/" + id).body();
        int invoices = ROWS / 2;
        int rejectedInvoices = (int) java.util.stream.IntStream.range(0, invoices).filter(DropSample::rejected).count();
        assertThat(batch.get("status").asText()).as(batch.toString()).isEqualTo("DONE");
        assertThat(batch.get("rowsTotal").asLong()).isEqualTo(ROWS);
        assertThat(batch.get("rowsDone").asLong()).isEqualTo(ROWS);
        assertThat(batch.get("rejected").asLong()).isEqualTo(rejectedInvoices * 2L);
        assertThat(batch.get("accepted").asLong()).isEqualTo(ROWS - rejectedInvoices * 2L);

        // every line of the result file, in row order, with what happened to its row
        HttpResponse<InputStream> result = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/batches/" + id + "/result"))
                .header("Authorization", "Bearer " + HubIntegrationTest.DEMO_KEY).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(result.statusCode()).isEqualTo(200);
        JdbcClient jdbc = hub.getBean(JdbcClient.class);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(result.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("\uFEFF" + DropProcessor.RESULT_HEADER);
            for (int i = 0; i < ROWS; i++) {
                String line = lines.readLine();
                String[] cells = line.split(",", -1);
                int invoice = i / 2;
                assertThat(cells[0]).as(line).isEqualTo(String.valueOf(i + 2));
                assertThat(cells[1]).as(line).isEqualTo(prefix + "-" + invoice);
                if (DropSample.rejected(invoice)) {
                    assertThat(cells[2]).as(line).isEqualTo("REJECTED");
                    assertThat(cells[5]).as(line).startsWith("sellerId: ");
                } else {
                    assertThat(cells[2]).as(line).isEqualTo("ACCEPTED");
                    assertThat(UUID.fromString(cells[3])).isNotNull();
                }
            }
            assertThat(lines.readLine()).isNull();
        }
        long stored = jdbc.sql("SELECT count(*) FROM invoice WHERE connector = 'excel-batch' AND source_ref LIKE ?")
                .param(prefix + "-%").query(Long.class).single();
        assertThat(stored).isEqualTo(invoices - rejectedInvoices);
        long items = jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref = ? AND jsonb_array_length(document->'items') = 2")
                .param(prefix + "-0").query(Long.class).single();
        assertThat(items).as("both rows of an invoice are its items").isEqualTo(1);
        // 50,000 rows held as objects would be several hundred MB; streaming holds one chunk of 200 invoices
        assertThat(growth).isLessThan(256L << 20);
    }
}
