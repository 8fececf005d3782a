package tw.einvoice.hub.callback.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * {@code einvoice_callbacks{state}}: outcomes the sources have not heard yet. {@code pending} were never tried or not
 * yet tried again, {@code failing} have failed at least once (finance is alerted past hub.callback.alert-after).
 * Counted from the outbox's undelivered rows (a partial index), at most once per {@code hub.metrics.refresh}.
 */
@Component
class CallbackBacklogGauges implements MeterBinder {

    private final JdbcClient jdbc;
    private final Duration refresh;
    private volatile long[] counts = {0, 0};
    private volatile long readAt;

    CallbackBacklogGauges(JdbcClient jdbc, @Value("${hub.metrics.refresh:PT10S}") Duration refresh) {
        this.jdbc = jdbc;
        this.refresh = refresh;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("einvoice.callbacks", this, b -> b.counts()[0])
                .description("Outcomes waiting to be delivered to their source").tag("state", "pending").register(registry);
        Gauge.builder("einvoice.callbacks", this, b -> b.counts()[1])
                .description("Outcomes waiting to be delivered to their source").tag("state", "failing").register(registry);
    }

    private long[] counts() {
        if (readAt != 0 && System.nanoTime() - readAt <= refresh.toNanos()) {
            return counts;
        }
        synchronized (this) {
            if (readAt == 0 || System.nanoTime() - readAt > refresh.toNanos()) {
                counts = jdbc.sql("""
                                SELECT count(*) FILTER (WHERE attempts = 0), count(*) FILTER (WHERE attempts > 0)
                                FROM callback_outbox WHERE delivered_at IS NULL""")
                        .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
                readAt = System.nanoTime();
            }
            return counts;
        }
    }
}
