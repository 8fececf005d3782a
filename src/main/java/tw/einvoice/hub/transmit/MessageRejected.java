package tw.einvoice.hub.transmit;

import java.util.UUID;

/** The platform (through Turnkey) refused a message; finance must correct and resend it. */
public record MessageRejected(UUID invoiceId, UUID messageId, String messageType, String reference, String sellerId,
                              String code, String message) {
}
