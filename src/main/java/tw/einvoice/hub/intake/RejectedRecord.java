package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A record intake refused, kept with its original payload until it is corrected and replayed. */
public record RejectedRecord(long id, String connector, String sourceRef, String mapping, String sellerId,
                             Status status, JsonNode originalPayload, JsonNode payload, JsonNode violations,
                             int attempts, UUID invoiceId, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                             List<Event> events) {

    public enum Status { OPEN, REPLAYED, DISCARDED }

    /** One step in the record's life: rejected, corrected, replayed. */
    public record Event(String action, String actor, JsonNode payload, JsonNode violations, UUID invoiceId,
                        OffsetDateTime at) {
    }
}
