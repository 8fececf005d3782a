package tw.einvoice.hub.exchange;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.mig.ExchangeInvoiceData;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code exchange_invoice} and {@code exchange_refusal} tables. */
@Component
class ExchangeLedger {

    private static final String COLUMNS = """
            id, direction, seller_id, seller_name, buyer_id, buyer_name, invoice_number, invoice_date, total_amount,
            tax_amount, status, reason, answer_type, answer_due, created_at, answered_at, answered_by""";

    private static final RowMapper<ExchangeInvoice> ROW = (rs, i) -> new ExchangeInvoice(rs.getObject("id", UUID.class),
            ExchangeInvoice.Direction.valueOf(rs.getString("direction")), rs.getString("seller_id"),
            rs.getString("seller_name"), rs.getString("buyer_id"), rs.getString("buyer_name"),
            rs.getString("invoice_number"), rs.getObject("invoice_date", java.time.LocalDate.class),
            rs.getBigDecimal("total_amount"), rs.getBigDecimal("tax_amount"), rs.getString("status"),
            rs.getString("reason"), rs.getString("answer_type"), rs.getObject("answer_due", OffsetDateTime.class),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("answered_at", OffsetDateTime.class),
            rs.getString("answered_by"));

    private final JdbcClient jdbc;

    ExchangeLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the invoice unless this direction already has the seller's number; true when it was stored now. */
    boolean add(UUID id, ExchangeInvoice.Direction direction, ExchangeInvoiceData data, String status, String reason,
                String xml, OffsetDateTime answerDue) {
        return jdbc.sql("""
                        INSERT INTO exchange_invoice (id, direction, seller_id, seller_name, buyer_id, buyer_name,
                            invoice_number, invoice_date, total_amount, tax_amount, status, reason, xml, answer_due)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (direction, seller_id, invoice_number) DO NOTHING""")
                .params(id, direction.name(), data.sellerId(), cut(data.sellerName(), 60), data.buyerId(),
                        cut(data.buyerName(), 60), data.invoiceNumber(), data.invoiceDate(), data.totalAmount(),
                        data.taxAmount(), status, cut(reason, 200), xml, answerDue)
                .update() == 1;
    }

    Optional<ExchangeInvoice> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM exchange_invoice WHERE id = ?").param(id).query(ROW).optional();
    }

    Optional<ExchangeInvoice> find(ExchangeInvoice.Direction direction, String sellerId, String invoiceNumber) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM exchange_invoice WHERE direction = ? AND seller_id = ? "
                        + "AND invoice_number = ?")
                .params(direction.name(), sellerId, invoiceNumber).query(ROW).optional();
    }

    /** Newest first; {@code bans} null for every seller of ours. */
    List<ExchangeInvoice> list(ExchangeInvoice.Direction direction, String status, List<String> bans, int limit) {
        String side = direction == ExchangeInvoice.Direction.SALE ? "seller_id" : "buyer_id";
        return jdbc.sql("SELECT " + COLUMNS + " FROM exchange_invoice WHERE direction = :direction"
                        + (status == null ? "" : " AND status = :status")
                        + (bans == null ? "" : " AND " + side + " IN (:bans)")
                        + " ORDER BY created_at DESC, id LIMIT :limit")
                .param("direction", direction.name()).param("status", status == null ? "" : status)
                .param("bans", bans == null ? List.of("") : bans).param("limit", limit)
                .query(ROW).list();
    }

    String xml(UUID id) {
        return jdbc.sql("SELECT xml FROM exchange_invoice WHERE id = ?").param(id).query(String.class).single();
    }

    /** Records the answer while the invoice is PENDING; false when it had been answered already. */
    boolean answer(UUID id, String status, String reason, String answerType, String answerXml, String actor,
                   OffsetDateTime at) {
        return jdbc.sql("""
                        UPDATE exchange_invoice SET status = ?, reason = ?, answer_type = ?, answer_xml = ?,
                            answered_at = ?, answered_by = ?
                        WHERE id = ? AND status = 'PENDING'""")
                .params(status, cut(reason, 200), answerType, answerXml, at, cut(actor, 100), id).update() == 1;
    }

    /** Our answers recorded but not yet in UpCast (a stop between the commit and the write). */
    List<UUID> answersToWrite() {
        return jdbc.sql("""
                        SELECT id FROM exchange_invoice
                        WHERE direction = 'PURCHASE' AND answer_xml IS NOT NULL AND NOT answer_written""")
                .query(UUID.class).list();
    }

    record Answer(String type, String sellerId, String invoiceNumber, String xml) {
    }

    Optional<Answer> unwrittenAnswer(UUID id) {
        return jdbc.sql("""
                        SELECT answer_type, seller_id, invoice_number, answer_xml FROM exchange_invoice
                        WHERE id = ? AND answer_xml IS NOT NULL AND NOT answer_written""")
                .param(id).query((rs, i) -> new Answer(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).optional();
    }

    void answerWritten(UUID id) {
        jdbc.sql("UPDATE exchange_invoice SET answer_written = true WHERE id = ?").param(id).update();
    }

    /** Marks the unanswered sales past their deadline as alerted; returns those marked now (each only once). */
    List<ExchangeInvoice> claimOverdue(OffsetDateTime asOf) {
        return jdbc.sql("""
                        UPDATE exchange_invoice SET overdue_alerted = now()
                        WHERE direction = 'SALE' AND status = 'PENDING' AND overdue_alerted IS NULL AND answer_due < ?
                        RETURNING\s""" + COLUMNS)
                .param(asOf).query(ROW).list();
    }

    // ---- exchange_adjustment: A0201, B0101, B0201 and their answers ----

    record Adjustment(UUID id, ExchangeInvoice.Direction direction, String messageType, String sellerId,
                      String buyerId, String reference, java.time.LocalDate referenceDate, String invoiceNumber,
                      String status, String answerType, OffsetDateTime answerDue, boolean cancelled) {
    }

    private static final String ADJUSTMENT_COLUMNS = """
            id, direction, message_type, seller_id, buyer_id, reference, reference_date, invoice_number, status,
            answer_type, answer_due, cancelled""";

    private static final RowMapper<Adjustment> ADJUSTMENT = (rs, i) -> new Adjustment(rs.getObject("id", UUID.class),
            ExchangeInvoice.Direction.valueOf(rs.getString("direction")), rs.getString("message_type"),
            rs.getString("seller_id"), rs.getString("buyer_id"), rs.getString("reference"),
            rs.getObject("reference_date", java.time.LocalDate.class), rs.getString("invoice_number"),
            rs.getString("status"), rs.getString("answer_type"), rs.getObject("answer_due", OffsetDateTime.class),
            rs.getBoolean("cancelled"));

    /** Stores the adjustment unless this direction has it already; true when it was stored now. */
    boolean addAdjustment(UUID id, ExchangeInvoice.Direction direction, tw.einvoice.hub.mig.ExchangeAdjustmentData data,
                          String invoiceNumber, String status, String reason, String xml, OffsetDateTime answerDue) {
        return jdbc.sql("""
                        INSERT INTO exchange_adjustment (id, direction, message_type, seller_id, buyer_id, reference,
                            reference_date, invoice_number, amount, tax, status, reason, xml, answer_due)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (direction, message_type, seller_id, reference) DO NOTHING""")
                .params(id, direction.name(), data.type().name(), data.sellerId(), data.buyerId(), data.reference(),
                        data.referenceDate(), invoiceNumber, data.amount(), data.tax(), status, cut(reason, 200), xml,
                        answerDue)
                .update() == 1;
    }

    Optional<Adjustment> adjustment(ExchangeInvoice.Direction direction, String messageType, String sellerId,
                                    String reference) {
        return jdbc.sql("SELECT " + ADJUSTMENT_COLUMNS + " FROM exchange_adjustment WHERE direction = ? "
                        + "AND message_type = ? AND seller_id = ? AND reference = ?")
                .params(direction.name(), messageType, sellerId, reference).query(ADJUSTMENT).optional();
    }

    /** The adjustments of one exchanged invoice (its cancel and allowances), oldest first. */
    List<Adjustment> adjustments(ExchangeInvoice.Direction direction, String sellerId, String invoiceNumber) {
        return jdbc.sql("SELECT " + ADJUSTMENT_COLUMNS + " FROM exchange_adjustment WHERE direction = ? "
                        + "AND seller_id = ? AND (invoice_number = ? OR reference IN (SELECT reference FROM "
                        + "exchange_adjustment WHERE direction = ? AND seller_id = ? AND invoice_number = ? "
                        + "AND message_type = 'B0101')) ORDER BY created_at, id")
                .params(direction.name(), sellerId, invoiceNumber, direction.name(), sellerId, invoiceNumber)
                .query(ADJUSTMENT).list();
    }

    /** Records the answer while the adjustment is PENDING; false when it had been answered already. */
    boolean answerAdjustment(UUID id, String answerType, String answerXml, String actor, OffsetDateTime at) {
        return jdbc.sql("""
                        UPDATE exchange_adjustment SET status = 'CONFIRMED', answer_type = ?, answer_xml = ?,
                            answered_at = ?, answered_by = ?
                        WHERE id = ? AND status = 'PENDING'""")
                .params(answerType, answerXml, at, cut(actor, 100), id).update() == 1;
    }

    /** A B0201 was answered: its allowance no longer counts. */
    void allowanceCancelled(ExchangeInvoice.Direction direction, String sellerId, String allowanceNumber) {
        jdbc.sql("""
                        UPDATE exchange_adjustment SET cancelled = true
                        WHERE direction = ? AND message_type = 'B0101' AND seller_id = ? AND reference = ?""")
                .params(direction.name(), sellerId, allowanceNumber).update();
    }

    /** The exchanged invoice was cancelled (the A0201 answered with A0202). */
    void invoiceCancelled(ExchangeInvoice.Direction direction, String sellerId, String invoiceNumber, String reason) {
        jdbc.sql("""
                        UPDATE exchange_invoice SET status = 'CANCELLED', reason = ?
                        WHERE direction = ? AND seller_id = ? AND invoice_number = ?""")
                .params(cut(reason, 200), direction.name(), sellerId, invoiceNumber).update();
    }

    List<UUID> adjustmentAnswersToWrite() {
        return jdbc.sql("""
                        SELECT id FROM exchange_adjustment
                        WHERE direction = 'PURCHASE' AND answer_xml IS NOT NULL AND NOT answer_written""")
                .query(UUID.class).list();
    }

    Optional<Answer> unwrittenAdjustmentAnswer(UUID id) {
        return jdbc.sql("""
                        SELECT answer_type, seller_id, reference, answer_xml FROM exchange_adjustment
                        WHERE id = ? AND answer_xml IS NOT NULL AND NOT answer_written""")
                .param(id).query((rs, i) -> new Answer(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).optional();
    }

    void adjustmentAnswerWritten(UUID id) {
        jdbc.sql("UPDATE exchange_adjustment SET answer_written = true WHERE id = ?").param(id).update();
    }

    /** As {@link #claimOverdue} for the adjustments we sent. */
    List<Adjustment> claimOverdueAdjustments(OffsetDateTime asOf) {
        return jdbc.sql("""
                        UPDATE exchange_adjustment SET overdue_alerted = now()
                        WHERE direction = 'SALE' AND status = 'PENDING' AND overdue_alerted IS NULL AND answer_due < ?
                        RETURNING\s""" + ADJUSTMENT_COLUMNS)
                .param(asOf).query(ADJUSTMENT).list();
    }

    void refuse(String fileName, String messageType, String reason, String content) {
        jdbc.sql("INSERT INTO exchange_refusal (file_name, message_type, reason, content) VALUES (?, ?, ?, ?)")
                .params(cut(fileName, 300), messageType, reason, content).update();
    }

    List<ExchangeRefusal> refusals(int limit) {
        return jdbc.sql("""
                        SELECT id, file_name, message_type, reason, created_at FROM exchange_refusal
                        ORDER BY id DESC LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new ExchangeRefusal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).list();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
