package tw.einvoice.hub.mig;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * G0501: cancels an allowance.
 *
 * @param allowanceType 1 (buyer-issued) or 2 (seller-issued); null means 2, the only type G0401 4.1 issues
 * @param buyerId       a BAN, or {@code 0000000000} (null means consumer)
 */
public record CancelAllowanceData(String allowanceNumber, String allowanceType, LocalDate allowanceDate,
                                  String buyerId, String sellerId, LocalDate cancelDate, LocalTime cancelTime,
                                  String reason, String remark) {
}
