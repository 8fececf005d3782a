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
    /** Written beside SRC first and renamed in, so Turnkey never picks up half a file. */
    private static final String UPCAST_OPTIONS = "tempFileName=../${file:onlyname}.part&fileExist=Override";

    private final TransmitProperties settings;

    TransmitRoutes(TransmitProperties settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        TurnkeyFolders folders = new TurnkeyFolders(settings.sftp());
        // a redelivery skips the messages already written (they are no longer RENDERED)
        from(TRANSMIT_QUEUE + "?transacted=true&concurrentConsumers=" + settings.consumers()).routeId("transmit")
                .routeConfigurationId(HubRouteConfiguration.ID)
                .split(body().tokenize(",")).id("transmit-each")
                    .bean(TurnkeyGateway.class, "prepare").id("transmit-prepare")
                    .filter(header(TurnkeyGateway.UPCAST)).id("transmit-still-rendered")
                        .doTry()
                            .to(folders.endpoint(getContext(), settings.upcast(), UPCAST_OPTIONS)).id("transmit-upcast")
                        // says plainly why the Turnkey host was refused, and hands the failure on to hub-errors
                        .doCatch(Exception.class)
                            .process(folders::uploadFailed).id("transmit-upcast-failed")
                        .end()
                        .bean(TurnkeyGateway.class, "sent").id("transmit-sent")
                    .end()
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
