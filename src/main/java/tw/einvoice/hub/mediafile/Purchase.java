package tw.einvoice.hub.mediafile;

import java.time.LocalDate;

/**
 * One approved purchase voucher (進項憑證) of the seller, as the media file needs it.
 *
 * @param invoiceNumber  track and number, e.g. {@code AB12345678}
 * @param date           the voucher's date
 * @param sellerBan      the counterpart's (the supplier's) BAN
 * @param salesAmount    amount before tax, whole NTD
 * @param taxAmount      tax, whole NTD
 * @param taxType        {@code 1} taxable, {@code 2} zero-rated, {@code 3} exempt
 * @param kind           what kind of voucher it is, which decides its format code
 * @param deductionCode  扣抵代號 1–4 (1: deductible purchases and expenses)
 */
public record Purchase(String invoiceNumber, LocalDate date, String sellerBan, long salesAmount, long taxAmount,
                       String taxType, MediaFileLayout.PurchaseKind kind, String deductionCode) {
}
