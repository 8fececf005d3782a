package tw.einvoice.hub.digitize;

import java.time.LocalDate;

/**
 * An approved purchase voucher, as the 401 media file needs it.
 *
 * @param sellerId        our BAN, the buyer on the voucher
 * @param invoiceNumber   track and number, e.g. AB12345678
 * @param counterpartBan  the BAN of the business that issued the voucher
 * @param taxType         "1" taxable (the only kind read today)
 * @param voucherKind     purchase format code of the MOF's 401 layout: "21" three-part, "22" two-part/cash register,
 *                        "25" e-invoice
 */
public record ApprovedVoucher(String sellerId, String invoiceNumber, LocalDate date, String counterpartBan,
                              long salesAmount, long taxAmount, String taxType, String voucherKind) {
}
