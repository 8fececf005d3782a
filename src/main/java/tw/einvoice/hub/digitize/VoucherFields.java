package tw.einvoice.hub.digitize;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a voucher is read for; any may be null when not found. Amounts are whole NT$.
 *
 * @param sellerId the issuer's BAN (賣方)
 * @param buyerId  the buyer's BAN (買方), null for a consumer voucher
 */
public record VoucherFields(String invoiceNumber, LocalDate date, String sellerId, String buyerId,
                            Long salesAmount, Long taxAmount, Long totalAmount) {

    public static final String INVOICE_NUMBER = "invoiceNumber";
    public static final String DATE = "date";
    public static final String SELLER_ID = "sellerId";
    public static final String BUYER_ID = "buyerId";
    public static final String SALES_AMOUNT = "salesAmount";
    public static final String TAX_AMOUNT = "taxAmount";
    public static final String TOTAL_AMOUNT = "totalAmount";

    /** In the order a reviewer reads them off the paper. */
    public static final List<String> NAMES = List.of(INVOICE_NUMBER, DATE, SELLER_ID, BUYER_ID, SALES_AMOUNT, TAX_AMOUNT, TOTAL_AMOUNT);

    public static final VoucherFields NONE = new VoucherFields(null, null, null, null, null, null, null);

    /** Field name → value as text (date yyyy-MM-dd), nulls kept, in {@link #NAMES} order. */
    public Map<String, String> asText() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(INVOICE_NUMBER, invoiceNumber);
        map.put(DATE, date == null ? null : date.toString());
        map.put(SELLER_ID, sellerId);
        map.put(BUYER_ID, buyerId);
        map.put(SALES_AMOUNT, salesAmount == null ? null : salesAmount.toString());
        map.put(TAX_AMOUNT, taxAmount == null ? null : taxAmount.toString());
        map.put(TOTAL_AMOUNT, totalAmount == null ? null : totalAmount.toString());
        return map;
    }

    /**
     * The fields from their text form, as a reviewer types them.
     *
     * @throws IllegalArgumentException naming the field and why its text is not a value
     */
    public static VoucherFields fromText(Map<String, String> text) {
        return new VoucherFields(
                blankToNull(text.get(INVOICE_NUMBER)) == null ? null : text.get(INVOICE_NUMBER).trim().replace("-", "").toUpperCase(),
                parseDate(text.get(DATE)),
                blankToNull(text.get(SELLER_ID)),
                blankToNull(text.get(BUYER_ID)),
                parseAmount(SALES_AMOUNT, text.get(SALES_AMOUNT)),
                parseAmount(TAX_AMOUNT, text.get(TAX_AMOUNT)),
                parseAmount(TOTAL_AMOUNT, text.get(TOTAL_AMOUNT)));
    }

    /** This voucher with one field replaced by a reviewer's text. */
    public VoucherFields with(String field, String value) {
        Map<String, String> text = asText();
        if (!text.containsKey(field)) {
            throw new IllegalArgumentException(field + ": no such voucher field; the fields are " + NAMES);
        }
        text.put(field, value);
        return fromText(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static LocalDate parseDate(String s) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(DATE + ": '" + s + "' is not a date yyyy-MM-dd");
        }
    }

    private static Long parseAmount(String field, String s) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            long value = Long.parseLong(s.trim().replace(",", ""));
            if (value < 0) {
                throw new IllegalArgumentException(field + ": " + s + " is negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + s + "' is not a whole amount");
        }
    }
}
