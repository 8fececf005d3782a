package tw.einvoice.hub.mediafile;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.digitize.ApprovedVoucher;
import tw.einvoice.hub.digitize.ApprovedVouchers;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

/**
 * The purchases of a period are the paper vouchers finance approved in the review (digitize). A voucher read by
 * digitize carries no deduction code (扣抵代號): it is declared as 1, deductible purchases and expenses, the code of
 * nearly every purchase; fixed assets or non-deductible purchases need the code corrected in the file's review.
 */
@Component
class ReviewedPurchaseVouchers implements PurchaseVoucherSource {

    static final String DEDUCTIBLE_PURCHASES_AND_EXPENSES = "1";

    private final ApprovedVouchers approved;

    ReviewedPurchaseVouchers(ApprovedVouchers approved) {
        this.approved = approved;
    }

    @Override
    public List<Purchase> approvedFor(String sellerId, YearMonth firstMonth) {
        return approved.forPeriod(sellerId, firstMonth).stream().map(ReviewedPurchaseVouchers::purchase).toList();
    }

    static Purchase purchase(ApprovedVoucher v) {
        return new Purchase(v.invoiceNumber(), v.date(), v.counterpartBan(), v.salesAmount(), v.taxAmount(), v.taxType(),
                kind(v.voucherKind()), DEDUCTIBLE_PURCHASES_AND_EXPENSES);
    }

    static MediaFileLayout.PurchaseKind kind(String formatCode) {
        return Arrays.stream(MediaFileLayout.PurchaseKind.values()).filter(k -> k.formatCode.equals(formatCode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("voucher kind " + formatCode + " is no purchase format code (21, 22, 25)"));
    }
}
