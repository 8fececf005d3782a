package tw.einvoice.hub.invoice;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/** One audit line: who moved the invoice from which status to which, when and why. */
public record HistoryEntry(InvoiceStatus fromStatus, InvoiceStatus toStatus, String actor, String reason,
                           JsonNode detail, OffsetDateTime at) {
}
