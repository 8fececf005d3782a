package tw.einvoice.hub.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the digest from recorded alerts and from the ledger, and marks what a digest carried once
 * it was mailed. Reads the invoice table directly (read-only): these are reporting queries over many
 * invoices, not ledger operations.
 */
@Component
class FinanceDigests {

    private static final Logger log = LoggerFactory.getLogger(FinanceDigests.class);
    // a mail finance can still read; the rest follows in the next digest
    static final int SECTION_LIMIT = 200;

    static final String STUCK = "STUCK";
    static final String DEADLINE = "DEADLINE";

    private static final List<String> STUCK_STATUSES = List.of(
            InvoiceStatus.RECEIVED.name(), InvoiceStatus.ISSUED.name(), InvoiceStatus.SENT.name());
    // not yet CONFIRMED, and still owed to the platform (cancelled and voided ones are handled by their own messages)
    private static final List<String> UNCONFIRMED_STATUSES = List.of(
            InvoiceStatus.RECEIVED.name(), InvoiceStatus.ISSUED.name(), InvoiceStatus.SENT.name(), InvoiceStatus.REJECTED.name());

    private final JdbcClient jdbc;
    private final SellerDirectory sellers;
    private final NotifyProperties settings;
    private final DigestText text;

    FinanceDigests(JdbcClient jdbc, SellerDirectory sellers, NotifyProperties settings) {
        this.jdbc = jdbc;
        this.sellers = sellers;
        this.settings = settings;
        this.text = new DigestText(settings);
    }

    /** The next digest, or null when there is nothing new to say. */
    Digest next() {
        OffsetDateTime now = jdbc.sql("SELECT now()").query(OffsetDateTime.class).single();
        List<Digest.Rejected> rejected = new ArrayList<>();
        int[] totalRejected = {0};
        jdbc.sql("""
                        SELECT id, invoice_id, invoice_number, seller_id, code, message, created_at, count(*) OVER () AS total
                        FROM finance_alert WHERE sent_at IS NULL AND kind IN (?, ?, ?, ?, ?, ?)
                        ORDER BY created_at, id LIMIT ?""")
                // a failing result callback, Turnkey unable to sign and a dead-lettered message need the same action
                // list as a rejection: look, fix, it goes out again; an outage (one line however many invoices met
                // it) says what was away and that the hub catches up by itself
                .params(FinanceAlerts.REJECTED, FinanceAlerts.CALLBACK, FinanceAlerts.TURNKEY_SIGNING,
                        FinanceAlerts.DEAD_LETTER, FinanceAlerts.EXCHANGE_OVERDUE, FinanceAlerts.OUTAGE, SECTION_LIMIT)
                .query(rs -> {
                    totalRejected[0] = rs.getInt("total");
                    rejected.add(new Digest.Rejected(rs.getLong("id"), rs.getObject("invoice_id", UUID.class),
                            rs.getString("invoice_number"), rs.getString("seller_id"), sellerName(rs.getString("seller_id")),
                            rs.getString("code"), rs.getString("message"), rs.getObject("created_at", OffsetDateTime.class)));
                });

        List<Digest.Stuck> stuck = new ArrayList<>();
        int[] totalStuck = {0};
        jdbc.sql("""
                        SELECT i.id, i.invoice_number, i.seller_id, i.status, i.updated_at, count(*) OVER () AS total
                        FROM invoice i
                        WHERE i.status = ANY(?) AND i.updated_at < now() - ? * interval '1 second'
                          AND NOT EXISTS (SELECT 1 FROM finance_alert_report r
                                          WHERE r.invoice_id = i.id AND r.kind = ? AND r.state = i.status
                                            AND r.reported_at > now() - ? * interval '1 second')
                        ORDER BY i.updated_at LIMIT ?""")
                .params(STUCK_STATUSES.toArray(String[]::new), settings.stuckAfter().toSeconds(), STUCK,
                        settings.repeatAfter().toSeconds(), SECTION_LIMIT)
                .query(rs -> {
                    totalStuck[0] = rs.getInt("total");
                    stuck.add(new Digest.Stuck(rs.getObject("id", UUID.class), rs.getString("invoice_number"),
                            rs.getString("seller_id"), sellerName(rs.getString("seller_id")), rs.getString("status"),
                            rs.getObject("updated_at", OffsetDateTime.class)));
                });

        List<Digest.Deadline> deadlines = new ArrayList<>();
        int[] totalDeadlines = {0};
        jdbc.sql("""
                        WITH due AS (
                            SELECT i.id, i.invoice_number, i.seller_id, i.status, i.issued_at,
                                   coalesce(nullif(trim(i.buyer_id), ''), '0000000000') IN ('0000000000', '00000000') AS b2c
                            FROM invoice i
                            WHERE i.status = ANY(?) AND i.issued_at IS NOT NULL
                        ), dated AS (
                            SELECT due.*, due.issued_at + CASE WHEN b2c THEN ? ELSE ? END * interval '1 second' AS deadline
                            FROM due
                        )
                        SELECT d.*, count(*) OVER () AS total
                        FROM dated d
                        WHERE d.deadline < now() + ? * interval '1 second'
                          AND NOT EXISTS (SELECT 1 FROM finance_alert_report r
                                          WHERE r.invoice_id = d.id AND r.kind = ?
                                            AND r.state = d.status || CASE WHEN d.deadline <= now() THEN ':OVERDUE' ELSE ':NEAR' END
                                            AND r.reported_at > now() - ? * interval '1 second')
                        ORDER BY d.deadline LIMIT ?""")
                .params(UNCONFIRMED_STATUSES.toArray(String[]::new),
                        settings.b2cUploadWithin().toSeconds(), settings.b2bUploadWithin().toSeconds(),
                        settings.deadlineWarning().toSeconds(), DEADLINE, settings.repeatAfter().toSeconds(), SECTION_LIMIT)
                .query(rs -> {
                    totalDeadlines[0] = rs.getInt("total");
                    boolean b2c = rs.getBoolean("b2c");
                    deadlines.add(new Digest.Deadline(rs.getObject("id", UUID.class), rs.getString("invoice_number"),
                            rs.getString("seller_id"), sellerName(rs.getString("seller_id")), rs.getString("status"), b2c,
                            rs.getObject("issued_at", OffsetDateTime.class), rs.getObject("deadline", OffsetDateTime.class),
                            b2c ? settings.b2cUploadWithin() : settings.b2bUploadWithin()));
                });

        if (rejected.isEmpty() && stuck.isEmpty() && deadlines.isEmpty()) {
            return null;
        }
        int moreRejected = totalRejected[0] - rejected.size();
        int moreStuck = totalStuck[0] - stuck.size();
        int moreDeadlines = totalDeadlines[0] - deadlines.size();
        return new Digest(now, List.copyOf(rejected), List.copyOf(stuck), List.copyOf(deadlines),
                moreRejected, moreStuck, moreDeadlines,
                text.subject(rejected, stuck, deadlines, moreRejected, moreStuck, moreDeadlines),
                text.body(now, rejected, stuck, deadlines, moreRejected, moreStuck, moreDeadlines));
    }

    /** The digest went out: its alerts are sent and its ledger items reported, all or nothing. */
    @Transactional
    public void sent(Digest digest) {
        if (!digest.rejected().isEmpty()) {
            jdbc.sql("UPDATE finance_alert SET sent_at = now() WHERE id = ANY(?) AND sent_at IS NULL")
                    .param(digest.rejected().stream().map(Digest.Rejected::alertId).toArray(Long[]::new))
                    .update();
        }
        for (Digest.Stuck s : digest.stuck()) {
            reported(s.invoiceId(), STUCK, s.state());
        }
        for (Digest.Deadline d : digest.deadlines()) {
            reported(d.invoiceId(), DEADLINE, d.state(digest.at()));
        }
        log.info("Finance digest mailed to {}: {}", settings.financeTo(), digest.subject());
    }

    /** No mail server configured: the digest goes to the log only, and everything stays pending. */
    public void logged(Digest digest) {
        log.info("Finance digest NOT mailed (no hub.notify.smtp.host or hub.notify.finance-to); alerts stay unsent.\n{}\n{}",
                digest.subject(), digest.text());
    }

    private void reported(UUID invoiceId, String kind, String state) {
        jdbc.sql("""
                        INSERT INTO finance_alert_report (invoice_id, kind, state, reported_at) VALUES (?, ?, ?, now())
                        ON CONFLICT (invoice_id, kind) DO UPDATE SET state = excluded.state, reported_at = excluded.reported_at""")
                .params(invoiceId, kind, state).update();
    }

    private String sellerName(String sellerId) {
        return sellers.find(sellerId).map(Seller::name).orElse(null);
    }
}
