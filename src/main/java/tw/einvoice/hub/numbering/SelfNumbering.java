package tw.einvoice.hub.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.rules.ViolationCode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Invoices numbered at their source (a POS with its own range): intake asks {@link #check} before it accepts
 * one, issue tells {@link #issued} after. A self-numbered invoice is legal only inside a range allocated to its
 * seller, branch and invoice type for the period of its issue time and marked {@code numbered_by = SOURCE}:
 * the hub's allocator never takes from those, so the two can never hand out the same number.
 */
@Service
public class SelfNumbering {

    private static final Pattern NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");
    private static final String DEFAULT_TYPE = "07";

    private record Covering(String branchId, String invoiceType, String numberedBy) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SelfNumbering(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The branch whose SOURCE range holds the number, or null: a source format without a branch (MIG XML) is
     * identified by its number, since ranges of one period and track never overlap.
     */
    public String branchOf(String sellerId, String invoiceType, OffsetDateTime issuedAt, String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            return null;
        }
        String type = invoiceType == null ? DEFAULT_TYPE : invoiceType;
        return covering(sellerId, period(issuedAt), number).stream()
                .filter(c -> "SOURCE".equals(c.numberedBy()) && type.equals(c.invoiceType()))
                .map(Covering::branchId).findFirst().orElse(null);
    }

    /** Why the source may not use this number ({@code invoiceNumber} violation), or null when it may. */
    public Violation check(String sellerId, String branchId, String invoiceType, OffsetDateTime issuedAt, String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            return null; // the validator reports the pattern
        }
        String type = invoiceType == null ? DEFAULT_TYPE : invoiceType;
        String period = period(issuedAt);
        List<Covering> ranges = covering(sellerId, period, number);
        boolean own = ranges.stream().anyMatch(c -> "SOURCE".equals(c.numberedBy()) && type.equals(c.invoiceType())
                && c.branchId().equals(branchId));
        if (!own) {
            boolean hubs = ranges.stream().anyMatch(c -> "HUB".equals(c.numberedBy()));
            return (hubs ? ViolationCode.NUMBER_IN_HUB_RANGE : ViolationCode.NUMBER_NOT_IN_SOURCE_RANGE)
                    .at("invoiceNumber", number, branchId, type, period);
        }
        // the unique (seller, number) index would otherwise fail the whole delivery this invoice came in
        boolean used = jdbc.sql("SELECT count(*) FROM invoice WHERE seller_id = ? AND invoice_number = ?")
                .params(sellerId, number).query(Long.class).single() > 0;
        return used ? ViolationCode.NUMBER_ALREADY_USED.at("invoiceNumber", number) : null;
    }

    /**
     * Records an issued self-numbered invoice: the SOURCE range's next number becomes its high-water mark, so
     * usage, low stock and the period-end blank report (E0402) do not count issued numbers as unused.
     */
    public void issued(String sellerId, String branchId, String invoiceType, OffsetDateTime issuedAt, String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            return;
        }
        int n = Integer.parseInt(number.substring(2));
        jdbc.sql("""
                        UPDATE number_range SET next_no = GREATEST(next_no, ? + 1)
                        WHERE seller_id = ? AND branch_id = ? AND invoice_type = ? AND period = ? AND track = ?
                          AND numbered_by = 'SOURCE' AND ? BETWEEN begin_no AND end_no""")
                .params(n, sellerId, branchId, invoiceType == null ? DEFAULT_TYPE : invoiceType, period(issuedAt),
                        number.substring(0, 2), n)
                .update();
    }

    private List<Covering> covering(String sellerId, String period, String number) {
        return jdbc.sql("""
                        SELECT branch_id, invoice_type, numbered_by FROM number_range
                        WHERE seller_id = ? AND period = ? AND track = ? AND ? BETWEEN begin_no AND end_no
                          AND effective_from <= now()""")
                .params(sellerId, period, number.substring(0, 2), Integer.parseInt(number.substring(2)))
                .query((rs, i) -> new Covering(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The ROC period of the issue time in Taiwan; no issue time means now, as the issue stage does. */
    private String period(OffsetDateTime issuedAt) {
        OffsetDateTime at = issuedAt != null ? issuedAt : OffsetDateTime.now(clock);
        return TaxPeriod.of(at.atZoneSameInstant(RuleSettings.TAIPEI).toLocalDate()).code();
    }
}
