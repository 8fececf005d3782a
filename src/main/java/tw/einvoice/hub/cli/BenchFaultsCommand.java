package tw.einvoice.hub.cli;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.faults.Fault;
import tw.einvoice.hub.faults.FaultReport;
import tw.einvoice.hub.faults.FaultRun;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Outages of the parts the hub stands on, each made real under a hub on embedded defaults while invoices flow. */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Starts the hub on its embedded defaults in a temporary data folder, feeds it invoices through the "
                + "REST API at --rate and takes each part away for --outage in turn: Turnkey's UpCast folder (replaced "
                + "by a file), Turnkey's database (refusing connections), the hub's PostgreSQL and its Artemis broker "
                + "(stopped and started again in place). Prints fault | cases | load held | lost | doubled | recovery; "
                + "exits 1 when an invoice was lost or doubled or another promise broke (one alert per outage, health).")
class BenchFaultsCommand implements Callable<Integer> {

    static final String KEY = "bench-faults-key-not-for-use-0000";

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", defaultValue = "50", description = "Invoices per second offered throughout (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--outage", defaultValue = "60s", converter = Seconds.class,
            description = "How long each part stays away: 20s, 2m or PT20S (default ${DEFAULT-VALUE}).")
    Duration outage;

    @Option(names = "--lead", defaultValue = "5s", converter = Seconds.class,
            description = "Invoices flowing before each outage and after it (default ${DEFAULT-VALUE}).")
    Duration lead;

    @Option(names = "--drain", defaultValue = "5m", converter = Seconds.class,
            description = "How long the hub may take after an outage to confirm everything (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--faults", split = ",", description = "Which outages, in order (default: all): "
            + "TURNKEY_UPCAST, TURNKEY_DATABASE, DATABASE, BROKER.")
    List<Fault> faults;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (rate <= 0 || outage.isZero() || outage.isNegative()) {
            err.println("bench faults: --rate and --outage must be above 0");
            return 2;
        }
        if (HubCli.application == null) {
            err.println("bench faults: run it from the hub's jar (java -jar target/einvoice-hub.jar bench faults)");
            return 2;
        }
        Path data = Files.createTempDirectory("hub-bench-faults");
        out.println("hub data in " + data);
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubCli.application)
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.platform.processing-delay=PT0.5S",
                        "--hub.turnkey.poll-interval=300", "--hub.turnkey.sweep.period=1000", "--hub.turnkey.sweep.after=PT2S",
                        "--hub.intake.sweep-period=1000", "--hub.intake.enqueue-sweep-after=PT2S",
                        "--logging.level.root=WARN", "--logging.level.tw.einvoice.hub=ERROR",
                        "--logging.level.org.apache.camel=ERROR", "--logging.level.com.zaxxer.hikari=ERROR",
                        "--logging.level.org.apache.activemq=ERROR", "--logging.level.org.quartz=ERROR",
                        "--logging.level.org.springframework.jms=ERROR",
                        "--hub.security.admin-password=bench-faults", "--hub.security.api-key=" + KEY,
                        "--hub.api.rate-limit.requests-per-second=1000000", "--hub.api.rate-limit.burst=1000000")) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            String seller = hub.getEnvironment().getProperty("hub.sellers[0].id", "04595257");
            FaultReport report = FaultRun.run(new FaultRun.Settings(hub, URI.create("http://127.0.0.1:" + port), KEY,
                    seller, rate, outage, lead, drain, faults == null || faults.isEmpty() ? List.of(Fault.values()) : faults,
                    true, out));
            out.println();
            out.print(report.table());
            report.problems().forEach(p -> out.println("PROBLEM: " + p));
            if (json != null) {
                Files.writeString(json, report.json(), StandardCharsets.UTF_8);
                out.println("JSON written to " + json);
            }
            return report.problems().isEmpty() ? 0 : 1;
        }
    }

    /** {@code 20s}, {@code 2m}, {@code 90} (seconds) or ISO-8601 {@code PT20S}. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
    }
}
