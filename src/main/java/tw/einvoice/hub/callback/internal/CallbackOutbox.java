package tw.einvoice.hub.callback.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStatusChanged;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The durable outbox. Recording is a synchronous listener of the ledger's status change, so the row is written
 * in the transaction that made the change: a rolled-back change records nothing, a committed one exactly one row.
 */
@Component
class CallbackOutbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final CallbackSettings settings;
    private final Set<InvoiceStatus> outcomes;

    CallbackOutbox(JdbcClient jdbc, CallbackSettings settings,
                   @Value("${hub.callback.statuses:ISSUED,CONFIRMED,REJECTED,CANCELLED,VOIDED}") Set<InvoiceStatus> outcomes) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.outcomes = outcomes;
    }

    @EventListener
    void on(InvoiceStatusChanged change) {
        if (!outcomes.contains(change.to()) || settings.sink(change.connector()).isEmpty()) {
            return; // no sink for this source (e.g. the REST API's callers ask instead): nothing to push
        }
        String key = (change.invoiceNumber() != null ? change.invoiceNumber() : change.invoiceId().toString())
                + ":" + change.to().name();
        boolean rejected = change.to() == InvoiceStatus.REJECTED;
        ObjectNode payload = JSON.createObjectNode()
                .put("invoiceId", change.invoiceId().toString())
                .put("invoiceNumber", change.invoiceNumber())
                .put("randomCode", change.randomCode())
                .put("status", change.to().name())
                .put("previousStatus", change.from() == null ? null : change.from().name())
                // the platform's code is only news with a rejection; otherwise it may be a stale earlier one
                .put("errorCode", rejected ? change.platformCode() : null)
                .put("errorMessage", rejected ? change.platformMessage() : null)
                .put("connector", change.connector())
                .put("sourceRef", change.sourceRef())
                .put("sellerId", change.sellerId())
                .put("occurredAt", OffsetDateTime.now().toString())
                .put("idempotencyKey", key);
        jdbc.sql("""
                        INSERT INTO callback_outbox (invoice_id, connector, source_ref, status, idempotency_key, payload)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(change.invoiceId(), change.connector(), change.sourceRef(), change.to().name(), key,
                        payload.toString())
                .update();
    }

    /**
     * A purchase invoice received through the B2B exchange was stored or answered: pushed to the purchases'
     * connector's sink with {@code "kind": "PURCHASE"}, the exchange's id as invoiceId, and the seller's BAN and
     * number (what an ERP books a purchase under) in place of a sourceRef.
     */
    @EventListener
    void on(tw.einvoice.hub.exchange.PurchaseInvoiceChanged change) {
        if (change.connector() == null || settings.sink(change.connector()).isEmpty()) {
            return;
        }
        String key = "P" + change.sellerId() + change.invoiceNumber() + ":" + change.status();
        ObjectNode payload = JSON.createObjectNode()
                .put("kind", "PURCHASE")
                .put("invoiceId", change.id().toString())
                .put("invoiceNumber", change.invoiceNumber())
                .put("invoiceDate", change.invoiceDate())
                .put("sellerId", change.sellerId())
                .put("buyerId", change.buyerId())
                .put("totalAmount", change.totalAmount())
                .put("status", change.status())
                .put("reason", change.reason())
                .put("connector", change.connector())
                .put("occurredAt", OffsetDateTime.now().toString())
                .put("idempotencyKey", key);
        jdbc.sql("""
                        INSERT INTO callback_outbox (invoice_id, connector, source_ref, status, idempotency_key, payload)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(change.id(), change.connector(), change.sellerId() + "-" + change.invoiceNumber(),
                        change.status(), key, payload.toString())
                .update();
    }

    /**
     * Takes up to {@code limit} due callbacks by pushing their next attempt a lease ahead, so another node (or
     * this one's next tick) leaves them alone while they are being delivered; a node that dies mid-delivery
     * only delays them by the lease. An invoice's later outcome waits until its earlier ones are delivered,
     * so a sink never sees CONFIRMED before ISSUED.
     */
    List<Callback> claimDue(int limit, Duration lease) {
        return jdbc.sql("""
                        UPDATE callback_outbox SET next_attempt_at = now() + make_interval(secs => ?)
                        WHERE id IN (
                            SELECT o.id FROM callback_outbox o
                            WHERE o.delivered_at IS NULL AND o.next_attempt_at <= now()
                              AND NOT EXISTS (SELECT 1 FROM callback_outbox p
                                              WHERE p.invoice_id = o.invoice_id AND p.id < o.id AND p.delivered_at IS NULL)
                            ORDER BY o.id LIMIT ?
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id, invoice_id, connector, source_ref, status, idempotency_key, payload::text AS payload, attempts""")
                .params((double) lease.toMillis() / 1000, limit)
                .query((rs, n) -> new Callback(rs.getLong("id"), rs.getObject("invoice_id", UUID.class),
                        rs.getString("connector"), rs.getString("source_ref"), rs.getString("status"),
                        rs.getString("idempotency_key"), read(rs.getString("payload")), rs.getInt("attempts")))
                .list()
                .stream().sorted(java.util.Comparator.comparingLong(Callback::id)).toList();
    }

    void delivered(long id) {
        jdbc.sql("UPDATE callback_outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ?")
                .param(id).update();
    }

    /** Gives a claimed callback back untried, due again in {@code retryIn}: its attempts and error stay as they were. */
    void postpone(long id, Duration retryIn) {
        jdbc.sql("UPDATE callback_outbox SET next_attempt_at = now() + make_interval(secs => ?) WHERE id = ? AND delivered_at IS NULL")
                .params((double) retryIn.toMillis() / 1000, id).update();
    }

    /** Notes the failure and when to try again; true exactly once, on the failure that reaches the alert threshold. */
    boolean failed(long id, Duration retryIn, String error, int alertAfter) {
        return jdbc.sql("""
                        UPDATE callback_outbox SET attempts = attempts + 1, last_error = ?,
                            next_attempt_at = now() + make_interval(secs => ?),
                            alerted_at = CASE WHEN alerted_at IS NULL AND attempts + 1 >= ? THEN now() ELSE alerted_at END
                        WHERE id = ?
                        RETURNING attempts = ?""")
                .params(error, (double) retryIn.toMillis() / 1000, alertAfter, id, alertAfter)
                .query(Boolean.class).optional().orElse(false);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("callback_outbox payload is not JSON", e);
        }
    }
}
