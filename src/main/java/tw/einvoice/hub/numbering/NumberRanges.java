package tw.einvoice.hub.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Questions about the ranges a seller holds. */
@Service
public class NumberRanges {

    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");

    private final JdbcClient jdbc;

    NumberRanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code invoiceNumber} (e.g. AB12345678) lies in a range of the seller for the period. */
    public boolean covers(String sellerId, String period, String invoiceNumber) {
        return held(List.of(sellerId), List.of(period)).covers(sellerId, period, invoiceNumber);
    }

    /**
     * The ranges the sellers hold for the periods, in one query, for asking {@link Held#covers} about many numbers:
     * what they hold when this is called, not what they are given after it.
     */
    public Held held(Collection<String> sellerIds, Collection<String> periods) {
        Map<String, List<int[]>> ranges = new HashMap<>();
        if (!sellerIds.isEmpty() && !periods.isEmpty()) {
            jdbc.sql("""
                            SELECT seller_id, period, track, begin_no, end_no FROM number_range
                            WHERE seller_id IN (:sellers) AND period IN (:periods)""")
                    .param("sellers", List.copyOf(sellerIds)).param("periods", List.copyOf(periods))
                    .query(rs -> {
                        ranges.computeIfAbsent(Held.key(rs.getString(1), rs.getString(2), rs.getString(3)),
                                k -> new ArrayList<>()).add(new int[]{rs.getInt(4), rs.getInt(5)});
                    });
        }
        return new Held(ranges);
    }

    /** Ranges read by {@link #held}: by seller, period and track, each its first and last number. */
    public static final class Held {

        private final Map<String, List<int[]>> ranges;

        private Held(Map<String, List<int[]>> ranges) {
            this.ranges = ranges;
        }

        private static String key(String sellerId, String period, String track) {
            return sellerId + '|' + period + '|' + track;
        }

        /** Whether {@code invoiceNumber} (e.g. AB12345678) lies in a range read for the seller and period. */
        public boolean covers(String sellerId, String period, String invoiceNumber) {
            if (invoiceNumber == null || !INVOICE_NUMBER.matcher(invoiceNumber).matches()) {
                return false;
            }
            int number = Integer.parseInt(invoiceNumber, 2, invoiceNumber.length(), 10);
            for (int[] range : ranges.getOrDefault(key(sellerId, period, invoiceNumber.substring(0, 2)), List.of())) {
                if (range[0] <= number && number <= range[1]) {
                    return true;
                }
            }
            return false;
        }
    }
}
