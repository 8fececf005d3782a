package tw.einvoice.hub.platform;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.mig.MigReader;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's daily SummaryResult lists the day's verdicts, and the hub reconciles the file once. */
class DailySummaryTest extends HubIntegrationTest {

    @Autowired
    PlatformRoutes platform;

    @Autowired
    JdbcClient jdbc;

    @Test
    void dailySummaryListsTheConfirmedInvoiceAndIsReconciledByTheHub() throws Exception {
        String sourceRef = "daily-" + UUID.randomUUID();
        api.post("/api/v1/invoices", Invoices.valid(sourceRef));
        String[] number = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var view = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
            number[0] = view.path("invoiceNumber").asText();
            return "CONFIRMED".equals(view.get("status").asText());
        });

        Path file = platform.writeSummary(LocalDate.now(ZoneId.of("Asia/Taipei")));

        try (InputStream in = Files.newInputStream(file)) {
            var summary = new MigReader().readSummaryResult(in);
            var f0401 = summary.messages().stream().filter(m -> m.messageType().equals("F0401")).findFirst().orElseThrow();
            assertThat(f0401.good().invoices()).anySatisfy(i -> assertThat(i.referenceNumber()).isEqualTo(number[0]));
            assertThat(f0401.good().count() + f0401.failed().count()).isEqualTo(f0401.total().count());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM summary_reconciliation WHERE file_name LIKE ?")
                .param("%" + file.getFileName()).query(Long.class).single() == 1);
    }
}
