package tw.einvoice.hub.transmit;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.runtime.HubRouteConfiguration;

import java.time.Duration;

/** Rendered messages to Turnkey's UpCast folders (local or SFTP), and Turnkey's verdicts back. */
@Component
public class TransmitRoutes extends RouteBuilder {

    /** Durable queue of rendered messages; the body is one or more message ids, comma-separated. */
    public static final String TRANSMIT_QUEUE = "jms:queue:hub.transmit";

    private final TransmitProperties settings;

    TransmitRoutes(TransmitProperties settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        TurnkeyFolders folders = new TurnkeyFolders(settings.sftp());
        // a redelivery skips the messages already SENT and looks for the file of one whose hand-over had begun
        from(TRANSMIT_QUEUE + "?transacted=true&concurrentConsumers=" + settings.consumers()).routeId("transmit")
                .routeConfigurationId(HubRouteConfiguration.ID)
                .bean(TurnkeyGateway.class, "begin").id("transmit-begin")
                // all of them together; one by one only when that failed
                .bean(TurnkeyGateway.class, "handOverAll").id("transmit-hand-over-all")
                .split(body()).id("transmit-each")
                    .bean(TurnkeyGateway.class, "handOver").id("transmit-hand-over")
                .end();

        // Turnkey's files stay where they are; the ledger remembers which summaries it has checked
        from(folders.endpoint(getContext(), settings.summaryResults(), summaryResultsOptions()))
                .routeId("turnkey-summary-results")
                .bean(SummaryReconciler.class, "fromFile").id("turnkey-summary-reconcile");

        from(timer("turnkey-results", settings.pollInterval())).routeId("turnkey-results")
                .bean(TurnkeyResults.class, "poll").id("turnkey-results-poll");

        from(timer("turnkey-signing-failures", settings.signingFailures().pollInterval())).routeId("turnkey-signing-failures")
                .bean(TurnkeySigningFailures.class, "poll").id("turnkey-signing-failures-poll");

        from(timer("transmit-sweeper", settings.sweep().period())).routeId("transmit-sweeper")
                .bean(TransmitSweeper.class, "pending").id("transmit-sweeper-find")
                .split(body()).id("transmit-sweeper-each")
                    .to(ExchangePattern.InOnly, TRANSMIT_QUEUE).id("transmit-sweeper-to-queue")
                    .bean(TransmitSweeper.class, "enqueued").id("transmit-sweeper-mark-enqueued")
                .end();
    }

    private String summaryResultsOptions() {
        return "recursive=true&include=.*\\.xml&noop=true&idempotent=true&delay=" + settings.summaryPollInterval().toMillis();
    }

    private static String timer(String name, Duration period) {
        return "timer:" + name + "?delay=" + period.toMillis() + "&period=" + period.toMillis();
    }
}
