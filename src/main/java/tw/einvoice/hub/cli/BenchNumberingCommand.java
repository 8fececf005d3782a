package tw.einvoice.hub.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.numbering.NumberAllocator;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Numbers allocated per second straight on PostgreSQL: a throw-away embedded server migrated by Flyway, the
 * hub's allocator, one transaction per batch. Not a test: figures depend on the machine.
 */
@Command(name = "numbering", mixinStandardHelpOptions = true,
        description = "Numbers allocated per second on one range and on 4 ranges, batch sizes 1, 50, 500, "
                + "on a temporary embedded PostgreSQL.")
class BenchNumberingCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per case (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--threads", defaultValue = "4", description = "Concurrent workers per case (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("hub-bench-numbering");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
             HikariDataSource ds = new HikariDataSource()) {
            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
            ds.setPassword("postgres");
            ds.setMaximumPoolSize(threads + 1);
            JdbcClient jdbc = JdbcClient.create(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            NumberAllocator allocator = NumberAllocator.on(jdbc);
            out.printf("%-8s %-6s %-8s %12s %10s%n", "ranges", "batch", "threads", "numbers/s", "tx/s");
            int caseNo = 0;
            for (int ranges : new int[]{1, 4}) {
                for (int batch : new int[]{1, 50, 500}) {
                    String period = String.format("%03d%02d", 100 + caseNo / 6, 2 + 2 * (caseNo % 6));
                    caseNo++;
                    for (int r = 0; r < ranges; r++) {
                        jdbc.sql("""
                                        INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no,
                                            next_no, effective_from, source) VALUES ('04595257', ?, '07', ?, ?, 0, 99999999, 0, '-infinity', 'DEMO')""")
                                .params("B" + r, period, "A" + (char) ('A' + r)).update();
                    }
                    double[] figures = run(allocator, tx, period, ranges, batch);
                    out.printf("%-8d %-6d %-8d %12.0f %10.0f%n", ranges, batch, threads, figures[0], figures[1]);
                    out.flush();
                }
            }
        }
        return 0;
    }

    private double[] run(NumberAllocator allocator, TransactionTemplate tx, String period, int ranges, int batch) throws Exception {
        LongAdder numbers = new LongAdder();
        LongAdder transactions = new LongAdder();
        AtomicBoolean timing = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String branch = "B" + (t % ranges);
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    List<String> got = tx.execute(s -> allocator.allocate("04595257", branch, "07", period, batch));
                    if (timing.get()) {
                        numbers.add(got.size());
                        transactions.increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1000); // warm-up: JIT, pool, plans
        timing.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        timing.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        return new double[]{numbers.sum() / elapsed, transactions.sum() / elapsed};
    }
}
