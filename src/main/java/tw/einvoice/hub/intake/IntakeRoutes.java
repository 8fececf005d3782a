package tw.einvoice.hub.intake;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The common intake every source ends in, and the sweeper that covers a crash between the
 * database commit and the hand-over to the issue queue.
 */
@Component
public class IntakeRoutes extends RouteBuilder {

    /** Durable queue feeding the issue stage; the body is the invoice id. */
    public static final String ISSUE_QUEUE = "jms:queue:hub.issue";

    private final long sweepPeriodMillis;

    IntakeRoutes(@Value("${hub.intake.sweep-period:60000}") long sweepPeriodMillis) {
        this.sweepPeriodMillis = sweepPeriodMillis;
    }

    @Override
    public void configure() {
        from(IntakeHeaders.INTAKE).routeId("intake")
                .bean(IntakeService.class, "json").id("intake-read")
                .bean(IntakeService.class, "receive").id("intake-receive")
                .setProperty("outcomes", body())
                // one queue message per delivery: a durable send is a journal sync, one per invoice would cost more than the rest
                .setBody(method(IntakeService.class, "toIssue"))
                .filter(body().isNotNull())
                    .to(ExchangePattern.InOnly, ISSUE_QUEUE).id("intake-to-issue-queue")
                .end()
                .setBody(exchangeProperty("outcomes"))
                .bean(IntakeService.class, "markEnqueued").id("intake-mark-enqueued");

        from("timer:intake-sweeper?delay=" + sweepPeriodMillis + "&period=" + sweepPeriodMillis).routeId("intake-sweeper")
                .bean(EnqueueSweeper.class, "pending")
                .split(body())
                    .to(ExchangePattern.InOnly, ISSUE_QUEUE).id("intake-sweeper-to-issue-queue")
                    .bean(EnqueueSweeper.class, "enqueued")
                .end();
    }
}
