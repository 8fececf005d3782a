package tw.einvoice.hub.mig;

import java.time.LocalDate;
import java.util.List;

/**
 * The platform's daily SummaryResult (turnkey.md §2.1): per uploaded message type, what was received, accepted and
 * rejected. Read by {@link MigReader#readSummaryResult}, written by {@link MigWriter#summaryResult}.
 */
public record SummaryResult(String fromPartyId, String toPartyId, List<MessageSummary> messages) {

    public SummaryResult {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** @param id {@code Info/Id}, e.g. {@code X-F0401-20250301-101500-<uuid>} */
    public record MessageSummary(String id, String messageType, Count total, Count good, Count failed) {
    }

    /** A count and the documents it counts; {@code count} is as stated, which may exceed the listed invoices. */
    public record Count(int count, List<Invoice> invoices) {

        public Count {
            invoices = invoices == null ? List.of() : List.copyOf(invoices);
        }

        public static Count of(List<Invoice> invoices) {
            return new Count(invoices.size(), invoices);
        }
    }

    /** @param referenceNumber invoice or allowance number (10–16 characters) */
    public record Invoice(String referenceNumber, LocalDate invoiceDate) {
    }
}
