package tw.einvoice.hub.mig;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * F0701 註銷: voids a stored invoice so the number can be re-issued.
 *
 * @param buyerId a BAN, or {@code 0000000000} (null means consumer)
 * @param reason  1–20 characters
 */
public record VoidInvoiceData(String invoiceNumber, LocalDate invoiceDate, String buyerId, String sellerId,
                              LocalDate voidDate, LocalTime voidTime, String reason, String remark) {
}
