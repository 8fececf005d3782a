package tw.einvoice.hub.runtime;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Labels a dead-lettered message with where it came from, how often it was tried and why it failed (JMS properties
 * on the message in the dead-letter queue, so whoever moves it back knows where it belongs), and tells finance.
 */
@Component
class DeadLetters {

    static final String QUEUE = "hubDeadLetterQueue";
    static final String ROUTE = "hubDeadLetterRoute";
    static final String ATTEMPTS = "hubDeadLetterAttempts";
    static final String REASON = "hubDeadLetterReason";

    // an exchange property: the redelivery counter header goes with the message that useOriginalMessage replaces
    private static final String ATTEMPTED = "hubAttempts";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int REASON_LENGTH = 1000;

    private final ApplicationEventPublisher events;
    private final String deadLetterQueue;

    DeadLetters(ApplicationEventPublisher events, HubErrorProperties settings) {
        this.events = events;
        this.deadLetterQueue = settings.deadLetterQueue();
    }

    /** Counts a failed attempt ({@code hub-errors} calls it on every failure). */
    static void attempted(Exchange exchange) {
        exchange.setProperty(ATTEMPTED, exchange.getProperty(ATTEMPTED, 0, Integer.class) + 1);
    }

    public void label(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        exchange.getMessage().setHeader(QUEUE, queue(exchange.getFromEndpoint()));
        exchange.getMessage().setHeader(ROUTE, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
        exchange.getMessage().setHeader(ATTEMPTS, exchange.getProperty(ATTEMPTED, 1, Integer.class));
        exchange.getMessage().setHeader(REASON, reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH));
    }

    public void announce(Exchange exchange) {
        var m = exchange.getMessage();
        MessageDeadLettered dead = new MessageDeadLettered(m.getHeader(QUEUE, String.class), m.getHeader(ROUTE, String.class),
                m.getBody(String.class), m.getHeader(ATTEMPTS, 0, Integer.class), m.getHeader(REASON, String.class),
                deadLetterQueue);
        log.error("Message from {} dead-lettered after {} attempts ({}): {}", dead.queue(), dead.attempts(), dead.reason(),
                dead.body());
        events.publishEvent(dead);
    }

    private static String queue(Endpoint from) {
        if (from instanceof JmsEndpoint jms) {
            return jms.getDestinationName();
        }
        return from == null ? null : from.getEndpointKey();
    }
}
