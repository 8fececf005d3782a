package tw.einvoice.hub.callback.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;
import tw.einvoice.hub.notify.FinanceAlerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Delivers due outbox rows through their connector's sink; failures back off exponentially, never give up. */
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

    CallbackDispatcher(CallbackOutbox outbox, CallbackSettings settings, List<CallbackSink> sinks, FinanceAlerts alerts,
                       @Value("${hub.callback.batch-size:50}") int batchSize,
                       @Value("${hub.callback.lease:PT2M}") Duration lease,
                       @Value("${hub.callback.backoff-initial:PT5S}") Duration backoffInitial,
                       @Value("${hub.callback.backoff-max:PT30M}") Duration backoffMax,
                       @Value("${hub.callback.alert-after:5}") int alertAfter) {
        this.outbox = outbox;
        this.settings = settings;
        this.sinks = sinks.stream().collect(Collectors.toMap(CallbackSink::type, Function.identity()));
        this.alerts = alerts;
        this.batchSize = batchSize;
        this.lease = lease;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.alertAfter = alertAfter;
    }

    /** One round: what was due and delivered now. */
    public int dispatchDue() {
        int delivered = 0;
        for (Callback c : outbox.claimDue(batchSize, lease)) {
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
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                Duration retryIn = backoff(c.attempts() + 1);
                log.warn("callback {} ({}) to {} failed, attempt {}, next in {}: {}", c.idempotencyKey(), c.sourceRef(),
                        c.connector(), c.attempts() + 1, retryIn, error);
                if (outbox.failed(c.id(), retryIn, error, alertAfter)) {
                    alerts.callbackFailing(c.invoiceId(), c.text("invoiceNumber"), c.text("sellerId"), c.connector(),
                            c.status() + " of " + c.sourceRef(), c.attempts() + 1, error);
                }
            }
        }
        return delivered;
    }

    /** initial × 2^(attempt-1), capped: quick recovery from a blip, little load on a sink that is down for hours. */
    Duration backoff(int attempt) {
        long millis = backoffInitial.toMillis() << Math.min(attempt - 1, 30);
        return millis <= 0 || millis > backoffMax.toMillis() ? backoffMax : Duration.ofMillis(millis);
    }
}
