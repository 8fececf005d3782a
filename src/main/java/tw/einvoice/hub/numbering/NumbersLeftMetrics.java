package tw.einvoice.hub.numbering;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code einvoice_numbers_remaining{seller, branch}}: numbers a branch has left in the current period, all its tracks
 * and types together ({@link NumberUsage}, what {@code numbering usage} prints), refreshed every
 * {@code hub.metrics.refresh}; a branch whose ranges are gone drops out rather than showing a stale count.
 */
@Component
class NumbersLeftMetrics implements MeterBinder {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile MultiGauge remaining;

    NumbersLeftMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.system(TAIPEI);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        remaining = MultiGauge.builder("einvoice.numbers.remaining")
                .description("Invoice numbers a branch has left in the current period").register(registry);
    }

    @Scheduled(initialDelayString = "${hub.metrics.refresh:PT10S}", fixedDelayString = "${hub.metrics.refresh:PT10S}")
    void refresh() {
        MultiGauge gauge = remaining;
        if (gauge == null) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        Map<List<String>, Integer> left = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (NumberUsage.Row row : NumberUsage.rows(jdbc, null, TaxPeriod.of(today).code(), today)) {
            left.merge(List.of(row.sellerId(), row.branchId()), row.remaining(), Integer::sum);
        }
        gauge.register(left.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("seller", e.getKey().get(0), "branch", e.getKey().get(1)),
                        e.getValue()))
                .toList(), true);
    }
}
