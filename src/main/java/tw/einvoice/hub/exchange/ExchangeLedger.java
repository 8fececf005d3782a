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
