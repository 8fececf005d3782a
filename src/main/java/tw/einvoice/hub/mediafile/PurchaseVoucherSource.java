package tw.einvoice.hub.mediafile;

import java.time.YearMonth;
import java.util.List;

/**
 * Where approved purchase vouchers come from. The hub has none of its own: voucher digitisation provides a bean;
 * without one the media file holds sales only and its report says so.
 */
@FunctionalInterface
public interface PurchaseVoucherSource {

    /** No purchase vouchers at all: used when the application defines no source. */
    PurchaseVoucherSource NONE = (sellerId, firstMonth) -> List.of();

    /** The approved vouchers the seller declares in the period starting with {@code firstMonth}. */
    List<Purchase> approvedFor(String sellerId, YearMonth firstMonth);
}
