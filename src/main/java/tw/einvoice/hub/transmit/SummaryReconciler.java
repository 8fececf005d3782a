package tw.einvoice.hub.transmit;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.mig.MigReader;
import tw.einvoice.hub.mig.SummaryResult;

import java.io.ByteArrayInputStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each daily SummaryResult from the platform against the ledger: what the platform counts as
 * good must be CONFIRMED here, what it counts as failed must be REJECTED, and a message confirmed
 * here for a day the summary covers must be in it. Differences are stored and raised to finance.
 */
@Service
public class SummaryReconciler {

    private static final Logger log = LoggerFactory.getLogger(SummaryReconciler.class);
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final MigReader reader = new MigReader();

    SummaryReconciler(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One difference between the platform's summary and the ledger. */
    public record Difference(String messageType, String reference, String date, String platform, String hub) {
        @Override
        public String toString() {
            return messageType + " " + reference + " (" + date + "): platform " + platform + ", hub " + hub;
        }
    }

    /** Raised when a summary disagrees with the ledger. */
    public record SummaryDifferences(String fileName, List<Difference> differences) {
    }

    public void fromFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        reconcile(name, exchange.getMessage().getBody(byte[].class));
    }

    @Transactional
    public List<Difference> reconcile(String fileName, byte[] xml) {
        String sha256 = sha256(xml);
        // every hub node watches the same SummaryResult folder: the second to read a file (or the same content under
        // another name) waits here for the first's commit and then finds it checked, instead of checking it again and
        // failing on the file's key
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('summary_reconciliation'), hashtext(?))").param(fileName)
                .query((rs, n) -> 1).list();
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('summary_reconciliation'), hashtext(?))").param(sha256)
                .query((rs, n) -> 1).list();
        Boolean done = jdbc.sql("SELECT count(*) > 0 FROM summary_reconciliation WHERE file_name = ? OR content_sha256 = ?")
                .params(fileName, sha256).query(Boolean.class).single();
        if (done) {
            log.info("SummaryResult {} was checked before (by its name or its content); not again", fileName);
            return List.of();
        }
        SummaryResult summary = reader.readSummaryResult(new ByteArrayInputStream(xml));
        List<Difference> differences = new ArrayList<>();
        int good = 0;
        int failed = 0;
        for (SummaryResult.MessageSummary m : summary.messages()) {
            String type = m.messageType();
            if (m.good().count() + m.failed().count() != m.total().count()) {
                differences.add(new Difference(type, "*", "*", "total " + m.total().count() + " ≠ good "
                        + m.good().count() + " + failed " + m.failed().count(), "-"));
            }
            Set<String> listed = new HashSet<>();
            Set<String> days = new HashSet<>();
            for (SummaryResult.Invoice i : m.good().invoices()) {
                good++;
                check(type, i, InvoiceMessage.Status.CONFIRMED, "good", differences, listed, days);
            }
            for (SummaryResult.Invoice i : m.failed().invoices()) {
                failed++;
                check(type, i, InvoiceMessage.Status.REJECTED, "failed", differences, listed, days);
            }
            // the other way round: answered by the platform on a day the summary covers, yet not in it. A file
            // Turnkey refused itself (7013/7001, its own -0xx codes) never reached the platform, so no summary lists it.
            for (String day : days) {
                jdbc.sql("""
                                SELECT reference, status FROM invoice_message
                                WHERE message_type = ? AND message_date = ?
                                  AND (status = 'CONFIRMED' OR (status = 'REJECTED' AND error_code LIKE 'E%'))""")
                        .params(type, day)
                        .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2)}).list().stream()
                        .filter(r -> !listed.contains(r[0]))
                        .forEach(r -> differences.add(new Difference(type, r[0], day, "not listed", r[1])));
            }
        }
        jdbc.sql("""
                        INSERT INTO summary_reconciliation (file_name, messages, good, failed, differences, content_sha256)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?)""")
                .params(fileName, summary.messages().size(), good, failed, InvoiceJson.text(differences), sha256).update();
        if (differences.isEmpty()) {
            log.info("SummaryResult {} agrees with the ledger ({} good, {} failed)", fileName, good, failed);
        } else {
            log.warn("SummaryResult {} differs from the ledger in {} places: {}", fileName, differences.size(), differences);
            events.publishEvent(new SummaryDifferences(fileName, differences));
        }
        return differences;
    }

    private void check(String type, SummaryResult.Invoice i, InvoiceMessage.Status expected, String platform,
                       List<Difference> differences, Set<String> listed, Set<String> days) {
        String date = i.invoiceDate() == null ? "" : i.invoiceDate().format(YMD);
        listed.add(i.referenceNumber());
        days.add(date);
        List<String> ours = jdbc.sql("SELECT status FROM invoice_message WHERE identifier = ?")
                .param(type + i.referenceNumber() + date).query(String.class).list();
        if (ours.isEmpty()) {
            differences.add(new Difference(type, i.referenceNumber(), date, platform, "no such message"));
        } else if (!ours.contains(expected.name())) {
            differences.add(new Difference(type, i.referenceNumber(), date, platform, String.join("/", ours)));
        }
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.sql("""
                        SELECT file_name, messages, good, failed, differences::text AS differences, checked_at
                        FROM summary_reconciliation ORDER BY checked_at DESC LIMIT ?""")
                .param(limit).query().listOfRows();
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
