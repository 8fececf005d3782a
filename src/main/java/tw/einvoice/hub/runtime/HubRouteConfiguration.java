package tw.einvoice.hub.runtime;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code hub-errors}: the written-down failure policy of the hub's queue consumers ({@code hub.issue},
 * {@code hub.transmit}), which select it with {@code routeConfigurationId(HubRouteConfiguration.ID)}. A failed step is
 * tried again in the same consumer, with a growing wait ({@code hub.errors.*}); when every attempt failed, the queue
 * message as it arrived goes to the dead-letter queue and finance hears of it ({@link MessageDeadLettered}). The
 * consumers' transaction commits only then, so a message is either done, retried, or in the dead-letter queue: a
 * failure to dead-letter rolls it back to the broker, which delivers it again.
 */
@Component
public class HubRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "hub-errors";

    private final HubErrorProperties settings;

    HubRouteConfiguration(HubErrorProperties settings) {
        this.settings = settings;
    }

    @Override
    public void configuration() {
        var configuration = routeConfiguration(ID);
        // a part away (the database restarting, the broker, Turnkey's folder) is waited out, not dead-lettered: the
        // same step succeeds once it is back, and a message in hub.DLQ would wait for a person instead
        // the broker away is the exception: the consumer's transacted session died with the connection, so no retry on
        // it can ever commit (a restarted broker left the consumers retrying forever). The failure goes back to the
        // consumer unhandled: its rollback fails, the listener container connects anew once the broker is back, and
        // the broker delivers the message again from its journal. The log step keeps the dead-letter channel out.
        configuration.onException(Exception.class)
                .onWhen(exchange -> failures(exchange).anyMatch(Outages::isBrokerOutage))
                .handled(false)
                .maximumRedeliveries(0)
                .log(LoggingLevel.WARN, "tw.einvoice.hub.runtime.HubRouteConfiguration",
                        "The broker is away: ${exchangeProperty.CamelFailureRouteId} hands the message back to it");
        configuration.onException(Exception.class)
                .onWhen(exchange -> failures(exchange).anyMatch(Outages::isOutage)
                        && failures(exchange).noneMatch(Outages::isBrokerOutage))
                .maximumRedeliveries(-1)
                .redeliveryDelay(Math.min(settings.redeliveryDelay().toMillis(), settings.outageRetryDelay().toMillis()))
                .useExponentialBackOff()
                .backOffMultiplier(settings.backoffMultiplier())
                .maximumRedeliveryDelay(settings.outageRetryDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.DEBUG);
        configuration.errorHandler(deadLetterChannel(DeadLetterRoutes.DEAD_LETTER)
                // dead-lettering that fails must not count as handled: the broker keeps the message instead
                .deadLetterHandleNewException(false)
                .useOriginalMessage()
                .onExceptionOccurred(DeadLetters::attempted)
                .maximumRedeliveries(settings.maximumRedeliveries())
                .redeliveryDelay(settings.redeliveryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(settings.backoffMultiplier())
                .maximumRedeliveryDelay(settings.maximumRedeliveryDelay().toMillis())
                // a hub that is stopping hands a failing message back to the broker instead of dead-lettering it
                .allowRedeliveryWhileStopping(false)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .retriesExhaustedLogLevel(LoggingLevel.ERROR));
    }

    /** The step's failure and the one the error handler caught before it. */
    private static java.util.stream.Stream<Throwable> failures(org.apache.camel.Exchange exchange) {
        return java.util.stream.Stream.of(exchange.getException(),
                exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }
}
