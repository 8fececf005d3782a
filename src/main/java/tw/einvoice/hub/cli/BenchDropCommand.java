package tw.einvoice.hub.cli;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.bench.DropSample;
import tw.einvoice.hub.bench.RetainedHeap;
import tw.einvoice.hub.drop.Batch;
import tw.einvoice.hub.drop.Batches;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Callable;

/** A generated file through the real batch path (reader, mapping, rules, ledger, queue) of a hub on a temporary folder. */
@Command(name = "drop", mixinStandardHelpOptions = true,
        description = "Starts the hub on embedded defaults in a temporary folder and times one generated Excel or CSV "
                + "batch (csv-default/xlsx-default layout, two rows per invoice) from upload to its result file.")
class BenchDropCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "50000", description = "Data rows (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--format", defaultValue = "xlsx", description = "xlsx or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (HubCli.application == null) {
            spec.commandLine().getErr().println("bench drop: run it from the hub's jar (java -jar target/einvoice-hub.jar bench drop)");
            return 2;
        }
        if (!format.equals("xlsx") && !format.equals("csv")) {
            spec.commandLine().getErr().println("bench drop: --format is xlsx or csv");
            return 2;
        }
        Path data = Files.createTempDirectory("hub-bench-drop");
        Path file = data.resolve("bench." + format);
        String prefix = "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(RuleSettings.TAIPEI).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
        String[] branches = {"TPE01", "KHH01"};
        if (format.equals("xlsx")) {
            DropSample.writeXlsx(file, rows, prefix, "04595257", branches, now);
        } else {
            DropSample.writeCsv(file, StandardCharsets.UTF_8, rows, prefix, "04595257", branches, now);
        }
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubCli.application)
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.platform.enabled=false",
                        "--logging.level.root=WARN", "--logging.level.tw.einvoice.hub=WARN",
                        "--hub.security.admin-password=bench", "--hub.security.api-key=bench-key-not-for-use-0000")) {
            Batches batches = hub.getBean(Batches.class);
            Batch done;
            long start;
            try (RetainedHeap heap = new RetainedHeap(); InputStream in = Files.newInputStream(file)) {
                start = System.nanoTime();
                UUID id = batches.start(file.getFileName().toString(), in, null, "bench").id();
                do {
                    Thread.sleep(200);
                    done = batches.find(id).orElseThrow();
                } while (done.status() == Batch.Status.QUEUED || done.status() == Batch.Status.RUNNING);
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf("file: %s, %d rows (%d invoices), %d KB%n", format.toUpperCase(), rows, (rows + 1) / 2,
                        Files.size(file) / 1024);
                out.printf("batch %s: %d accepted, %d duplicates, %d rejected rows%n", done.status(), done.accepted(),
                        done.duplicates(), done.rejected());
                out.printf("upload to result file (read, map, validate, store, queue): %.1f s = %.0f rows/s%n", seconds,
                        rows / seconds);
                out.printf("retained heap: %d MB before, peak %d MB (+%d MB) while the batch ran%n", heap.baseline() >> 20,
                        heap.peak() >> 20, heap.growth() >> 20);
            }
            return done.status() == Batch.Status.DONE ? 0 : 1;
        }
    }
}
