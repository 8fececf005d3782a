package tw.einvoice.hub.invoice;

import java.util.UUID;

/**
 * A MIG message about to be stored for Turnkey.
 *
 * @param invoiceId   the invoice it is about; null for range messages (E0401, E0402)
 * @param reference   the invoice or allowance number, or the range it reports
 * @param messageDate the date Turnkey files it under (yyyyMMdd), or the period (yyyMM) for E0401/E0402
 * @param identifier  Turnkey's INVOICE_IDENTIFIER for the message, exactly as Turnkey writes it
 * @param fileName    its file name in UpCast
 * @param xml         the bare MIG document; its UTF-8 bytes are what Turnkey receives
 */
public record OutboundMessage(UUID invoiceId, String messageType, String sellerId, String reference,
                              String messageDate, String identifier, String fileName, String xml) {
}
