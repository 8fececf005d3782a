package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** The one command that does start the hub: on a throw-away data folder, to time the whole walk. */
@Command(name = "walk", mixinStandardHelpOptions = true,
        description = "Starts the hub on embedded defaults in a temporary folder, submits invoices through intake and "
                + "times them until the simulated platform has confirmed every one.")
class BenchWalkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "2000", description = "Invoices (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--batch", defaultValue = "500", description = "Invoices per intake call (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (HubCli.application == null) {
            spec.commandLine().getErr().println("bench walk: run it from the hub's jar (java -jar target/einvoice-hub.jar bench walk)");
            return 2;
        }
        Path data = Files.createTempDirectory("hub-bench-walk");
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubCli.application)
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.platform.processing-delay=PT0S",
                        "--hub.turnkey.poll-interval=200", "--logging.level.root=WARN",
                        "--logging.level.tw.einvoice.hub=WARN", "--hub.security.admin-password=bench",
                        "--hub.security.api-key=bench-key-not-for-use-0000")) {
            ProducerTemplate producer = hub.getBean(ProducerTemplate.class);
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            String run = UUID.randomUUID().toString().substring(0, 8);
            long start = System.nanoTime();
            for (int sent = 0; sent < count; sent += batch) {
                ArrayNode records = InvoiceJson.mapper().createArrayNode();
                for (int i = sent; i < Math.min(count, sent + batch); i++) {
                    CanonicalInvoice invoice = BenchMigCommand.sample(3);
                    invoice.setSeller(null);
                    invoice.setInvoiceNumber(null);
                    invoice.setRandomCode(null);
                    invoice.setSourceRef(run + "-" + i);
                    records.add(InvoiceJson.toTree(invoice));
                }
                producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, records, Map.of(IntakeHeaders.ACTOR, "bench"));
            }
            double intakeSeconds = (System.nanoTime() - start) / 1e9;
            long confirmed = 0;
            while (confirmed < count) {
                Thread.sleep(100);
                confirmed = jdbc.sql("SELECT count(*) FROM invoice WHERE status = 'CONFIRMED' AND source_ref LIKE ?")
                        .param(run + "-%").query(Long.class).single();
                if ((System.nanoTime() - start) / 1e9 > 600) {
                    out.printf("gave up after 600 s with %d of %d confirmed%n", confirmed, count);
                    return 1;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("invoices: %d in batches of %d, embedded PostgreSQL + Artemis + simulator%n", count, batch);
            out.printf("intake (map, validate, store, queue): %.0f invoices/s%n", count / intakeSeconds);
            out.printf("end to end (received → CONFIRMED): %.0f invoices/s, last confirmed after %.1f s%n", count / seconds, seconds);
            Runtime rt = Runtime.getRuntime();
            out.printf("heap used at the end: %d MB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        }
        return 0;
    }
}
