package tw.einvoice.hub.invoice;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One MIG message made for an invoice (F0401, F0501 …) on its way through Turnkey.
 * {@code identifier} is Turnkey's INVOICE_IDENTIFIER: message type + reference + date.
 */
public record InvoiceMessage(UUID id, UUID invoiceId, String messageType, String sellerId, String reference,
                             String messageDate, String identifier, String fileName, String xml, Status status,
                             String turnkeyStatus, String errorCode, String errorMessage, OffsetDateTime createdAt,
                             OffsetDateTime sentAt, OffsetDateTime resultAt) {

    public enum Status { RENDERED, SENT, CONFIRMED, REJECTED }
}
