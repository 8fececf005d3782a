package tw.einvoice.hub.carrier;

import java.time.OffsetDateTime;

/** A member of a seller with the member carrier the hub issues their invoices to. */
public record Member(long id, String sellerId, String source, String identity, String carrierType, String carrierId,
                     String hiddenCode, String email, String phone, OffsetDateTime createdAt) {
}
