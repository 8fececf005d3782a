package tw.einvoice.hub.issue;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.intake.IntakeRoutes;
import tw.einvoice.hub.runtime.HubRouteConfiguration;
import tw.einvoice.hub.transmit.TransmitRoutes;

/** Accepted invoices from the issue queue: numbered, rendered, signed, and passed on to transmit. */
@Component
public class IssueRoutes extends RouteBuilder {

    private final int consumers;

    IssueRoutes(@Value("${hub.issue.consumers:2}") int consumers) {
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from(IntakeRoutes.ISSUE_QUEUE + "?transacted=true&concurrentConsumers=" + consumers).routeId("issue")
                .routeConfigurationId(HubRouteConfiguration.ID)
                .bean(IssueService.class, "issue").id("issue-batch")
                .setProperty("made", body())
                .setBody(method(IssueService.class, "toTransmit"))
                .filter(body().isNotNull())
                    .to(ExchangePattern.InOnly, TransmitRoutes.TRANSMIT_QUEUE).id("issue-to-transmit-queue")
                .end()
                .setBody(exchangeProperty("made"))
                .bean(IssueService.class, "enqueued").id("issue-mark-enqueued");
    }
}
