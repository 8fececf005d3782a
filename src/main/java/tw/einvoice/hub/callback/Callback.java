package tw.einvoice.hub.callback;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * One outcome to push to a source. {@code payload} is the JSON every sink sends or stores: invoiceId,
 * invoiceNumber, randomCode, status, previousStatus, errorCode, errorMessage, connector, sourceRef, sellerId,
 * occurredAt, idempotencyKey.
 *
 * @param idempotencyKey {@code <invoiceNumber or invoice id>:<status>}; the same outcome always has the same key,
 *                       so a receiver that saw it already can drop a repeat (a timeout after success retries)
 */
public record Callback(long id, UUID invoiceId, String connector, String sourceRef, String status,
                       String idempotencyKey, JsonNode payload, int attempts) {

    public String text(String field) {
        JsonNode v = payload.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
