package tw.einvoice.hub.invoice;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One ledger row: the canonical document plus where it stands in its lifecycle. {@code confirmedBy} says who
 * confirmed its F0401: {@code platform} (the MOF, read from Turnkey's database) or {@code simulator}.
 */
public record StoredInvoice(UUID id, String connector, String sourceRef, String sellerId, String branchId,
                            String invoiceNumber, String randomCode, InvoiceStatus status, String platformCode,
                            String platformMessage, CanonicalInvoice document, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, String confirmedBy) {

    /** Whether the invoice has been handed to Turnkey for upload (it may since have been answered). */
    public boolean uploaded() {
        return switch (status) {
            case SENT, CONFIRMED, REJECTED, CANCELLED, VOIDED -> true;
            default -> false;
        };
    }

    /** Whether the platform confirmed it (Turnkey status C). */
    public boolean confirmed() {
        return status == InvoiceStatus.CONFIRMED;
    }
}
