package tw.einvoice.hub.cli;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many of a bench run's invoices are CONFIRMED, read once a second while the run goes. Counting the whole run at
 * every reading grew with the run: over a million invoices PostgreSQL answered it with parallel scans of the table,
 * CPU the bench counted as the database's share of the hub's work. This counts each confirmation once, through the
 * (status, updated_at) index, after it has had {@link #SETTLE_SECONDS} to commit, and the newer ones afresh at each
 * reading. That is an estimate (a confirmation that committed later than that, or an invoice updated again after it,
 * is missed or counted twice), so the run's whole count is taken whenever the estimate reaches the run's size, stops
 * moving, or every {@link #EXACT_EVERY} readings; only a whole count ends a run.
 */
final class RunProgress {

    static final int SETTLE_SECONDS = 30;
    static final int EXACT_EVERY = 30;

    private final JdbcClient jdbc;
    private final String like;
    private final long size;
    private final AtomicLong latest = new AtomicLong();
    private OffsetDateTime settledUpTo;
    private long settled;
    private long lastEstimate = -1;
    private long readings;

    RunProgress(JdbcClient jdbc, String run, long size) {
        this.jdbc = jdbc;
        this.like = run + "-%";
        this.size = size;
    }

    /** The run's confirmations now; exact when it returns {@code size} or more. */
    synchronized long read() {
        OffsetDateTime cut = jdbc.sql("SELECT now() - make_interval(secs => ?)").param(SETTLE_SECONDS)
                .query(OffsetDateTime.class).single();
        if (settledUpTo == null || cut.isAfter(settledUpTo)) {
            settled += count("updated_at > ? AND updated_at <= ?",
                    settledUpTo == null ? OffsetDateTime.parse("2000-01-01T00:00:00Z") : settledUpTo, cut);
            settledUpTo = cut;
        }
        long estimate = settled + count("updated_at > ?", settledUpTo, null);
        readings++;
        long now;
        if (estimate >= size || estimate == lastEstimate || readings % EXACT_EVERY == 0) {
            now = exact(jdbc, like);
        } else {
            now = Math.max(estimate, latest.get());
        }
        lastEstimate = estimate;
        latest.set(now);
        return now;
    }

    /** The last reading, for whoever samples alongside (the heap curve) without a query of its own. */
    long latest() {
        return latest.get();
    }

    static long exact(JdbcClient jdbc, String like) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE status = 'CONFIRMED' AND source_ref LIKE ?")
                .param(like).query(Long.class).single();
    }

    private long count(String window, OffsetDateTime from, OffsetDateTime to) {
        var statement = jdbc.sql("SELECT count(*) FROM invoice WHERE status = 'CONFIRMED' AND " + window
                + " AND source_ref LIKE ?").param(from);
        if (to != null) {
            statement = statement.param(to);
        }
        return statement.param(like).query(Long.class).single();
    }
}
