package tw.einvoice.hub.mig;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * F0501 作廢: cancels an issued invoice within its period.
 *
 * @param buyerId a BAN, or {@code 0000000000} (null means consumer)
 * @param reason  1–20 characters
 */
public record CancelInvoiceData(String invoiceNumber, LocalDate invoiceDate, String buyerId, String sellerId,
                                LocalDate cancelDate, LocalTime cancelTime, String reason,
                                String returnTaxDocumentNumber, String remark) {
}
