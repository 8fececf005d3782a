package tw.einvoice.hub.mediafile;

import tw.einvoice.hub.mediafile.MediaFileLayout.Field;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Lays entries out as 81-byte ASCII records ({@link MediaFileLayout}), each followed by CRLF. A value that does not
 * fit its field is never cut: it is an error naming the record, the field and the value.
 */
public final class MediaFileWriter {

    /** After every record, the last included. */
    public static final String LINE_END = "\r\n";

    private static final int ROC_OFFSET = 1911;

    private MediaFileWriter() {
    }

    /** The file: the entries in order, numbered from 1. Throws when any value does not fit. */
    public static byte[] write(List<MediaEntry> entries, String taxRegistrationNo) {
        List<String> errors = new ArrayList<>();
        StringBuilder file = new StringBuilder(entries.size() * (MediaFileLayout.RECORD_LENGTH + 2));
        for (int i = 0; i < entries.size(); i++) {
            file.append(record(entries.get(i), i + 1, taxRegistrationNo, errors)).append(LINE_END);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("media file not written: " + String.join("; ", errors));
        }
        return file.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One record of exactly 81 characters; what does not fit is added to {@code errors} and written blank. */
    static String record(MediaEntry e, int sequence, String taxRegistrationNo, List<String> errors) {
        Map<Field, String> values = new EnumMap<>(Field.class);
        values.put(Field.FORMAT_CODE, e.formatCode());
        values.put(Field.TAX_REGISTRATION_NO, taxRegistrationNo);
        values.put(Field.SEQUENCE, Integer.toString(sequence));
        values.put(Field.ROC_YEAR, Integer.toString(e.date().getYear() - ROC_OFFSET));
        values.put(Field.MONTH, Integer.toString(e.date().getMonthValue()));
        values.put(Field.BUYER_BAN, e.buyerBan());
        values.put(Field.SELLER_BAN, e.sellerBan());
        values.put(Field.TRACK, e.track());
        values.put(Field.NUMBER, e.number());
        values.put(Field.SALES_AMOUNT, Long.toString(e.salesAmount()));
        values.put(Field.TAX_TYPE, e.taxType());
        values.put(Field.TAX_AMOUNT, Long.toString(e.taxAmount()));
        values.put(Field.DEDUCTION_CODE, e.deductionCode());
        values.put(Field.AGGREGATE_MARK, e.aggregateMark());
        values.put(Field.CUSTOMS_MARK, e.customsMark());
        StringBuilder record = new StringBuilder(MediaFileLayout.RECORD_LENGTH);
        for (Field f : Field.values()) {
            record.append(fit(f, values.get(f), e.label(), errors));
        }
        return record.toString();
    }

    static String fit(Field f, String value, String label, List<String> errors) {
        String v = value == null ? "" : value;
        String problem = null;
        if (v.length() > f.length) {
            problem = "is wider than its " + f.length + " positions";
        } else if (f.fill == MediaFileLayout.Fill.ZEROS && !allBetween(v, '0', '9')) {
            problem = "is not a whole non-negative number";
        } else if (!allBetween(v, ' ', '~')) {
            problem = "has characters outside printable ASCII";
        }
        if (problem != null) {
            errors.add(label + " " + name(f) + " '" + v + "' " + problem);
            return " ".repeat(f.length);
        }
        return f.fill == MediaFileLayout.Fill.ZEROS
                ? "0".repeat(f.length - v.length()) + v
                : v + " ".repeat(f.length - v.length());
    }

    private static boolean allBetween(String v, char low, char high) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < low || v.charAt(i) > high) {
                return false;
            }
        }
        return true;
    }

    /** {@code SALES_AMOUNT} → {@code sales amount (50-61)}. */
    static String name(Field f) {
        return f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + f.start + "-" + f.end() + ")";
    }
}
