package tw.einvoice.hub.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Questions about the ranges a seller holds. */
@Service
public class NumberRanges {

    private final JdbcClient jdbc;

    NumberRanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code invoiceNumber} (e.g. AB12345678) lies in a range of the seller for the period. */
    public boolean covers(String sellerId, String period, String invoiceNumber) {
        if (invoiceNumber == null || !invoiceNumber.matches("[A-Z]{2}\\d{8}")) {
            return false;
        }
        int number = Integer.parseInt(invoiceNumber.substring(2));
        return jdbc.sql("""
                        SELECT count(*) FROM number_range
                        WHERE seller_id = ? AND period = ? AND track = ? AND ? BETWEEN begin_no AND end_no""")
                .params(sellerId, period, invoiceNumber.substring(0, 2), number).query(Long.class).single() > 0;
    }
}
