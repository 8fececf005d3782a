package tw.einvoice.hub.exchange;

import java.util.UUID;

/**
 * A purchase invoice received through the exchange was stored or answered; published inside the change's
 * transaction, so a listener's record (the callback outbox) exists exactly when the change was committed.
 *
 * @param connector the result sink's connector for purchases ({@code hub.exchange.callback-connector}), or null
 * @param status    PENDING (stored, waits for a person), CONFIRMED or REJECTED
 */
public record PurchaseInvoiceChanged(UUID id, String connector, String sellerId, String buyerId, String invoiceNumber,
                                     String invoiceDate, String totalAmount, String status, String reason) {
}
