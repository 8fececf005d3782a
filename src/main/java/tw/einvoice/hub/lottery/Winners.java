package tw.einvoice.hub.lottery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** The winners report for finance: a period's winning invoices of the given sellers, highest prize first. */
@Service
public class Winners {

    /**
     * One winning invoice. {@code source} NUMBERS: found by our matching; E0504: listed by the platform.
     * {@code told}: when the notice was queued (null: not yet); {@code note}: to whom, or why nobody.
     */
    public record Winner(String period, String sellerId, String invoiceNumber, String prize, long amount, String source,
                         String prizeType, OffsetDateTime foundAt, OffsetDateTime told, String note) {
    }

    private final JdbcClient jdbc;

    Winners(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Winner> of(String period, Collection<String> sellers) {
        if (sellers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT period, seller_id, invoice_number, prize, amount, source, prize_type, found_at, notice_queued_at, note
                        FROM lottery_winner WHERE period = ? AND seller_id = ANY (?)
                        ORDER BY amount DESC, seller_id, invoice_number, source = 'E0504'""")
                .params(period, sellers.toArray(String[]::new))
                .query((rs, n) -> new Winner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                        rs.getString(10)))
                .list();
    }

    /** The report as CSV (UTF-8, header row, RFC 4180 quoting) for a spreadsheet. */
    public static String csv(List<Winner> winners) {
        StringBuilder out = new StringBuilder("period,seller_id,invoice_number,prize,amount,source,prize_type,found_at,told_at,note\r\n");
        for (Winner w : winners) {
            out.append(String.join(",", w.period(), w.sellerId(), w.invoiceNumber(), w.prize(), Long.toString(w.amount()), w.source(),
                    quote(w.prizeType()), String.valueOf(w.foundAt()), w.told() == null ? "" : w.told().toString(), quote(w.note()))).append("\r\n");
        }
        return out.toString();
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        // a leading = + - @ would be a formula to a spreadsheet
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
