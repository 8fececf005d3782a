package tw.einvoice.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The console's audit trail ({@code console_audit}, append-only): who did what to which target, with the state
 * before and after. Invoice changes are written to the invoice's own history by the services as well; this row
 * says that a person did it through the console, and covers what has no history (logins, passwords, users).
 */
@Service
public class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(String actor, String action, String target, String before, String after, String remoteAddr,
                        OffsetDateTime at) {
    }

    /** Records one action; {@code before} and {@code after} are any values Jackson writes (maps, records), or null. */
    public void record(String actor, String action, String target, Object before, Object after, String remoteAddr) {
        jdbc.sql("""
                        INSERT INTO console_audit (actor, action, target, before, after, remote_addr)
                        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?)""")
                // a failed login's user name is whatever was typed, NUL included, which PostgreSQL cannot store
                .params(tw.einvoice.hub.rules.InvoiceText.escape(actor), action, tw.einvoice.hub.rules.InvoiceText.escape(target),
                        json(before), json(after), remoteAddr)
                .update();
    }

    /** The latest entries of one actor (all actors when null), newest first. */
    public List<Entry> latest(String actor, int limit) {
        return jdbc.sql("""
                        SELECT actor, action, target, before::text, after::text, remote_addr, at FROM console_audit
                        WHERE (CAST(? AS text) IS NULL OR actor = ?) ORDER BY id DESC LIMIT ?""")
                .params(actor, actor, limit)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit value cannot be written as JSON: " + value.getClass().getSimpleName(), e);
        }
    }
}
