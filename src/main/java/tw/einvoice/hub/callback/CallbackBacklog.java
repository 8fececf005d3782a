package tw.einvoice.hub.callback;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the outbox holds, per connector: outcomes waiting for their first try, outcomes whose sink refused them (with
 * the last error, retried with backoff), and those delivered; and the latest failing items. For people (the
 * console); the dispatcher keeps its own queries.
 */
@Service
public class CallbackBacklog {

    private final JdbcClient jdbc;

    CallbackBacklog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Counts(String connector, long pending, long failing, long delivered, OffsetDateTime lastDelivered) {
    }

    public record Failing(long id, UUID invoiceId, String connector, String sourceRef, String status, int attempts,
                          String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime createdAt) {
    }

    public List<Counts> counts() {
        return jdbc.sql("""
                        SELECT connector,
                               count(*) FILTER (WHERE delivered_at IS NULL AND attempts = 0),
                               count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0),
                               count(*) FILTER (WHERE delivered_at IS NOT NULL),
                               max(delivered_at)
                        FROM callback_outbox GROUP BY connector ORDER BY connector""")
                .query((rs, n) -> new Counts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    /** Undelivered outcomes that have failed at least once, the most recently created first. */
    public List<Failing> failing(int limit) {
        return jdbc.sql("""
                        SELECT id, invoice_id, connector, source_ref, status, attempts, last_error, next_attempt_at, created_at
                        FROM callback_outbox WHERE delivered_at IS NULL AND attempts > 0 ORDER BY id DESC LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new Failing(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
    }
}
