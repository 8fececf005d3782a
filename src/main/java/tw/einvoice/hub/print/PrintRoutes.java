package tw.einvoice.hub.print;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Drains the print queue: due jobs one after another (a printer takes one stream at a time), each through
 * {@link PrintQueue#print}, which opens a plain socket to the printer's raw port. camel-netty was not used: a raw
 * printer port answers nothing, and netty's producer would need a codec and a no-reply mode to send a byte array
 * it could not tell had printed either.
 */
@Component
class PrintRoutes extends RouteBuilder {

    private final PrintQueue queue;
    private final PrintQueueProperties settings;

    PrintRoutes(PrintQueue queue, PrintQueueProperties settings) {
        this.queue = queue;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:print-interrupted?repeatCount=1&delay=0").routeId("print-interrupted")
                .process(e -> queue.markInterrupted()).id("mark-interrupted-print-jobs");

        from("timer:print-queue?delay=" + settings.queue().pollMillis() + "&period=" + settings.queue().pollMillis())
                .routeId("print-queue")
                .process(e -> e.getMessage().setBody(queue.due(50))).id("due-print-jobs")
                .split(body())
                    .process(e -> queue.print(e.getMessage().getBody(Long.class))).id("send-to-printer")
                .end();
    }
}
