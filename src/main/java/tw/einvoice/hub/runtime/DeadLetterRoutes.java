package tw.einvoice.hub.runtime;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Where {@code hub-errors} sends a message that failed every attempt: the dead-letter queue, then finance. */
@Component
class DeadLetterRoutes extends RouteBuilder {

    static final String DEAD_LETTER = "direct:hub-dead-letter";

    private final HubErrorProperties settings;

    DeadLetterRoutes(HubErrorProperties settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        // the queue first: an alert about a message that is nowhere would send finance looking for nothing
        from(DEAD_LETTER).routeId("hub-dead-letter")
                .bean(DeadLetters.class, "label").id("hub-dead-letter-label")
                .to(ExchangePattern.InOnly, "jms:queue:" + settings.deadLetterQueue()).id("hub-dead-letter-queue")
                .bean(DeadLetters.class, "announce").id("hub-dead-letter-announce");
    }
}
