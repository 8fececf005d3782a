package tw.einvoice.hub.mig;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * One answer of the B2B exchange about one invoice: A0102 (the buyer received it), A0301 (the buyer rejects it),
 * A0302 (the seller acknowledges the rejection), A0202 (the buyer acknowledges a cancellation).
 *
 * @param date   the answer's own date: ReceiveDate, RejectDate or CancelDate
 * @param reason A0301's RejectReason (1–20 characters); ignored by the others
 */
public record ExchangeAnswerData(MigMessage type, String invoiceNumber, LocalDate invoiceDate, String buyerId,
                                 String sellerId, LocalDate date, LocalTime time, String reason, String remark) {
}
