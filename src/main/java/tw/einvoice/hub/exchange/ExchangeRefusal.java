package tw.einvoice.hub.exchange;

import java.time.OffsetDateTime;

/** An inbound exchange message the hub refused, with why; it was not stored as a purchase invoice. */
public record ExchangeRefusal(long id, String fileName, String messageType, String reason, OffsetDateTime createdAt) {
}
