package tw.einvoice.hub.console;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last exchange and the last failure of each route, as Camel reports them (without camel-management and JMX,
 * which the hub does not run). Kept in memory per instance: after a restart a route shows no activity until its
 * next exchange.
 */
@Component
class ConnectorActivity extends EventNotifierSupport {

    /** The error text is cut here: a page row, not a stack trace. */
    static final int ERROR_LENGTH = 500;

    record Activity(OffsetDateTime lastExchange, long completed, long failed, OffsetDateTime lastFailure, String lastError) {
        Activity completedAt(OffsetDateTime at) {
            return new Activity(at, completed + 1, failed, lastFailure, lastError);
        }

        Activity failedAt(OffsetDateTime at, String error) {
            return new Activity(at, completed, failed + 1, at, error);
        }
    }

    private static final Activity NONE = new Activity(null, 0, 0, null, null);

    private final Map<String, Activity> byRoute = new ConcurrentHashMap<>();
    private final Clock clock;

    ConnectorActivity(Clock clock) {
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (route == null) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (event instanceof CamelEvent.ExchangeFailedEvent) {
            Exception e = exchange.getException();
            String error = e == null ? "failed" : e.getClass().getSimpleName() + ": " + e.getMessage();
            String cut = error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) + "…" : error;
            byRoute.merge(route, NONE.failedAt(now, cut), (old, x) -> old.failedAt(now, cut));
        } else {
            byRoute.merge(route, NONE.completedAt(now), (old, x) -> old.completedAt(now));
        }
    }

    Optional<Activity> of(String routeId) {
        return Optional.ofNullable(byRoute.get(routeId));
    }
}
