package tw.einvoice.hub.platform;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** The simulator's routes: pick up UpCast files, give delayed verdicts, keep the outage window. */
class PlatformRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(PlatformRoutes.class);
    static final String UPCAST_ROUTE = "platform-upcast";
    static final String FOLDER = "SimFolder";

    private final SimulatorSettings settings;
    private final TurnkeySimulator simulator;
    private final TurnkeyDatabase turnkey;
    private final Clock clock;
    private final tw.einvoice.hub.mig.MigWriter writer;

    PlatformRoutes(SimulatorSettings settings, TurnkeySimulator simulator, TurnkeyDatabase turnkey, Clock clock,
                   tw.einvoice.hub.mig.MigWriter writer) {
        this.writer = writer;
        this.settings = settings;
        this.simulator = simulator;
        this.turnkey = turnkey;
        this.clock = clock;
    }

    @Override
    public void configure() {
        // <channel>/<MSG>/SRC/*.xml; done files go to <MSG>/BAK/<day>/ or, failing Turnkey's own checks, <MSG>/ERR/<day>/
        from("file:" + settings.upcastDir() + "?recursive=true&antInclude=*/*/SRC/*.xml&delay=500&readLock=none"
                + "&move=${file:parent}/../${header." + FOLDER + "}/${date:now:yyyyMMdd}/${file:onlyname}")
                .routeId(UPCAST_ROUTE)
                // the platform answers many uploads at once; each file is still taken once (in-progress repository)
                .threads(4)
                .process(this::receive).id("platform-receive");

        from("timer:platform-verdicts?period=500").routeId("platform-verdicts")
                .process(e -> simulator.finishDue());

        from("timer:platform-outage?period=1000").routeId("platform-outage")
                .process(this::keepOutageWindow);
    }

    private void receive(Exchange exchange) {
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String[] parts = relative.split("/");
        String messageType = parts.length >= 3 ? parts[parts.length - 3] : "UNKNOWN";
        byte[] xml = exchange.getMessage().getBody(byte[].class);
        TurnkeySimulator.Outcome outcome = simulator.receive(messageType, parts[parts.length - 1], xml);
        exchange.getMessage().setHeader(FOLDER, outcome.folder());
    }

    private void keepOutageWindow(Exchange exchange) throws Exception {
        boolean outage = settings.inOutage(LocalTime.now(clock.withZone(RuleSettings.TAIPEI)));
        var controller = getContext().getRouteController();
        var status = controller.getRouteStatus(UPCAST_ROUTE);
        if (outage && status.isStarted()) {
            log.warn("Simulated platform outage begins: UpCast files wait");
            controller.suspendRoute(UPCAST_ROUTE);
        } else if (!outage && status.isSuspended()) {
            log.info("Simulated platform outage ends");
            controller.resumeRoute(UPCAST_ROUTE);
        }
    }

    /** The day's SummaryResult, as the platform sends it late each evening. */
    @Scheduled(cron = "${hub.platform.summary-cron:0 55 23 * * *}", zone = "Asia/Taipei")
    void dailySummary() throws IOException {
        writeSummary(LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
    }

    Path writeSummary(LocalDate day) throws IOException {
        Path written = SummaryWriter.write(turnkey.jdbc(), writer, settings.summaryDir(), day, "HUB",
                LocalDateTime.now(clock.withZone(RuleSettings.TAIPEI)));
        if (written != null) {
            log.info("Platform SummaryResult for {} written to {}", day, written);
        }
        return written;
    }
}
