package tw.einvoice.hub.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.platform.TurnkeySimulator;
import tw.einvoice.hub.platform.TurnkeyStage;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hub-rendered F0401 messages through the Turnkey simulator: its Turnkey stage alone (parse, schema, program rules,
 * in memory), then the whole UpCast with the bookkeeping (files in SRC, Turnkey's tables on a temporary embedded
 * PostgreSQL, moves to BAK, send, the platform's answer). Not a test: figures depend on the machine.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "F0401 messages/s through the Turnkey simulator's checks alone, and with its files and database "
                + "writes (temporary embedded PostgreSQL).")
class BenchSimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "2000", description = "Messages to time (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "1000", description = "Messages checked first and not timed (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--xsd-dir", description = "Official MIG 4.1 schema folder (v41/, common/); default: the hub's bundled schemas.")
    Path xsdDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TurnkeyStage stage = TurnkeyStage.withSchemas(xsdDir);
        MigWriter writer = new MigWriter(MigWriter.Options.defaults());
        CanonicalInvoice invoice = BenchMigCommand.sample(3);
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < warmup + count; i++) {
            invoice.setInvoiceNumber("AB" + String.format("%08d", i));
            files.add(writer.invoice(invoice).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < warmup; i++) {
            accepted(stage.check(MigMessage.F0401, files.get(i)));
        }
        long start = System.nanoTime();
        for (int i = warmup; i < warmup + count; i++) {
            accepted(stage.check(MigMessage.F0401, files.get(i)));
        }
        double checks = (System.nanoTime() - start) / 1e9;
        out.printf("messages: %d hub-rendered F0401 (3 items), %s, one thread%n", count,
                xsdDir == null ? "bundled schemas" : "schemas in " + xsdDir);
        out.printf("Turnkey stage alone (parse, schema, program rules): %.0f messages/s (%.3f ms each)%n",
                count / checks, checks * 1000 / count);
        out.flush();

        Path dir = Files.createTempDirectory("hub-bench-simulator");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true).start();
             HikariDataSource pool = new HikariDataSource()) {
            // pooled, as the hub's Turnkey database is: a new PostgreSQL connection per transaction would be the figure
            pool.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            pool.setUsername("postgres");
            pool.setPassword("postgres");
            pool.setMaximumPoolSize(2);
            TurnkeySimulator simulator = TurnkeySimulator.standalone(pool, dir.resolve("UpCast"),
                    stage, Clock.systemUTC());
            Path src = dir.resolve("UpCast").resolve(MigMessage.F0401.channel()).resolve("F0401").resolve("SRC");
            for (int i = warmup; i < warmup + count; i++) {
                Files.write(src.resolve("F0401_" + i + ".xml"), files.get(i));
            }
            long t0 = System.nanoTime();
            int taken = simulator.upCast();
            long t1 = System.nanoTime();
            int sent = simulator.handOver();
            int answered = simulator.finishDue();
            long t2 = System.nanoTime();
            if (taken != count || sent != count || answered != count) {
                out.printf("unexpected: %d taken, %d sent, %d answered of %d%n", taken, sent, answered, count);
                return 1;
            }
            double upCast = (t1 - t0) / 1e9;
            double all = (t2 - t0) / 1e9;
            out.printf("UpCast with bookkeeping (read, check, SEQNO, log rows, move to BAK): %.0f messages/s%n", count / upCast);
            out.printf("UpCast, send and platform answer (P → G → C, one transaction per file at UpCast): %.0f messages/s%n",
                    count / all);
        } finally {
            deleteRecursively(dir);
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void accepted(TurnkeyStage.Verdict verdict) {
        if (!verdict.accepted()) {
            throw new IllegalStateException("benchmark invoice refused by the Turnkey stage: " + verdict);
        }
    }
}
