package tw.einvoice.hub.numbering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.seller.SellerProperties;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Until HQ allocation is managed here, a seller's {@code demo-range} from configuration is split
 * evenly (in whole booklets) across its branches, for the current and the next period, so the
 * embedded default can issue at once and keeps issuing across a period change.
 */
@Component
@DependsOn("flywayInitializer")
class DemoRanges {

    private static final Logger log = LoggerFactory.getLogger(DemoRanges.class);
    private static final int BOOKLET = 50;

    private final JdbcClient jdbc;
    private final SellerProperties sellers;
    private final Clock clock;

    DemoRanges(JdbcClient jdbc, SellerProperties sellers, Clock clock) {
        this.jdbc = jdbc;
        this.sellers = sellers;
        this.clock = clock;
        ensure();
    }

    @Scheduled(cron = "0 0 * * * *", zone = "Asia/Taipei")
    void ensure() {
        TaxPeriod current = TaxPeriod.of(LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
        for (SellerProperties.SellerConfig seller : sellers.sellers()) {
            var demo = seller.demoRange();
            if (demo == null || seller.branches().isEmpty()) {
                continue;
            }
            int begin = Integer.parseInt(demo.begin());
            int end = Integer.parseInt(demo.end());
            int perBranch = (end - begin + 1) / seller.branches().size() / BOOKLET * BOOKLET;
            for (TaxPeriod period : new TaxPeriod[]{current, current.next()}) {
                for (int i = 0; i < seller.branches().size(); i++) {
                    int from = begin + i * perBranch;
                    int inserted = jdbc.sql("""
                                    INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no,
                                        next_no, effective_from, source)
                                    VALUES (?, ?, '07', ?, ?, ?, ?, ?, '-infinity', 'DEMO')
                                    ON CONFLICT ON CONSTRAINT number_range_unique DO NOTHING""")
                            .params(seller.id(), seller.branches().get(i).id(), period.code(), demo.track(), from,
                                    from + perBranch - 1, from)
                            .update();
                    if (inserted == 1) {
                        log.info("Demo range {}{}–{} of period {} for seller {} branch {}", demo.track(),
                                String.format("%08d", from), String.format("%08d", from + perBranch - 1), period.code(),
                                seller.id(), seller.branches().get(i).id());
                    }
                }
            }
        }
    }
}
