package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.rules.Violation;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rejected records and their event trail. A record rejected again while still open updates the
 * same row (one open record per source reference) and adds an event, so nothing is lost and
 * finance sees one item to fix.
 * <p>
 * Storing a rejection must not fail on what was rejected: a key its column cannot hold is left out of the row
 * (connector {@link IntakeKeys#NO_CONNECTOR}, no sourceRef or seller) while the payload keeps it, and payloads go
 * through {@link PayloadColumn}.
 */
@Repository
class RejectedRecordStore {

    private final JdbcClient jdbc;

    RejectedRecordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    long reject(Long replayOf, String connector, String sourceRef, String mapping, String sellerId, JsonNode payload,
                List<Violation> violations, String actor) {
        String violationsJson = InvoiceJson.text(violations);
        String payloadJson = PayloadColumn.write(payload);
        String conn = IntakeKeys.usableConnector(connector) ? connector : IntakeKeys.NO_CONNECTOR;
        String ref = IntakeKeys.usableSourceRef(sourceRef) ? sourceRef : null;
        String seller = IntakeKeys.keptSellerId(sellerId);
        Long id = replayOf;
        if (id != null) {
            jdbc.sql("""
                    UPDATE rejected_record SET payload = ?::jsonb, violations = ?::jsonb, attempts = attempts + 1,
                        seller_id = coalesce(?, seller_id), updated_at = now() WHERE id = ?""")
                    .params(payloadJson, violationsJson, seller, id).update();
        } else {
            id = jdbc.sql("""
                            INSERT INTO rejected_record (connector, source_ref, mapping, seller_id, status, original_payload,
                                payload, violations)
                            VALUES (?, ?, ?, ?, 'OPEN', ?::jsonb, ?::jsonb, ?::jsonb)
                            ON CONFLICT (connector, source_ref) WHERE status = 'OPEN' AND source_ref IS NOT NULL
                            DO UPDATE SET payload = excluded.payload, violations = excluded.violations,
                                attempts = rejected_record.attempts + 1, updated_at = now()
                            RETURNING id""")
                    .params(conn, ref, mapping, seller, payloadJson, payloadJson, violationsJson)
                    .query(Long.class).single();
        }
        event(id, "REJECTED", actor, payloadJson, violationsJson, null);
        return id;
    }

    @Transactional
    void correct(long id, JsonNode payload, String actor) {
        String payloadJson = PayloadColumn.write(payload);
        jdbc.sql("UPDATE rejected_record SET payload = ?::jsonb, updated_at = now() WHERE id = ?")
                .params(payloadJson, id).update();
        event(id, "CORRECTED", actor, payloadJson, null, null);
    }

    /** Which of these source references of a connector have an open rejected record. */
    List<String> openSourceRefs(String connector, java.util.Collection<String> sourceRefs) {
        return jdbc.sql("SELECT source_ref FROM rejected_record WHERE connector = ? AND source_ref = ANY(?) AND status = 'OPEN'")
                .params(connector, sourceRefs.toArray(String[]::new)).query(String.class).list();
    }

    /** Closes open records for these source references: the invoice now exists. */
    @Transactional
    void resolve(Long replayOf, String connector, String sourceRef, UUID invoiceId, String actor) {
        List<Long> ids = replayOf != null ? List.of(replayOf) : jdbc.sql("""
                        SELECT id FROM rejected_record WHERE connector = ? AND source_ref = ? AND status = 'OPEN'""")
                .params(connector, sourceRef).query(Long.class).list();
        for (Long id : ids) {
            int n = jdbc.sql("""
                            UPDATE rejected_record SET status = 'REPLAYED', invoice_id = ?, updated_at = now()
                            WHERE id = ? AND status = 'OPEN'""")
                    .params(invoiceId, id).update();
            if (n == 1) {
                event(id, "REPLAYED", actor, null, null, invoiceId);
            }
        }
    }

    @Transactional
    boolean discard(long id, String actor) {
        int n = jdbc.sql("UPDATE rejected_record SET status = 'DISCARDED', updated_at = now() WHERE id = ? AND status = 'OPEN'")
                .param(id).update();
        if (n == 1) {
            event(id, "DISCARDED", actor, null, null, null);
        }
        return n == 1;
    }

    Optional<RejectedRecord> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(row(true)).optional();
    }

    List<RejectedRecord> list(RejectedRecord.Status status, String connector, Collection<String> sellerIds,
                              int limit, long afterId) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE id > ?");
        var params = new java.util.ArrayList<Object>();
        params.add(afterId);
        narrow(sql, params, status, connector, sellerIds);
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(row(false)).list();
    }

    /** Newest first, before {@code beforeId} when given; {@code branchIds} null means every branch of the sellers. */
    List<RejectedRecord> newest(RejectedRecord.Status status, String connector, Collection<String> sellerIds,
                                Collection<String> branchIds, int limit, Long beforeId) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE TRUE");
        var params = new java.util.ArrayList<Object>();
        if (beforeId != null) {
            sql.append(" AND id < ?");
            params.add(beforeId);
        }
        narrow(sql, params, status, connector, sellerIds);
        if (branchIds != null) {
            sql.append(" AND payload->>'branchId' = ANY(?)");
            params.add(branchIds.toArray(String[]::new));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(row(false)).list();
    }

    private static void narrow(StringBuilder sql, List<Object> params, RejectedRecord.Status status, String connector,
                               Collection<String> sellerIds) {
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.name());
        }
        if (connector != null) {
            sql.append(" AND connector = ?");
            params.add(connector);
        }
        if (sellerIds != null) {
            sql.append(" AND seller_id = ANY(?)");
            params.add(sellerIds.toArray(String[]::new));
        }
    }

    private void event(long id, String action, String actor, String payloadJson, String violationsJson, UUID invoiceId) {
        jdbc.sql("""
                        INSERT INTO rejected_record_event (record_id, action, actor, payload, violations, invoice_id)
                        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?)""")
                .params(id, action, actor, payloadJson, violationsJson, invoiceId)
                .update();
    }

    private List<RejectedRecord.Event> events(long id) {
        return jdbc.sql("""
                        SELECT action, actor, payload::text, violations::text, invoice_id, at
                        FROM rejected_record_event WHERE record_id = ? ORDER BY id""")
                .param(id)
                .query((rs, n) -> new RejectedRecord.Event(rs.getString(1), rs.getString(2), PayloadColumn.read(rs.getString(3)),
                        InvoiceJson.tree(rs.getString(4)), rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    private static final String SELECT = """
            SELECT id, connector, source_ref, mapping, seller_id, status, original_payload::text, payload::text,
                violations::text, attempts, invoice_id, created_at, updated_at FROM rejected_record""";

    private RowMapper<RejectedRecord> row(boolean withEvents) {
        return (rs, n) -> {
            long id = rs.getLong(1);
            return new RejectedRecord(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    RejectedRecord.Status.valueOf(rs.getString(6)), PayloadColumn.read(rs.getString(7)), PayloadColumn.read(rs.getString(8)),
                    InvoiceJson.tree(rs.getString(9)), rs.getInt(10), rs.getObject(11, UUID.class),
                    rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class),
                    withEvents ? events(id) : List.of());
        };
    }


}
