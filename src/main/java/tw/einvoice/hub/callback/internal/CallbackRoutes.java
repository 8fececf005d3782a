package tw.einvoice.hub.callback.internal;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The outbox's pump. Every node may run it: claims are leases on rows, so nodes share the work. */
@Component
class CallbackRoutes extends RouteBuilder {

    private final long pollMillis;

    CallbackRoutes(@Value("${hub.callback.poll-interval:2000}") long pollMillis) {
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from("timer:callback-dispatch?delay=" + pollMillis + "&period=" + pollMillis).routeId("callback-dispatch")
                .bean("callbackDispatcher", "dispatchDue").id("callback-dispatch-due");
    }
}
