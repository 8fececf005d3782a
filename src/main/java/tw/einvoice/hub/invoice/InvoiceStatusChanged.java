package tw.einvoice.hub.invoice;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Published by {@link InvoiceStore} after a status change was written, inside the same transaction: a
 * synchronous listener that writes to the database commits or rolls back together with the change.
 *
 * @param from          null only for the first RECEIVED
 * @param platformCode  the platform's error code noted on the invoice (REJECTED), else null
 * @param fromSince     when the invoice entered {@code from}, where the store had it at hand (RECEIVED: its creation),
 *                      else null
 */
public record InvoiceStatusChanged(UUID invoiceId, String connector, String sourceRef, String sellerId,
                                   String invoiceNumber, String randomCode, InvoiceStatus from, InvoiceStatus to,
                                   String platformCode, String platformMessage, String reason, OffsetDateTime fromSince) {

    public InvoiceStatusChanged(UUID invoiceId, String connector, String sourceRef, String sellerId, String invoiceNumber,
                                String randomCode, InvoiceStatus from, InvoiceStatus to, String platformCode,
                                String platformMessage, String reason) {
        this(invoiceId, connector, sourceRef, sellerId, invoiceNumber, randomCode, from, to, platformCode,
                platformMessage, reason, null);
    }
}
