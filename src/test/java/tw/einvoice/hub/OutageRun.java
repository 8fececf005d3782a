package tw.einvoice.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One outage of an outside part while invoices flow, as the fault tests run it: how long it lasts (a few seconds, a
 * full minute under the {@code long} Maven profile), the load held meanwhile, what {@code /actuator/health} and the
 * finance alerts say about the part, and the one line each test prints for the closing table.
 */
public final class OutageRun {

    /** Down this long: 6 s by default, a minute with {@code -Dhub.test.long=true} (the {@code long} profile). */
    public static Duration outage() {
        return Boolean.getBoolean("hub.test.long") ? Duration.ofMinutes(1) : Duration.ofSeconds(6);
    }

    private final String part;
    private final Instant started = Instant.now();
    private final List<Integer> answers = new ArrayList<>();
    private long loadNanos;

    public OutageRun(String part) {
        this.part = part;
    }

    public Instant started() {
        return started;
    }

    /**
     * Submits one case after another for {@code duration}, spaced by {@code every}; {@code submit} answers the HTTP
     * status intake gave case {@code i}. @return how many were submitted
     */
    public int load(Duration duration, Duration every, IntFunction<Integer> submit) throws InterruptedException {
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            answers.add(submit.apply(i++));
            long next = t0 + i * every.toNanos();
            // a steady rate, not a fixed pause: the submit itself takes time under load
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        loadNanos += System.nanoTime() - t0;
        return i;
    }

    /** Intake took every case the load submitted (201 new, 200 repeat): the outage was of a side system. */
    public void assertIntakeAcceptedEverything() {
        assertThat(answers).as("intake answers while " + part + " was down").isNotEmpty().allMatch(s -> s == 200 || s == 201);
    }

    public int submitted() {
        return answers.size();
    }

    /** The part as {@code /actuator/health} shows it to an admin under {@code outages}, or null when it is not down. */
    public static JsonNode health(HubClient admin, String part) {
        HubClient.Response health = admin.get("/actuator/health");
        assertThat(health.status()).as("the hub stays UP while a side part is down").isEqualTo(200);
        JsonNode shown = health.body().path("components").path("outages").path("details").get(part);
        return shown == null || shown.isNull() ? null : shown;
    }

    /** OUTAGE alerts finance got about this part since the run started. */
    public long alerts(JdbcClient hubDb) {
        return hubDb.sql("""
                        SELECT count(*) FROM finance_alert WHERE kind = 'OUTAGE' AND created_at >= ?
                          AND (message LIKE ? OR message LIKE ?)""")
                .params(java.sql.Timestamp.from(started.minusSeconds(1)), "無法連線 " + part + "，%", part + " 曾中斷%")
                .query(Long.class).single();
    }

    /** {@code fault <name>: cases=… load=…/s lost=0 doubled=0 recovery=…s}. */
    public void report(String name, int cases, long lost, long doubled, Duration recovery) {
        double rate = loadNanos == 0 ? 0 : answers.size() / (loadNanos / 1e9);
        System.out.println(String.format(Locale.ROOT, "fault %s: cases=%d load=%.1f/s lost=%d doubled=%d recovery=%.1fs",
                name, cases, rate, lost, doubled, recovery.toMillis() / 1000.0));
    }
}
