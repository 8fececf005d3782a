package tw.einvoice.hub.invoice;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One MIG message made for an invoice (F0401, F0501 …) or a range (E0401, E0402) on its way through Turnkey.
 * {@code identifier} is the INVOICE_IDENTIFIER Turnkey writes for it; {@code seal} proves its bytes unaltered;
 * {@code confirmedBy} is who confirmed it: {@code platform} (the MOF, through Turnkey) or {@code simulator}.
 */
public record InvoiceMessage(UUID id, UUID invoiceId, String messageType, String sellerId, String reference,
                             String messageDate, String identifier, String fileName, String xml, Status status,
                             String turnkeyStatus, String errorCode, String errorMessage, OffsetDateTime createdAt,
                             OffsetDateTime sentAt, OffsetDateTime resultAt, ArchiveSeal seal, String confirmedBy) {

    public enum Status { RENDERED, SENT, CONFIRMED, REJECTED }
}
