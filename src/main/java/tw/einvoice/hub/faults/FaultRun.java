package tw.einvoice.hub.faults;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.runtime.OutageBoard;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Conducts a fault run on a running hub: for each outage in turn, feeds invoices through the REST API at the rate,
 * makes the outage real after a lead, ends it after its duration, feeds a little longer, then waits for the backlog
 * to drain and holds the case to the outage promise ({@link FaultReport.Case}).
 */
public final class FaultRun {

    /**
     * @param hub      the running hub's context (its beans make and watch the outages; its database is checked)
     * @param base     the hub's address, e.g. {@code http://127.0.0.1:8080}
     * @param apiKey   an API key of {@code sellerId}
     * @param rate     invoices per second offered throughout each case
     * @param outage   how long each part stays away
     * @param lead     invoices flowing before the outage and after it
     * @param drain    how long the hub may take, after the outage, to confirm everything
     * @param warmUp   whether to send invoices through the whole walk first (a hub just started)
     */
    public record Settings(ApplicationContext hub, URI base, String apiKey, String sellerId, double rate,
                           Duration outage, Duration lead, Duration drain, List<Fault> faults, boolean warmUp,
                           PrintWriter progress) {
    }

    private static final long TICK_MS = 200;

    private final Settings settings;
    private final JdbcClient jdbc;
    private final OutageBoard board;
    private final HealthEndpoint health;

    private FaultRun(Settings settings) {
        this.settings = settings;
        this.jdbc = JdbcClient.create(settings.hub().getBean(DataSource.class));
        this.board = settings.hub().getBean(OutageBoard.class);
        this.health = settings.hub().getBean(HealthEndpoint.class);
    }

    public static FaultReport run(Settings settings) {
        FaultRun run = new FaultRun(settings);
        if (settings.warmUp()) {
            run.warmUp();
        }
        List<FaultReport.Case> cases = new ArrayList<>();
        for (Fault fault : settings.faults()) {
            FaultReport.Case c = run.run(fault);
            run.say("%s", c.line());
            cases.add(c);
        }
        return new FaultReport(settings.rate(), settings.outage().toMillis() / 1000.0, cases);
    }

    /**
     * Invoices through the whole walk before the first outage: a hub just started answers its first requests slowly
     * (classes loading, code not yet compiled), which would count against the first outage's load held.
     */
    private void warmUp() {
        String run = "W" + UUID.randomUUID().toString().substring(0, 8);
        say("warming up: %.0f invoices/s for %d s", settings.rate(), settings.lead().toSeconds());
        try (Feeder feeder = new Feeder(settings.base(), settings.apiKey(), settings.sellerId(), run, settings.rate())) {
            feeder.start();
            pause(settings.lead().toMillis());
            feeder.stopFeeding();
            await(() -> feeder.open() == 0 && confirmed(run) >= feeder.sent(), settings.drain());
        }
    }

    private FaultReport.Case run(Fault fault) {
        StringBuilder whyNot = new StringBuilder();
        var outage = fault.outage(settings.hub(), whyNot);
        if (outage.isEmpty()) {
            return new FaultReport.Case(fault, whyNot.toString(), 0, 0, 0, 0, List.of(), 0, 0, 0, 0, Map.of(), false,
                    false, null);
        }
        // every part back before the next case, so one case's outage is not counted in another's
        await(() -> java.util.Arrays.stream(Fault.values()).noneMatch(f -> board.isDown(f.part())), settings.drain());
        OffsetDateTime caseStart = OffsetDateTime.now().minusSeconds(1);
        String run = "F" + UUID.randomUUID().toString().substring(0, 8) + "-" + fault.part();
        say("%s: %s for %d s while %.0f invoices/s flow", fault.part(), fault.description(),
                settings.outage().toSeconds(), settings.rate());
        try (Feeder feeder = new Feeder(settings.base(), settings.apiKey(), settings.sellerId(), run, settings.rate())) {
            feeder.start();
            pause(settings.lead().toMillis());

            long acceptedBefore = feeder.acceptedAnswers();
            long refusedBefore = feeder.refused();
            outage.get().begin();
            long outageStart = System.nanoTime();
            boolean healthDown = false;
            try {
                // an outage no one met tests nothing: on a loaded machine the first hand-over may come later than
                // a short outage's end, so the part stays away until the hub has met it (at most --drain more); a
                // part intake needs is met by intake too: a request waiting for a connection through a second's
                // outage is answered when the part returns, and the 503 promise would go untested
                long latest = settings.outage().toNanos() + settings.drain().toNanos();
                boolean met = false;
                while (System.nanoTime() - outageStart < settings.outage().toNanos()
                        || !met && System.nanoTime() - outageStart < latest) {
                    healthDown |= shownDown(fault.part());
                    met = healthDown && (!fault.intakeNeedsIt() || feeder.refused() > refusedBefore);
                    pause(TICK_MS);
                }
            } finally {
                outage.get().end();
            }
            long outageEnd = System.nanoTime();
            double outageSeconds = (outageEnd - outageStart) / 1e9;
            double loadHeld = (feeder.acceptedAnswers() - acceptedBefore) / outageSeconds;
            say("%s: back after %.1f s; intake accepted %.1f/s meanwhile, %d answers 503", fault.part(), outageSeconds,
                    loadHeld, feeder.refused());

            // a part reported only when the hub next meets it may show down just after the outage ends
            long tailEnd = System.nanoTime() + settings.lead().toNanos();
            while (System.nanoTime() < tailEnd) {
                healthDown |= shownDown(fault.part());
                pause(TICK_MS);
            }
            feeder.stopFeeding();

            long deadline = outageEnd + settings.drain().toNanos();
            Double recovery = null;
            while (System.nanoTime() < deadline) {
                healthDown |= shownDown(fault.part());
                if (feeder.open() == 0 && confirmed(run) >= feeder.sent()) {
                    recovery = (System.nanoTime() - outageEnd) / 1e9;
                    break;
                }
                pause(TICK_MS);
            }
            // the part is told up on its next success: the last hand-over or read of the backlog
            boolean healthUpAfter = await(() -> !shownDown(fault.part()), Duration.ofSeconds(10));
            say("%s: backlog %s; checking the ledger", fault.part(), recovery == null ? "NOT drained"
                    : "drained %.1f s after the outage".formatted(recovery));
            return check(fault, run, feeder, caseStart, loadHeld, healthDown, healthUpAfter, recovery);
        }
    }

    /** Whether /actuator/health's {@code outages} component names {@code part}, as an admin sees it. */
    private boolean shownDown(String part) {
        HealthComponent outages = health.healthForPath("outages");
        return outages instanceof Health h && h.getDetails().containsKey(part);
    }

    private long confirmed(String run) {
        try {
            return jdbc.sql("SELECT count(*) FROM invoice WHERE connector = ? AND source_ref LIKE ? AND status = 'CONFIRMED'")
                    .params(Feeder.CONNECTOR, run + "-%").query(Long.class).single();
        } catch (RuntimeException e) {
            return -1; // the database is away: nothing to count yet
        }
    }

    private FaultReport.Case check(Fault fault, String run, Feeder feeder, OffsetDateTime caseStart, double loadHeld,
                                   boolean healthDown, boolean healthUpAfter, Double recovery) {
        record Row(String sourceRef, long copies, long confirmed) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT source_ref, count(*), count(*) FILTER (WHERE status = 'CONFIRMED')
                        FROM invoice WHERE connector = ? AND source_ref LIKE ? GROUP BY source_ref""")
                .params(Feeder.CONNECTOR, run + "-%")
                .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
        Set<String> confirmedOnce = new HashSet<>();
        long doubled = 0;
        for (Row r : rows) {
            doubled += Math.max(0, r.copies() - 1);
            if (r.confirmed() >= 1) {
                confirmedOnce.add(r.sourceRef());
            }
        }
        long lost = 0;
        for (int i = 1; i <= feeder.sent(); i++) {
            if (!confirmedOnce.contains(run + "-" + i)) {
                lost++;
            }
        }
        // numbers: each held once, and none skipped between the run's first and last (per track)
        doubled += jdbc.sql("""
                        SELECT count(*) FROM (SELECT invoice_number FROM invoice WHERE seller_id = ?
                          AND invoice_number IN (SELECT invoice_number FROM invoice WHERE connector = ? AND source_ref LIKE ?)
                          GROUP BY invoice_number HAVING count(*) > 1) twice""")
                .params(settings.sellerId(), Feeder.CONNECTOR, run + "-%").query(Long.class).single();
        doubled += jdbc.sql("""
                        SELECT count(*) FROM (SELECT m.invoice_id FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                          WHERE i.connector = ? AND i.source_ref LIKE ? AND m.message_type = 'F0401'
                          GROUP BY m.invoice_id HAVING count(*) > 1) twice""")
                .params(Feeder.CONNECTOR, run + "-%").query(Long.class).single();
        long gaps = jdbc.sql("""
                        WITH span AS (SELECT left(invoice_number, 2) AS track, min(invoice_number) AS low,
                                             max(invoice_number) AS high
                                      FROM invoice WHERE connector = ? AND source_ref LIKE ? AND invoice_number IS NOT NULL
                                      GROUP BY 1)
                        SELECT coalesce(sum((right(high, 8)::bigint - right(low, 8)::bigint + 1)
                               - (SELECT count(DISTINCT invoice_number) FROM invoice i WHERE i.seller_id = ?
                                    AND i.invoice_number BETWEEN span.low AND span.high)), 0)
                        FROM span""")
                .params(Feeder.CONNECTOR, run + "-%", settings.sellerId()).query(Long.class).single();
        Map<String, Long> alerts = new TreeMap<>();
        for (Fault f : Fault.values()) {
            long n = jdbc.sql("SELECT count(*) FROM finance_alert WHERE kind = 'OUTAGE' AND created_at >= ? AND message LIKE ?")
                    .params(caseStart, "%(" + f.part() + " %").query(Long.class).single();
            if (n > 0) {
                alerts.put(f.part(), n);
            }
        }
        long own = alerts.getOrDefault(fault.part(), 0L);
        alerts.remove(fault.part());
        return new FaultReport.Case(fault, null, feeder.sent(), loadHeld, feeder.refused(),
                feeder.refusedWithoutRetryAfter(), feeder.unexpected(), lost + gaps, doubled, gaps, own, alerts,
                healthDown, healthUpAfter, recovery);
    }

    private static boolean await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a health check meeting the outage itself: look again
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(TICK_MS);
        }
    }

    private void say(String format, Object... args) {
        if (settings.progress() != null) {
            settings.progress().printf(format + "%n", args);
            settings.progress().flush();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
