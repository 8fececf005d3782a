package tw.einvoice.hub.transmit;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;

/** Rendered messages to Turnkey's UpCast folders (local or SFTP), and Turnkey's verdicts back. */
@Component
public class TransmitRoutes extends RouteBuilder {

    /** Durable queue of rendered messages; the body is the message id. */
    public static final String TRANSMIT_QUEUE = "jms:queue:hub.transmit";

    private final String upcast;
    private final String summaries;
    private final long pollMillis;
    private final long sweepMillis;
    private final Duration sweepAfter;

    TransmitRoutes(@Value("${hub.turnkey.upcast}") String upcast,
                   @Value("${hub.turnkey.summary-results}") String summaries,
                   @Value("${hub.turnkey.poll-interval:5000}") long pollMillis,
                   @Value("${hub.intake.sweep-period:60000}") long sweepMillis,
                   @Value("${hub.intake.enqueue-sweep-after:PT1M}") Duration sweepAfter) {
        this.upcast = upcast;
        this.summaries = summaries;
        this.pollMillis = pollMillis;
        this.sweepMillis = sweepMillis;
        this.sweepAfter = sweepAfter;
    }

    @Override
    public void configure() {
        // a queue message names one or more message ids; a redelivery skips the ones already written
        from(TRANSMIT_QUEUE + "?transacted=true&concurrentConsumers=2").routeId("transmit")
                .split(body().tokenize(","))
                    .bean(TurnkeyGateway.class, "prepare").id("transmit-prepare")
                    .filter(header(TurnkeyGateway.UPCAST))
                        .to(upcastUri()).id("transmit-upcast")
                        .bean(TurnkeyGateway.class, "sent").id("transmit-sent")
                    .end()
                .end();

        // Turnkey's files stay where they are; the ledger remembers which summaries it has checked
        from(summaries + (summaries.contains("?") ? "&" : "?") + "recursive=true&include=.*\\.xml&noop=true&idempotent=true&delay=5000")
                .routeId("turnkey-summary-results")
                .bean(SummaryReconciler.class, "fromFile");

        from("timer:turnkey-results?delay=" + pollMillis + "&period=" + pollMillis).routeId("turnkey-results")
                .bean(TurnkeyResults.class, "poll");

        from("timer:transmit-sweeper?delay=" + sweepMillis + "&period=" + sweepMillis).routeId("transmit-sweeper")
                .process(e -> e.getMessage().setBody(OffsetDateTime.now().minus(sweepAfter)))
                .bean(TurnkeyGateway.class, "pending")
                .split(body())
                    .to(ExchangePattern.InOnly, TRANSMIT_QUEUE)
                .end();
    }

    /** Written beside SRC first and renamed in, so Turnkey never picks up half a file. */
    private String upcastUri() {
        String sep = upcast.contains("?") ? "&" : "?";
        return upcast + sep + "tempFileName=../${file:onlyname}.part&fileExist=Override";
    }
}
