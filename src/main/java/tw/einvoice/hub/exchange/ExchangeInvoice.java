package tw.einvoice.hub.exchange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One invoice of the exchange: a sale (we sent the A0101) or a purchase (another business sent it to us).
 *
 * @param status     {@code PENDING} (no answer yet), {@code CONFIRMED}, {@code REJECTED}, or {@code CANCELLED} (an A0201
 *                   answered with A0202)
 * @param reason     the rejection's reason, or why a purchase waits for a person
 * @param answerType the answer's message: A0102 (confirmed) or A0301 (rejected)
 */
public record ExchangeInvoice(UUID id, Direction direction, String sellerId, String sellerName, String buyerId,
                              String buyerName, String invoiceNumber, LocalDate invoiceDate, BigDecimal totalAmount,
                              BigDecimal taxAmount, String status, String reason, String answerType,
                              OffsetDateTime answerDue, OffsetDateTime createdAt, OffsetDateTime answeredAt,
                              String answeredBy) {

    public enum Direction { SALE, PURCHASE }

    public static final String PENDING = "PENDING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String REJECTED = "REJECTED";
    public static final String CANCELLED = "CANCELLED";

    /** Our side's BAN: the seller of a sale, the buyer of a purchase. */
    public String ourBan() {
        return direction == Direction.SALE ? sellerId : buyerId;
    }
}
