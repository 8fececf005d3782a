package tw.einvoice.hub.digitize;

import tw.einvoice.hub.rules.Ban;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cross-checks that catch a misread digit: a BAN's checksum, tax = 5 % of sales within rounding, total = sales
 * + tax, the number's shape, a plausible date. Each failure names the field and the reason; nothing is repaired
 * here, because a guessed digit that happens to pass is worse than a flagged one a person fixes.
 */
public final class FieldChecks {

    /** Below this a field goes to review even when every check passes. */
    public static final double REVIEW_BELOW = 0.80;

    private static final Pattern NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");

    private FieldChecks() {
    }

    /** Field → reason for every field that fails a check, is missing, or was read with low confidence. */
    public static Map<String, String> flags(VoucherFields f, Map<String, Double> confidence, boolean buyerRequired) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (f.invoiceNumber() == null) {
            flags.put(VoucherFields.INVOICE_NUMBER, "not found");
        } else if (!NUMBER.matcher(f.invoiceNumber()).matches()) {
            flags.put(VoucherFields.INVOICE_NUMBER, "'" + f.invoiceNumber() + "' is not two letters and eight digits");
        }
        LocalDate on = f.date() == null ? LocalDate.now() : f.date();
        if (f.date() == null) {
            flags.put(VoucherFields.DATE, "not found");
        } else if (f.date().isAfter(LocalDate.now().plusDays(1)) || f.date().getYear() < 2000) {
            flags.put(VoucherFields.DATE, f.date() + " is not a plausible issue date");
        }
        ban(flags, VoucherFields.SELLER_ID, f.sellerId(), on, true);
        ban(flags, VoucherFields.BUYER_ID, f.buyerId(), on, buyerRequired);
        Long sales = f.salesAmount();
        Long tax = f.taxAmount();
        Long total = f.totalAmount();
        if (total == null) {
            flags.put(VoucherFields.TOTAL_AMOUNT, "not found");
        }
        if (sales == null) {
            flags.put(VoucherFields.SALES_AMOUNT, "not found");
        }
        if (tax == null) {
            flags.put(VoucherFields.TAX_AMOUNT, "not found");
        }
        if (sales != null && tax != null && total != null && sales + tax != total) {
            String reason = "sales " + sales + " + tax " + tax + " = " + (sales + tax) + ", not the total " + total;
            flags.putIfAbsent(VoucherFields.SALES_AMOUNT, reason);
            flags.putIfAbsent(VoucherFields.TAX_AMOUNT, reason);
            flags.putIfAbsent(VoucherFields.TOTAL_AMOUNT, reason);
        } else if (sales != null && tax != null && Math.abs(Math.round(sales * 0.05) - tax) > 1) {
            // either figure may be the misread one; the total agreeing with both does not settle which
            String reason = "tax " + tax + " is not 5 % of sales " + sales + " (" + Math.round(sales * 0.05) + ")";
            flags.putIfAbsent(VoucherFields.SALES_AMOUNT, reason);
            flags.putIfAbsent(VoucherFields.TAX_AMOUNT, reason);
            flags.putIfAbsent(VoucherFields.TOTAL_AMOUNT, reason);
        }
        confidence.forEach((field, c) -> {
            if (c < REVIEW_BELOW) {
                flags.putIfAbsent(field, String.format("read with confidence %.2f (below %.2f)", c, REVIEW_BELOW));
            }
        });
        return flags;
    }

    private static void ban(Map<String, String> flags, String field, String ban, LocalDate on, boolean required) {
        if (ban == null) {
            if (required) {
                flags.put(field, "not found");
            }
        } else if (!Ban.hasFormat(ban)) {
            flags.put(field, "'" + ban + "' is not eight digits");
        } else if (!Ban.isValid(ban, on)) {
            flags.put(field, ban + " fails the BAN checksum (a digit is misread)");
        }
    }
}
