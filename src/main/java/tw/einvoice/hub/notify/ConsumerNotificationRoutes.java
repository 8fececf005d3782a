package tw.einvoice.hub.notify;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Announces confirmed invoices to their buyers and sends the messages that are due, one after another. */
@Component
class ConsumerNotificationRoutes extends RouteBuilder {

    private final ConsumerNotifications notifications;
    private final long period;

    ConsumerNotificationRoutes(ConsumerNotifications notifications, @Value("${hub.notify.consumer-poll-millis:2000}") long period) {
        this.notifications = notifications;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:consumer-notifications?delay=" + period + "&period=" + period).routeId("consumer-notifications")
                .process(e -> notifications.announceConfirmed(100)).id("announce-confirmed-invoices")
                .process(e -> e.getMessage().setBody(notifications.due(50))).id("due-notifications")
                .split(body())
                    .process(e -> notifications.send(e.getMessage().getBody(Long.class))).id("send-notification")
                .end();
    }
}
