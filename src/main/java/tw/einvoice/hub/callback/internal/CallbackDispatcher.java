package tw.einvoice.hub.callback.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;
import tw.einvoice.hub.notify.FinanceAlerts;
import tw.einvoice.hub.runtime.OutageBoard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers due outbox rows through their connector's sink; failures back off exponentially, never give up.
 *
 * <p>A sink that fails {@code alert-after} deliveries in a row, whichever invoices they were for, is down: one outage
 * ({@code <type>:<connector>}, e.g. {@code webhook:shop}, on the {@link OutageBoard}: one finance alert, shown in
 * health) instead of an alert per invoice. While it is down each round tries it with one callback only and puts the
 * rest of its due ones back, without counting that as their attempt; the waits between tries double from
 * {@code backoff-initial} up to {@code outage-probe-max}, and the first delivery that goes through ends the outage
 * and lets the backlog out. A single invoice the sink keeps refusing while others go through still gets its own
 * {@code CALLBACK_FAILING} alert.
 */
@Component("callbackDispatcher")
class CallbackDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);

    private final CallbackOutbox outbox;
    private final CallbackSettings settings;
    private final Map<String, CallbackSink> sinks;
    private final FinanceAlerts alerts;
    private final int batchSize;
    private final Duration lease;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int alertAfter;
    private final OutageBoard board;
    // per sink part: failed deliveries in a row
    private final Map<String, Integer> failuresInARow = new java.util.concurrent.ConcurrentHashMap<>();
    // per sink part that is down: how long its callbacks wait for the next try, doubling up to outageProbeMax
    private final Map<String, Duration> outageWait = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration outageProbeMax;

    CallbackDispatcher(CallbackOutbox outbox, CallbackSettings settings, List<CallbackSink> sinks, FinanceAlerts alerts,
                       OutageBoard board,
                       @Value("${hub.callback.batch-size:50}") int batchSize,
                       @Value("${hub.callback.lease:PT2M}") Duration lease,
                       @Value("${hub.callback.backoff-initial:PT5S}") Duration backoffInitial,
                       @Value("${hub.callback.backoff-max:PT30M}") Duration backoffMax,
                       @Value("${hub.callback.alert-after:5}") int alertAfter,
                       @Value("${hub.callback.outage-probe-max:PT1M}") Duration outageProbeMax) {
        this.outageProbeMax = outageProbeMax;
        this.outbox = outbox;
        this.settings = settings;
        this.sinks = sinks.stream().collect(Collectors.toMap(CallbackSink::type, Function.identity()));
        this.alerts = alerts;
        this.batchSize = batchSize;
        this.lease = lease;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.alertAfter = alertAfter;
        this.board = board;
    }

    /** One round: what was due and delivered now. */
    public int dispatchDue() {
        int delivered = 0;
        // sinks down that this round already tried once
        java.util.Set<String> triedWhileDown = new java.util.HashSet<>();
        for (Callback c : outbox.claimDue(batchSize, lease)) {
            String part = part(c.connector());
            if (board.isDown(part) && !triedWhileDown.add(part)) {
                outbox.postpone(c.id(), outageWait.getOrDefault(part, backoffInitial));
                continue;
            }
            try {
                SinkSettings sink = settings.sink(c.connector())
                        .orElseThrow(() -> new IllegalStateException("no sink configured: hub.callback." + c.connector() + ".type"));
                CallbackSink type = sinks.get(sink.type());
                if (type == null) {
                    throw new IllegalStateException("unknown sink type '" + sink.type() + "' (known: " + sinks.keySet() + ")");
                }
                type.deliver(c, sink);
                outbox.delivered(c.id());
                delivered++;
                failuresInARow.remove(part);
                outageWait.remove(part);
                board.up(part);
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                boolean sinkDown = failuresInARow.merge(part, 1, Integer::sum) >= alertAfter || board.isDown(part);
                // while the sink is down its callbacks wait for it, not each for its own growing backoff
                Duration retryIn = sinkDown ? outageWait.merge(part, backoffInitial,
                        (was, first) -> was.multipliedBy(2).compareTo(outageProbeMax) > 0 ? outageProbeMax : was.multipliedBy(2))
                        : backoff(c.attempts() + 1);
                log.warn("callback {} ({}) to {} failed, attempt {}, next in {}: {}", c.idempotencyKey(), c.sourceRef(),
                        c.connector(), c.attempts() + 1, retryIn, error);
                // the attempt is noted before the outage is told: whoever hears of it finds the attempt counted
                boolean reachedAlert = outbox.failed(c.id(), retryIn, error, alertAfter);
                if (sinkDown) {
                    board.down(part, error);
                } else if (reachedAlert) {
                    alerts.callbackFailing(c.invoiceId(), c.text("invoiceNumber"), c.text("sellerId"), c.connector(),
                            c.status() + " of " + c.sourceRef(), c.attempts() + 1, error);
                }
            }
        }
        return delivered;
    }

    /** The outage board's name of a connector's sink: its type and the connector, e.g. {@code webhook:shop}. */
    String part(String connector) {
        return settings.sink(connector).map(SinkSettings::type).orElse("callback") + ":" + connector;
    }

    /** initial × 2^(attempt-1), capped: quick recovery from a blip, little load on a sink that is down for hours. */
    Duration backoff(int attempt) {
        long millis = backoffInitial.toMillis() << Math.min(attempt - 1, 30);
        return millis <= 0 || millis > backoffMax.toMillis() ? backoffMax : Duration.ofMillis(millis);
    }
}
