package tw.einvoice.hub.invoice;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger in Prometheus: {@code einvoice_invoices{status}} (every invoice by status, from one grouped query run at
 * most once per {@code hub.metrics.refresh}, however often it is scraped) and {@code einvoice_stage_duration_seconds}
 * {from, to}: how long invoices stayed in each stage of the walk, RECEIVED → ISSUED → SENT → CONFIRMED or REJECTED,
 * measured when they leave it from when they entered it: as this hub saw the move in, else from the history.
 */
@Component
class InvoiceMetrics implements MeterBinder {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InvoiceMetrics.class);

    /** The stages of the walk to the platform; cancellations and re-issues are the console's business, not a stage. */
    private static final Set<String> STAGES = Set.of("RECEIVED>ISSUED", "ISSUED>SENT", "SENT>CONFIRMED", "SENT>REJECTED");

    /** The statuses a stage of the walk starts from. */
    private static final Set<InvoiceStatus> STAGE_STARTS = Set.of(InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED,
            InvoiceStatus.SENT);

    /** Invoices in flight at full speed fit many times over; one pushed out is measured from the history. */
    static final int REMEMBERED = 50_000;

    /** When it entered {@code status}, as {@link System#nanoTime()}. */
    private record Entered(InvoiceStatus status, long at) {
    }

    /**
     * Invoice → the status it was last seen entering here and when: a stage's start without a query on
     * invoice_history for each of the three moves of every invoice. Empty after a restart and blind to moves made by
     * another hub; a start it does not hold (or holds for another status) is read from the history.
     */
    private final Map<UUID, Entered> entered = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Entered> eldest) {
                    return size() > REMEMBERED;
                }
            });

    private final InvoiceStatistics statistics;
    private final JdbcClient jdbc;
    private final Duration refresh;
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private volatile Map<InvoiceStatus, Long> totals;
    private volatile long readAt;
    private MeterRegistry registry;

    InvoiceMetrics(InvoiceStatistics statistics, JdbcClient jdbc, @Value("${hub.metrics.refresh:PT10S}") Duration refresh) {
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.refresh = refresh;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (InvoiceStatus status : InvoiceStatus.values()) {
            Gauge.builder("einvoice.invoices", this, m -> m.totals().getOrDefault(status, 0L))
                    .description("Invoices in the ledger by status").tag("status", status.name()).register(registry);
        }
    }

    private Map<InvoiceStatus, Long> totals() {
        long now = System.nanoTime();
        Map<InvoiceStatus, Long> known = totals;
        if (known == null || now - readAt > refresh.toNanos()) {
            synchronized (this) {
                if (totals == null || now - readAt > refresh.toNanos()) {
                    totals = statistics.totals();
                    readAt = System.nanoTime();
                }
                known = totals;
            }
        }
        return known;
    }

    /**
     * After the status change committed: a measurement, failed or slow, must never undo or hold up an invoice's move
     * (a failed query inside the transaction would abort it, caught or not).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(InvoiceStatusChanged change) {
        if (registry == null) {
            return;
        }
        long now = System.nanoTime();
        Entered before = STAGE_STARTS.contains(change.to())
                ? entered.put(change.invoiceId(), new Entered(change.to(), now))
                : entered.remove(change.invoiceId());
        if (change.from() == null || !STAGES.contains(change.from() + ">" + change.to())) {
            return;
        }
        try {
            Duration spent = before != null && before.status() == change.from() ? Duration.ofNanos(now - before.at())
                    : change.fromSince() != null ? Duration.between(change.fromSince(), OffsetDateTime.now())
                    : spentFromHistory(change);
            if (spent != null) {
                stages.computeIfAbsent(change.from() + ">" + change.to(), key -> Timer.builder("einvoice.stage.duration")
                                .description("Time an invoice spent in a stage of its walk to the platform")
                                .tag("from", change.from().name()).tag("to", change.to().name())
                                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                                .maximumExpectedValue(Duration.ofDays(2)).register(registry))
                        .record(spent.isNegative() ? Duration.ZERO : spent);
            }
        } catch (RuntimeException e) {
            log.warn("Stage time of invoice {} ({} → {}) not recorded: {}", change.invoiceId(), change.from(),
                    change.to(), e.toString());
        }
    }

    private Duration spentFromHistory(InvoiceStatusChanged change) {
        // when it entered the stage it leaves now: its latest move into that status (RECEIVED: its first row)
        OffsetDateTime at = jdbc.sql("""
                        SELECT max(at) FROM invoice_history WHERE invoice_id = ? AND to_status = ?""")
                .params(change.invoiceId(), change.from().name()).query(OffsetDateTime.class).optional().orElse(null);
        return at == null ? null : Duration.between(at, OffsetDateTime.now());
    }
}
