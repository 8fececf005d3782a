package tw.einvoice.hub.runtime;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which outside parts the hub cannot reach right now (the database, the broker, Turnkey's folders or database, the
 * mail server, an ERP, a webhook sink, Shopee), told by whoever meets the failure. A part goes down once and comes
 * back once however many invoices meet it in between, so finance hears of an outage once ({@link PartDown}) and of
 * its end once ({@link PartRecovered}), not once per invoice. Shown as {@code outages} in {@code /actuator/health}:
 * a part down leaves the hub UP (it keeps or refuses work clearly) with the part and its reason in the details.
 */
@Component("outagesHealthIndicator")
public class OutageBoard implements HealthIndicator {

    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, PartDown> down = new ConcurrentHashMap<>();

    OutageBoard(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * {@code part} failed with {@code reason}; the first report of an outage publishes {@link PartDown}, later ones
     * only count.
     *
     * @param part a short stable name, such as {@code database}, {@code broker}, {@code turnkey-upcast},
     *             {@code smtp}, {@code erp:acme}, {@code webhook:shop}, {@code shopee}
     */
    public void down(String part, String reason) {
        PartDown[] first = new PartDown[1];
        down.compute(part, (name, known) -> {
            if (known != null) {
                return known.seenAgain();
            }
            first[0] = new PartDown(name, reason, Instant.now(clock), 1);
            return first[0];
        });
        if (first[0] != null) {
            events.publishEvent(first[0]);
        }
    }

    /** {@code part} works again; publishes {@link PartRecovered} when it was down. */
    public void up(String part) {
        PartDown was = down.remove(part);
        if (was != null) {
            events.publishEvent(new PartRecovered(part, was.reason(), was.since(), Instant.now(clock), was.failures()));
        }
    }

    /** Whether {@code part} is down now. */
    public boolean isDown(String part) {
        return down.containsKey(part);
    }

    /** The parts down now, by name. */
    public Map<String, PartDown> current() {
        return new TreeMap<>(down);
    }

    @Override
    public Health health() {
        if (down.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder health = Health.up().withDetail("degraded", true);
        current().forEach((name, part) -> health.withDetail(name,
                Map.of("since", part.since().toString(), "reason", part.reason(), "failures", part.failures())));
        return health.build();
    }

    /**
     * An outside part stopped answering.
     *
     * @param failures how many failures met it so far (1 when published)
     */
    public record PartDown(String part, String reason, Instant since, long failures) {

        PartDown seenAgain() {
            return new PartDown(part, reason, since, failures + 1);
        }
    }

    /** An outside part that was down works again. */
    public record PartRecovered(String part, String reason, Instant since, Instant at, long failures) {
    }
}
