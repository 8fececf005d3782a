package tw.einvoice.hub.platform;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** The simulator's routes: Turnkey's UpCast and send, the platform's delayed answers, the outage window. */
class PlatformRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(PlatformRoutes.class);
    static final String UPCAST_ROUTE = "platform-upcast";
    /** The platform's party id in the SummaryResult's RoutingInfo/From. */
    private static final String PLATFORM_PARTY = "MOF";

    private final SimulatorSettings settings;
    private final TurnkeySimulator simulator;
    private final JdbcClient turnkey;
    private final Clock clock;

    PlatformRoutes(SimulatorSettings settings, TurnkeySimulator simulator, JdbcClient turnkey, Clock clock) {
        this.settings = settings;
        this.simulator = simulator;
        this.turnkey = turnkey;
        this.clock = clock;
    }

    @Override
    public void configure() {
        // Turnkey's UpCast job, then its Pack and SendFile: files in SRC are checked, filed in BAK or ERR, and sent
        from("timer:platform-upcast?period=500").routeId(UPCAST_ROUTE)
                .bean(simulator, "upCast").id("platform-take-files")
                .bean(simulator, "handOver").id("platform-send");

        from("timer:platform-answers?period=500").routeId("platform-answers")
                .bean(simulator, "finishDue").id("platform-answer");

        from("timer:platform-outage?period=1000").routeId("platform-outage")
                .process(this::keepOutageWindow).id("platform-outage-window");
    }

    private void keepOutageWindow(Exchange exchange) throws Exception {
        boolean outage = settings.inOutage(LocalTime.now(clock.withZone(TurnkeySimulator.TAIPEI)));
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
        writeSummary(LocalDate.now(clock.withZone(TurnkeySimulator.TAIPEI)));
    }

    Path writeSummary(LocalDate day) throws IOException {
        Path written = SummaryWriter.write(turnkey, settings.summaryDir(), day, PLATFORM_PARTY, "HUB",
                LocalDateTime.now(clock.withZone(TurnkeySimulator.TAIPEI)));
        if (written != null) {
            log.info("Platform SummaryResult for {} written to {}", day, written);
        }
        return written;
    }
}
