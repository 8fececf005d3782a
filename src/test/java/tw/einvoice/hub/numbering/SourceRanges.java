package tw.einvoice.hub.numbering;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.LocalDate;

/**
 * A whole track of the current period allocated to a branch as numbered by its source, through the real
 * assignment and allocation services, for tests that send self-numbered invoices. Once per track and context.
 */
public final class SourceRanges {

    private SourceRanges() {
    }

    public static synchronized void ensure(ApplicationContext hub, String sellerId, String branchId, String invoiceType,
                                           String track) {
        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code();
        JdbcClient jdbc = hub.getBean(JdbcClient.class);
        if (jdbc.sql("SELECT count(*) FROM number_range WHERE seller_id = ? AND period = ? AND track = ?")
                .params(sellerId, period, track).query(Long.class).single() > 0) {
            return;
        }
        hub.getBean(Assignments.class).add(new Assignment(sellerId, invoiceType, period, track, "00000000", "99999999", 0),
                "MANUAL", "user:admin");
        hub.getBean(Allocations.class).allocate(new Allocations.Request(sellerId, branchId, invoiceType, period, track,
                0, 99_999_999, null, null, Allocations.NumberedBy.SOURCE), "user:admin");
    }
}
