package tw.einvoice.hub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.mig.MigReader;
import tw.einvoice.hub.mig.SummaryResult;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's daily SummaryResult lists the day's verdicts, and the hub reconciles the file once. */
class DailySummaryTest extends HubIntegrationTest {

    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;

    @Autowired
    PlatformRoutes platform;
    @Autowired
    TurnkeyDatabase turnkey;
    @Autowired
    JdbcClient jdbc;

    @Test
    void dailySummaryListsTheDaysConfirmedAndRejectedInvoicesAndIsReconciledByTheHub() throws Exception {
        String confirmedRef = "daily-" + UUID.randomUUID();
        String rejectedRef = "daily-rejected-" + UUID.randomUUID();
        api.post("/api/v1/invoices", Invoices.valid(confirmedRef));
        ObjectNode refused = Invoices.valid(rejectedRef);
        refused.put("remark", "#REJECT:E0501");
        api.post("/api/v1/invoices", refused);
        JsonNode confirmed = InvoiceAwait.bySource(api, confirmedRef).reaches("CONFIRMED");
        JsonNode rejected = InvoiceAwait.bySource(api, rejectedRef).reaches("REJECTED");
        // the summary is a snapshot of Turnkey's log: taken while other tests' messages are still on their way it
        // would differ from the log (and the ledger) a moment later
        awaitNothingInFlight();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Taipei"));

        Path file = platform.writeSummary(today);

        SummaryResult summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = new MigReader().readSummaryResult(in);
        }
        assertThat(summary.fromPartyId()).isEqualTo("MOF");
        assertThat(summary.messages()).extracting(SummaryResult.MessageSummary::messageType)
                .as("one entry per invoice message type, never the range messages").doesNotHaveDuplicates()
                .contains("F0401").doesNotContain("E0401", "E0402");
        for (SummaryResult.MessageSummary m : summary.messages()) {
            assertThat(m.good().count()).as("%s good", m.messageType()).isEqualTo(m.good().invoices().size());
            assertThat(m.failed().count()).as("%s failed", m.messageType()).isEqualTo(m.failed().invoices().size());
            assertThat(m.total().count()).as("%s total", m.messageType()).isEqualTo(m.good().count() + m.failed().count());
            List<SummaryResult.Invoice> both = new ArrayList<>(m.good().invoices());
            both.addAll(m.failed().invoices());
            assertThat(m.total().invoices()).as("%s total lists good and failed", m.messageType())
                    .containsExactlyInAnyOrderElementsOf(both);
            assertThat(m.good().invoices()).as("%s good: the day's C in Turnkey's log", m.messageType())
                    .containsExactlyInAnyOrderElementsOf(answered(today, m.messageType(), "C"));
            assertThat(m.failed().invoices()).as("%s failed: the day's E after sending", m.messageType())
                    .containsExactlyInAnyOrderElementsOf(answered(today, m.messageType(), "E"));
        }

        SummaryResult.MessageSummary f0401 = summary.messages().stream()
                .filter(m -> m.messageType().equals("F0401")).findFirst().orElseThrow();
        SummaryResult.Invoice good = listed(confirmed);
        SummaryResult.Invoice failed = listed(rejected);
        assertThat(f0401.good().invoices()).containsOnlyOnce(good).doesNotContain(failed);
        assertThat(f0401.failed().invoices()).containsOnlyOnce(failed).doesNotContain(good);

        await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations(file).size() == 1);
        Map<String, Object> reconciled = reconciliations(file).get(0);
        assertThat(reconciled).containsEntry("messages", summary.messages().size())
                .containsEntry("good", summary.messages().stream().mapToInt(m -> m.good().count()).sum())
                .containsEntry("failed", summary.messages().stream().mapToInt(m -> m.failed().count()).sum());
        assertThat((String) reconciled.get("differences")).as("the ledger agrees on our two invoices")
                .doesNotContain(good.referenceNumber()).doesNotContain(failed.referenceNumber());
    }

    /** What the summary must say of an invoice: its number and its issue date. */
    private static SummaryResult.Invoice listed(JsonNode view) {
        return new SummaryResult.Invoice(view.get("invoiceNumber").asText(),
                LocalDate.parse(view.get("invoice").get("issuedAt").asText().substring(0, 10)));
    }

    /** The documents of {@code type} Turnkey sent to the platform on {@code day} and has the answer {@code status} for. */
    private List<SummaryResult.Invoice> answered(LocalDate day, String type, String status) {
        return turnkey.jdbc().sql("""
                        SELECT m.invoice_identifier FROM turnkey_message_log m
                        WHERE m.in_out_bound = 'O' AND m.message_dts LIKE ? AND m.message_type = ? AND m.status = ?
                          AND EXISTS (SELECT 1 FROM turnkey_message_log_detail d
                                      WHERE d.seqno = m.seqno AND d.subseqno = m.subseqno AND d.task = 'SendFile')""")
                .params(day.format(YMD) + "%", type, status)
                .query(String.class).list().stream()
                .map(String::trim)
                .map(id -> new SummaryResult.Invoice(id.substring(type.length(), id.length() - 8),
                        LocalDate.parse(id.substring(id.length() - 8), YMD)))
                .toList();
    }

    private void awaitNothingInFlight() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM invoice_message
                        WHERE status IN ('RENDERED', 'SENT') AND message_type NOT IN ('E0401', 'E0402')""")
                .query(Long.class).single() == 0);
    }

    private List<Map<String, Object>> reconciliations(Path file) {
        return jdbc.sql("""
                        SELECT messages, good, failed, differences::text AS differences FROM summary_reconciliation
                        WHERE file_name LIKE ?""")
                .param("%" + file.getFileName()).query().listOfRows();
    }
}
