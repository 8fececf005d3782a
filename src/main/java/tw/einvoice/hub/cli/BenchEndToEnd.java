package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Option;
import tw.einvoice.hub.bench.BenchChart;
import tw.einvoice.hub.bench.DatabaseCeiling;
import tw.einvoice.hub.bench.DropSample;
import tw.einvoice.hub.bench.HeapCurve;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end-to-end benchmark ({@code bench} with no subcommand): the hub on embedded defaults in a throw-away folder,
 * N invoices fed through one connector, walked to CONFIRMED, then the same PostgreSQL's ceiling for the rows they
 * left ({@link DatabaseCeiling}). Figures come from the ledger's own timestamps, not from the feeder's clock.
 */
class BenchEndToEnd {

    static final String KEY = "bench-key-not-for-use-0000";
    static final String SELLER = "04595257";

    @Option(names = "--invoices", defaultValue = "100000", description = "Invoices to feed (default ${DEFAULT-VALUE}).")
    int invoices;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop: offer this many invoices per second whatever the hub answers (default: as fast as intake takes them).")
    int rate;

    @Option(names = "--batch", defaultValue = "500", description = "Invoices per API call or drop file (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connector", defaultValue = "api",
            description = "api, drop or erp (an ERP's staging tables on a PostgreSQL of their own) (default ${DEFAULT-VALUE}).")
    String connector;

    @Option(names = "--nodes", defaultValue = "1",
            description = "Hub nodes (default ${DEFAULT-VALUE}: in this JVM on embedded defaults). Above 1: a standalone "
                    + "PostgreSQL, an Artemis broker in its own JVM and N hub JVMs, fed round-robin through the API, "
                    + "first one node alone for the scaling ratio.")
    int nodes;

    @Option(names = "--baseline-invoices", defaultValue = "-1",
            description = "With --nodes above 1: invoices of the one-node run on the same engines that the scaling ratio "
                    + "divides by (default: as many as --invoices; 0: no baseline, no ratio).")
    int baselineInvoices;

    @Option(names = "--jar", description = "With --nodes above 1: the hub's jar the nodes run (default: the jar this runs from).")
    Path jar;

    @Option(names = "--heap-every", defaultValue = "PT5S",
            description = "How often the heap after GC is sampled for heap.png (default ${DEFAULT-VALUE}; one node).")
    Duration heapEvery;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    @Option(names = "--chart-dir", defaultValue = "target/bench", description = "Folder for bench.html, the chart (default ${DEFAULT-VALUE}).")
    Path chartDir;

    @Option(names = "--warmup", defaultValue = "0",
            description = "Invoices walked to CONFIRMED first, the same way and rate, and left out of every figure: a"
                    + " fresh JVM compiles its hot paths during the first seconds (default ${DEFAULT-VALUE}; one node).")
    int warmup;

    @Option(names = "--give-up-after", defaultValue = "PT2M",
            description = "Stop when no invoice was confirmed for this long (default ${DEFAULT-VALUE}).")
    Duration giveUpAfter;

    int run(PrintWriter out, PrintWriter err) throws Exception {
        if (nodes < 1) {
            err.println("bench: --nodes must be at least 1");
            return 2;
        }
        if (!List.of("api", "drop", "erp").contains(connector)) {
            err.println("bench: --connector " + connector + " is not one the benchmark feeds; use api, drop or erp");
            return 2;
        }
        if (nodes > 1 && !connector.equals("api")) {
            err.println("bench: --nodes " + nodes + " feeds the nodes round-robin through their APIs: use --connector api");
            return 2;
        }
        if (invoices < 1 || batch < 1 || rate < 0 || warmup < 0 || heapEvery.isNegative() || heapEvery.isZero()) {
            err.println("bench: --invoices and --batch must be at least 1, --rate and --warmup at least 0, --heap-every above 0");
            return 2;
        }
        if (nodes > 1) {
            return new BenchNodes(this).run(out, err);
        }
        if (HubCli.application == null) {
            err.println("bench: run it from the hub's jar (java -jar target/einvoice-hub.jar bench)");
            return 2;
        }
        Path data = Files.createTempDirectory("hub-bench");
        List<String> arguments = new ArrayList<>(List.of("--hub.data-dir=" + data, "--server.port=0",
                "--hub.platform.processing-delay=PT0S", "--hub.turnkey.poll-interval=200", "--logging.level.root=WARN",
                "--logging.level.tw.einvoice.hub=WARN", "--hub.security.admin-password=bench",
                "--hub.security.api-key=" + KEY, "--hub.drop.settle-time=200",
                "--hub.api.rate-limit.requests-per-second=1000000", "--hub.api.rate-limit.burst=1000000",
                "--HUB_DEMO_RANGE_END=" + demoRangeEnd(invoices + (long) warmup)));
        try (BenchErp erp = connector.equals("erp") ? BenchErp.start() : null) {
            if (erp != null) {
                arguments.addAll(erp.hubArguments(batch));
            }
            return walkOneNode(data, arguments, erp, out, err);
        } finally {
            // the hub and its embedded servers have stopped: a soak's gigabytes are not left behind in the temp folder
            FileSystemUtils.deleteRecursively(data);
        }
    }

    private int walkOneNode(Path data, List<String> arguments, BenchErp erp, PrintWriter out, PrintWriter err)
            throws Exception {
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubCli.application)
                .run(arguments.toArray(String[]::new))) {
            DataSource db = hub.getBean(DataSource.class);
            JdbcClient jdbc = JdbcClient.create(db);
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            if (warmup > 0) {
                String warm = "W" + UUID.randomUUID().toString().substring(0, 8);
                err.println("bench: warming up with " + warmup + " invoices (not counted) ...");
                long warmed = walk(jdbc, warm, warmup, feeder(warm, port, data, erp), 1, () -> { });
                if (warmed < warmup) {
                    gaveUp(jdbc, warm, warmed, warmup, err);
                    return 1;
                }
            }
            String run = "B" + UUID.randomUUID().toString().substring(0, 8);
            // Turnkey's tables live in a database of their own on the same server (embedded default): counted too
            TurnkeyDatabase turnkey = hub.getBean(TurnkeyDatabase.class);
            DataSource turnkeyDb = turnkey.dataSource() == db ? null : turnkey.dataSource();
            Map<String, Long> before = DatabaseCeiling.rowCounts(db);
            Map<String, Long> turnkeyBefore = turnkeyDb == null ? Map.of() : DatabaseCeiling.rowCounts(turnkeyDb);
            Feeder feeder = feeder(run, port, data, erp);
            Memory memory = new Memory();
            Cpu cpu = new Cpu(data);
            long confirmed;
            String heapTitle = "bench: " + invoices + " invoices, heap after GC and throughput";
            RunProgress progress = new RunProgress(jdbc, run, invoices);
            HeapCurve heap = new HeapCurve(heapEvery.toMillis(), progress::latest, chartDir, heapTitle);
            try (heap) {
                confirmed = walk(progress, invoices, feeder, 1, memory::sample);
            }
            if (confirmed < invoices) {
                gaveUp(jdbc, run, confirmed, invoices, err);
                return 1;
            }
            long writtenBack = erp == null ? -1 : awaitWrittenBack(erp, run, err);
            cpu.stop();
            Figures figures = figures(jdbc, run);
            Written written = written(db, before, turnkeyDb, turnkeyBefore, invoices, err);
            DatabaseCeiling.Result ceiling = written.ceiling();
            Path chart = BenchChart.write(chartDir, "bench: " + invoices + " invoices via " + connector, figures.timeline());
            ObjectNode result = report(figures, ceiling, written.rows(), memory, chart);
            result.put("cpuMsPerInvoice", round(cpu.hubMillis() / Math.max(1, figures.invoices())));
            result.put("databaseCpuMsPerInvoice", round(cpu.databaseMillis() / Math.max(1, figures.invoices())));
            result.put("retainedHeapPeakMb", Math.round(heap.peakMb()));
            Path heapPng = heap.samples().size() >= 2 ? heap.writePng(chartDir, heapTitle) : null;
            result.put("heapChart", heapPng == null ? null : heapPng.toAbsolutePath().toString());
            ArrayNode curve = result.putArray("heapCurve");
            heap.samples().forEach(h -> curve.addArray().add(round(h.seconds())).add(round(h.retainedMb())).add(h.done()));
            if (erp != null) {
                result.put("callbacks", writtenBack);
                result.put("callbacksMissing", invoices - writtenBack);
            }
            print(out, result, written.rows(), "1 node, embedded PostgreSQL + Artemis + simulator");
            if (erp != null) {
                out.printf("ERP: %d of %d staging rows got their CONFIRMED outcome written back%n", writtenBack, invoices);
                out.flush();
            }
            if (heapPng != null) {
                out.printf("heap after GC: peak %d MB over %d samples every %s; chart %s%n", Math.round(heap.peakMb()),
                        heap.samples().size(), heapEvery, heapPng);
                out.flush();
            }
            if (json != null) {
                if (json.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(json.toAbsolutePath().getParent());
                }
                InvoiceJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
            }
            return figures.duplicates() == 0 && figures.gaps() == 0 && (erp == null || writtenBack == invoices) ? 0 : 1;
        }
    }

    private Feeder feeder(String run, int port, Path data, BenchErp erp) {
        return switch (connector) {
            case "api" -> new ApiFeeder(List.of(URI.create("http://localhost:" + port)), run);
            case "erp" -> erp.feeder(run, SELLER);
            default -> new DropFeeder(data.resolve("drop"), run);
        };
    }

    /** Waits until every staging row of the run shows CONFIRMED, or none more did for {@code --give-up-after}. */
    private long awaitWrittenBack(BenchErp erp, String run, PrintWriter err) throws InterruptedException {
        long back = erp.writtenBack(run, "CONFIRMED");
        long lastProgress = System.nanoTime();
        while (back < invoices && System.nanoTime() - lastProgress < giveUpAfter.toNanos()) {
            Thread.sleep(100);
            long now = erp.writtenBack(run, "CONFIRMED");
            if (now > back) {
                lastProgress = System.nanoTime();
            }
            back = now;
        }
        if (back < invoices) {
            err.printf("bench: %d of %d CONFIRMED outcomes were written back to the ERP's staging rows%n", back, invoices);
        }
        return back;
    }

    void gaveUp(JdbcClient jdbc, String run, long confirmed, int count, PrintWriter err) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) FROM invoice WHERE source_ref LIKE ? GROUP BY status ORDER BY status")
                .param(run + "-%").query((rs, i) -> statuses.put(rs.getString(1), rs.getLong(2))).list();
        err.printf("bench: gave up: no invoice confirmed for %s; %d of %d confirmed, by status %s%n", giveUpAfter,
                confirmed, count, statuses);
    }

    /** The rows each table gained since {@code before} (Turnkey's as {@code turnkey:<table>}) and their ceiling. */
    record Written(Map<String, Long> rows, DatabaseCeiling.Result ceiling) {
    }

    static Written written(DataSource db, Map<String, Long> before, DataSource turnkeyDb, Map<String, Long> turnkeyBefore,
                           long invoices, PrintWriter err) throws Exception {
        Map<String, Long> hubWritten = DatabaseCeiling.written(before, DatabaseCeiling.rowCounts(db));
        Map<String, Long> turnkeyWritten = turnkeyDb == null ? Map.of()
                : DatabaseCeiling.written(turnkeyBefore, DatabaseCeiling.rowCounts(turnkeyDb));
        Map<String, Long> written = new LinkedHashMap<>(hubWritten);
        turnkeyWritten.forEach((t, n) -> written.put("turnkey:" + t, n));
        long rows = written.values().stream().mapToLong(Long::longValue).sum();
        err.println("bench: measuring the database ceiling (" + rows + " rows) ...");
        DatabaseCeiling.Result ceiling = DatabaseCeiling.measure(db, hubWritten, invoices);
        if (!turnkeyWritten.isEmpty()) {
            ceiling = ceiling.plus(DatabaseCeiling.measure(turnkeyDb, turnkeyWritten, invoices));
        }
        return new Written(written, ceiling);
    }

    /** The end of a demo range that numbers {@code invoices} on one branch (the range is split between two). */
    static String demoRangeEnd(long invoices) {
        return String.format("%08d", Math.min(99_999_999L, Math.max(49_999L, 2L * invoices + 999)));
    }

    /** The jar this runs from, when it was started with java -jar; null otherwise (tests: the class path). */
    static Path runningJar() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) ? Path.of(classPath) : null;
    }

    /**
     * Feeds {@code count} invoices of {@code run} and waits, with the progress bar, until all are CONFIRMED or none was
     * for {@code --give-up-after}; returns how many were. Without {@code --rate} at most {@code window} batches are
     * in flight (one per node: each node's API has one to work on).
     */
    long walk(JdbcClient jdbc, String run, int count, Feeder feeder, int window, Runnable tick) throws Exception {
        return walk(new RunProgress(jdbc, run, count), count, feeder, window, tick);
    }

    private long walk(RunProgress progress, int count, Feeder feeder, int window, Runnable tick) throws Exception {
        AtomicReference<Throwable> feedFailed = new AtomicReference<>();
        Thread feed = new Thread(() -> {
            try {
                feed(feeder, count, window);
            } catch (Throwable t) {
                feedFailed.set(t);
            }
        }, "bench-feed");
        feed.start();
        long confirmed = 0;
        long lastProgress = System.nanoTime();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("confirmed").setInitialMax(count)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build()) {
            while (confirmed < count) {
                // what the bench reads is the database's work, not the hub's: once a second, mostly the newest rows
                Thread.sleep(1000);
                tick.run();
                long now;
                try {
                    now = progress.read();
                } catch (DataAccessException e) {
                    // the hub's pool is busy or its database restarting: a missed reading, not a failed run
                    now = confirmed;
                }
                if (now > confirmed) {
                    lastProgress = System.nanoTime();
                }
                confirmed = now;
                bar.stepTo(confirmed);
                bar.setExtraMessage(feeder.offered() + " offered");
                if (feedFailed.get() != null) {
                    throw new IllegalStateException("feeding invoices failed: " + feedFailed.get().getMessage(), feedFailed.get());
                }
                if (System.nanoTime() - lastProgress > giveUpAfter.toNanos()) {
                    break;
                }
            }
        }
        feed.join();
        return confirmed;
    }

    /** Offers batches as fast as they are taken, or on the clock at {@code --rate} whatever the answers. */
    private void feed(Feeder feeder, int count, int window) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int sent = 0; sent < count; ) {
            int n = Math.min(batch, count - sent);
            if (rate > 0) {
                long due = start + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                pending.add(feeder.offer(sent, n));
            } else {
                pending.add(feeder.offer(sent, n));
                if (pending.size() >= window) {
                    pending.remove(0).join();
                }
            }
            sent += n;
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    interface Feeder {
        CompletableFuture<?> offer(int first, int count) throws Exception;

        long offered();
    }

    private static CanonicalInvoice invoice(String run, int i) {
        CanonicalInvoice invoice = BenchMigCommand.sample(3);
        invoice.setSeller(null);
        invoice.setInvoiceNumber(null);
        invoice.setRandomCode(null);
        invoice.setSourceRef(run + "-" + i);
        return invoice;
    }

    /** {@code POST /api/v1/invoices} with an array of invoices, as an API client does; batches round-robin over the nodes. */
    static final class ApiFeeder implements Feeder {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final List<URI> uris;
        private final String run;
        private final AtomicLong offered = new AtomicLong();
        private final AtomicLong[] perNode;
        private int next;

        ApiFeeder(List<URI> nodes, String run) {
            this.uris = nodes.stream().map(n -> n.resolve("/api/v1/invoices")).toList();
            this.run = run;
            this.perNode = new AtomicLong[nodes.size()];
            for (int i = 0; i < perNode.length; i++) {
                perNode[i] = new AtomicLong();
            }
        }

        /** Invoices offered to each node, in node order. */
        long[] perNode() {
            long[] n = new long[perNode.length];
            for (int i = 0; i < n.length; i++) {
                n[i] = perNode[i].get();
            }
            return n;
        }

        @Override
        public CompletableFuture<?> offer(int first, int count) throws Exception {
            int node = next++ % uris.size();
            URI uri = uris.get(node);
            perNode[node].addAndGet(count);
            ArrayNode records = InvoiceJson.mapper().createArrayNode();
            for (int i = first; i < first + count; i++) {
                records.add(InvoiceJson.toTree(invoice(run, i)));
            }
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(InvoiceJson.mapper().writeValueAsBytes(records))).build();
            offered.addAndGet(count);
            return send(request);
        }

        /** As a client should: a 503 (the hub cannot persist just now) is sent again after its Retry-After. */
        private CompletableFuture<Void> send(HttpRequest request) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
                if (r.statusCode() == 200) {
                    return CompletableFuture.completedFuture(null);
                }
                if (r.statusCode() == 503) {
                    long wait = r.headers().firstValueAsLong("Retry-After").orElse(5);
                    return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait, TimeUnit.SECONDS))
                            .thenCompose(x -> send(request));
                }
                throw new IllegalStateException("POST /api/v1/invoices answered " + r.statusCode() + ": " + r.body());
            });
        }

        @Override
        public long offered() {
            return offered.get();
        }
    }

    /** A CSV file per batch in the local drop folder, written beside it and moved in whole. */
    private static final class DropFeeder implements Feeder {
        private final Path drop;
        private final String run;
        private final OffsetDateTime issuedAt = OffsetDateTime.now(RuleSettings.TAIPEI).minusMinutes(1)
                .truncatedTo(ChronoUnit.SECONDS);
        private final AtomicLong offered = new AtomicLong();

        DropFeeder(Path drop, String run) {
            this.drop = drop;
            this.run = run;
        }

        @Override
        public CompletableFuture<?> offer(int first, int count) throws Exception {
            Path staging = Files.createDirectories(drop.resolve("bench-staging"));
            Path inbox = Files.createDirectories(drop.resolve("inbox"));
            String name = run + "-" + first + ".csv";
            StringBuilder csv = new StringBuilder(String.join(",", DropSample.HEAD)).append("\r\n");
            String[] branches = {"TPE01", "KHH01"};
            // DropSample's rows are two items per invoice; its every 1,000th invoice without a seller is put right
            for (int row = 2 * first; row < 2 * (first + count); row++) {
                String[] r = DropSample.row(run, row, SELLER, branches, issuedAt);
                r[1] = SELLER;
                csv.append(String.join(",", r)).append("\r\n");
            }
            Path file = Files.writeString(staging.resolve(name), csv, StandardCharsets.UTF_8);
            Files.move(file, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            offered.addAndGet(count);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long offered() {
            return offered.get();
        }
    }

    /**
     * CPU time spent from the first offer to the last confirmation: the hub's JVM and its PostgreSQL (the server whose
     * data folder is under the run's, and its backends). On a machine shared with other work, CPU per invoice says more
     * about the hub than invoices per second: the wall clock also measures the neighbours.
     */
    private static final class Cpu {
        private final String dataDir;
        private final long hubStart;
        private final long databaseStart;
        private long hubEnd;
        private long databaseEnd;

        Cpu(Path data) {
            this.dataDir = data.toAbsolutePath().toString();
            this.hubStart = hubNanos();
            this.databaseStart = databaseNanos();
        }

        void stop() {
            hubEnd = hubNanos();
            databaseEnd = databaseNanos();
        }

        double hubMillis() {
            return (hubEnd - hubStart) / 1e6;
        }

        double databaseMillis() {
            return databaseStart < 0 || databaseEnd < 0 ? -1 : (databaseEnd - databaseStart) / 1e6;
        }

        private static long hubNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        // backends that ended meanwhile take their time with them; the hub's pooled connections live through the run
        private long databaseNanos() {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false))
                    .findFirst()
                    .map(server -> java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants())
                            .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum())
                    .orElse(-1L);
        }
    }

    /** Peak heap in use (sampled) and the JVM's peak resident set (the kernel's high-water mark). */
    static final class Memory {
        long peakHeap;

        void sample() {
            long used = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getUsage().getUsed()).sum();
            peakHeap = Math.max(peakHeap, used);
        }

        static long peakRssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (Exception e) {
                // not Linux: no figure rather than a wrong one
            }
            return -1;
        }
    }

    record Stage(String name, long invoices, double seconds) {
        double perSecond() {
            return seconds > 0 ? invoices / seconds : 0;
        }
    }

    record Figures(long invoices, double seconds, List<Stage> stages, double p50, double p95, double p99,
                   long duplicates, long gaps, List<BenchChart.Second> timeline) {
    }

    static Figures figures(JdbcClient jdbc, String run) {
        String like = run + "-%";
        List<Stage> stages = new ArrayList<>();
        stages.add(jdbc.sql("""
                        SELECT count(*), extract(epoch FROM max(created_at) - min(created_at)) FROM invoice WHERE source_ref LIKE ?""")
                .param(like).query((rs, i) -> new Stage("intake (RECEIVED)", rs.getLong(1), rs.getDouble(2))).single());
        for (String status : List.of("ISSUED", "SENT", "CONFIRMED")) {
            stages.add(jdbc.sql("""
                            SELECT count(*), extract(epoch FROM max(h.at) - min(h.at)) FROM invoice_history h
                            JOIN invoice i ON i.id = h.invoice_id WHERE i.source_ref LIKE ? AND h.to_status = ?""")
                    .params(like, status).query((rs, i) -> new Stage(status, rs.getLong(1), rs.getDouble(2))).single());
        }
        record Latency(long n, double seconds, double p50, double p95, double p99) {
        }
        Latency l = jdbc.sql("""
                        SELECT count(*), extract(epoch FROM max(c.at) - min(i.created_at)),
                            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.at - i.created_at)),
                            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM c.at - i.created_at)),
                            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM c.at - i.created_at))
                        FROM invoice i JOIN LATERAL (SELECT min(at) AS at FROM invoice_history
                            WHERE invoice_id = i.id AND to_status = 'CONFIRMED') c ON c.at IS NOT NULL
                        WHERE i.source_ref LIKE ?""")
                .param(like).query((rs, i) -> new Latency(rs.getLong(1), rs.getDouble(2), rs.getDouble(3) * 1000,
                        rs.getDouble(4) * 1000, rs.getDouble(5) * 1000)).single();
        // an invoice confirmed twice, or a number given twice, is a duplicate; a number skipped within a branch's
        // track is a gap (each branch numbers from a block of its own, so two branches' numbers interleave)
        long duplicates = jdbc.sql("""
                        SELECT (SELECT count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                                WHERE i.source_ref LIKE :like AND h.to_status = 'CONFIRMED')
                             - (SELECT count(DISTINCT h.invoice_id) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                                WHERE i.source_ref LIKE :like AND h.to_status = 'CONFIRMED')
                             + (SELECT count(invoice_number) - count(DISTINCT invoice_number) FROM invoice WHERE source_ref LIKE :like)""")
                .param("like", like).query(Long.class).single();
        long gaps = jdbc.sql("""
                        SELECT coalesce(sum(span - n), 0) FROM (
                            SELECT max(substr(invoice_number, 3)::bigint) - min(substr(invoice_number, 3)::bigint) + 1 AS span,
                                count(DISTINCT invoice_number) AS n
                            FROM invoice WHERE source_ref LIKE ? AND invoice_number IS NOT NULL
                            GROUP BY seller_id, branch_id, substr(invoice_number, 1, 2)) t""")
                .param(like).query(Long.class).single();
        List<BenchChart.Second> timeline = jdbc.sql("""
                        WITH t0 AS (SELECT min(created_at) AS t0 FROM invoice WHERE source_ref LIKE :like),
                        confirmed AS (SELECT floor(extract(epoch FROM c.at - t0.t0))::int AS s,
                                extract(epoch FROM c.at - i.created_at) * 1000 AS ms
                            FROM invoice i CROSS JOIN t0 JOIN LATERAL (SELECT min(at) AS at FROM invoice_history
                                WHERE invoice_id = i.id AND to_status = 'CONFIRMED') c ON c.at IS NOT NULL
                            WHERE i.source_ref LIKE :like),
                        intake AS (SELECT floor(extract(epoch FROM i.created_at - t0.t0))::int AS s, count(*) AS n
                            FROM invoice i CROSS JOIN t0 WHERE i.source_ref LIKE :like GROUP BY 1),
                        done AS (SELECT s, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                                percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99 FROM confirmed GROUP BY s)
                        SELECT g.s, coalesce(intake.n, 0), coalesce(done.n, 0), coalesce(done.p50, 0), coalesce(done.p99, 0)
                        FROM generate_series(0, (SELECT max(s) FROM confirmed)) g(s)
                        LEFT JOIN intake ON intake.s = g.s LEFT JOIN done ON done.s = g.s ORDER BY g.s""")
                .param("like", like).query((rs, i) -> new BenchChart.Second(rs.getInt(1), rs.getLong(2), rs.getLong(3),
                        rs.getDouble(4), rs.getDouble(5))).list();
        return new Figures(l.n(), l.seconds(), stages, l.p50(), l.p95(), l.p99(), duplicates, gaps, timeline);
    }

    ObjectNode report(Figures f, DatabaseCeiling.Result ceiling, Map<String, Long> written, Memory memory, Path chart) {
        ObjectNode o = InvoiceJson.mapper().createObjectNode();
        double perSecond = f.seconds() > 0 ? f.invoices() / f.seconds() : 0;
        o.put("invoices", f.invoices());
        o.put("seconds", round(f.seconds()));
        o.put("invoicesPerSecond", round(perSecond));
        o.put("ceilingInvoicesPerSecond", round(ceiling.invoicesPerSecond()));
        o.put("ratio", ceiling.invoicesPerSecond() > 0 ? Math.round(perSecond / ceiling.invoicesPerSecond() * 10000) / 10000.0 : 0);
        o.put("p50Ms", round(f.p50()));
        o.put("p95Ms", round(f.p95()));
        o.put("p99Ms", round(f.p99()));
        o.put("peakHeapMb", memory.peakHeap >> 20);
        long rss = Memory.peakRssKb();
        o.put("peakRssMb", rss < 0 ? -1 : rss >> 10);
        o.put("nodes", nodes);
        o.put("duplicates", f.duplicates());
        o.put("gaps", f.gaps());
        o.put("connector", connector);
        o.put("batch", batch);
        o.put("rate", rate);
        o.put("warmup", warmup);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("loadAverage", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        ObjectNode stages = o.putObject("stages");
        for (Stage s : f.stages()) {
            stages.put(s.name(), round(s.perSecond()));
        }
        o.put("rowsPerInvoice", round((double) written.values().stream().mapToLong(Long::longValue).sum()
                / Math.max(1, f.invoices())));
        o.put("ceilingRowsPerSecond", round(ceiling.rowsPerSecond()));
        ObjectNode tables = o.putObject("rowsPerInvoiceByTable");
        written.forEach((t, n) -> tables.put(t, round((double) n / Math.max(1, f.invoices()))));
        o.put("chart", chart.toAbsolutePath().toString());
        return o;
    }

    static void print(PrintWriter out, ObjectNode r, Map<String, Long> written, String engines) {
        out.printf("invoices: %d via %s in batches of %d%s, %s, %d cores, load average %.1f%n",
                r.get("invoices").asLong(), r.get("connector").asText(), r.get("batch").asInt(),
                (r.get("rate").asInt() > 0 ? ", offered at " + r.get("rate").asInt() + "/s" : "")
                        + (r.path("warmup").asInt() > 0 ? ", after " + r.get("warmup").asInt() + " warm-up invoices" : ""),
                engines, r.get("cores").asInt(),
                r.get("loadAverage").asDouble());
        r.get("stages").fields().forEachRemaining(e -> out.printf("  %-20s %8.1f invoices/s sustained%n", e.getKey(), e.getValue().asDouble()));
        out.printf("end to end (intake → CONFIRMED): %.1f invoices/s over %.1f s%n", r.get("invoicesPerSecond").asDouble(),
                r.get("seconds").asDouble());
        out.printf("latency intake → CONFIRMED: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n", r.get("p50Ms").asDouble(),
                r.get("p95Ms").asDouble(), r.get("p99Ms").asDouble());
        out.printf("peak heap %d MB, peak RSS %d MB (the JVM; PostgreSQL runs in its own processes)%n",
                r.get("peakHeapMb").asLong(), r.get("peakRssMb").asLong());
        if (r.has("cpuMsPerInvoice")) {
            out.printf("CPU per invoice during the walk: hub JVM %.1f ms, PostgreSQL %.1f ms%n",
                    r.get("cpuMsPerInvoice").asDouble(), r.get("databaseCpuMsPerInvoice").asDouble());
        }
        out.printf("rows the hub left per invoice: %.2f in %d tables%n", r.get("rowsPerInvoice").asDouble(), written.size());
        out.printf("database ceiling (the same rows raw, one multi-row INSERT per table, %d invoices per commit): %.0f invoices/s (%.0f rows/s)%n",
                DatabaseCeiling.INVOICES_PER_COMMIT, r.get("ceilingInvoicesPerSecond").asDouble(),
                r.get("ceilingRowsPerSecond").asDouble());
        out.printf("HEADLINE hub / ceiling = %.1f %% (%.1f of %.0f invoices/s)%n", r.get("ratio").asDouble() * 100,
                r.get("invoicesPerSecond").asDouble(), r.get("ceilingInvoicesPerSecond").asDouble());
        out.printf("duplicates %d, gaps %d; chart %s%n", r.get("duplicates").asLong(), r.get("gaps").asLong(),
                r.get("chart").asText());
        out.flush();
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
