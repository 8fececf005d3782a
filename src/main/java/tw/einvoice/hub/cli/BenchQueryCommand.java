package tw.einvoice.hub.cli;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.bench.InvoiceVolume;
import tw.einvoice.hub.invoice.InvoiceQuery;
import tw.einvoice.hub.invoice.InvoiceSearch;
import tw.einvoice.hub.invoice.InvoiceStatistics;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StatisticsScope;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's reads and the query API at volume: starts the hub on a throw-away data folder, writes a year of
 * invoices straight into its database ({@link InvoiceVolume}), then times the dashboard's figures and the searches
 * through the same classes the console uses, prints which index each plan reads, and drives the query API with
 * concurrent HTTP clients.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Generates --invoices invoices in a temporary hub's database, times the dashboard's and the "
                + "search's queries (median and slowest of --repeat runs) with the index each plan uses, and measures "
                + "GET /api/v1/invoices/{number} requests/s with concurrent clients.")
class BenchQueryCommand implements Callable<Integer> {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final String KEY = "ehk_benchQueryKeyNotForUse0000000000000000";

    @Spec
    CommandSpec spec;

    @Option(names = "--invoices", defaultValue = "1000000", description = "Invoices to generate (default ${DEFAULT-VALUE}).")
    long invoices;

    @Option(names = "--repeat", defaultValue = "10", description = "Timed runs of each query (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--clients", defaultValue = "1,4,16", split = ",",
            description = "Concurrent HTTP clients, one run each (default ${DEFAULT-VALUE}).")
    int[] clients;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per HTTP run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--plans", description = "File to write every query's EXPLAIN (ANALYZE, BUFFERS) to.")
    Path plans;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (HubCli.application == null) {
            spec.commandLine().getErr().println("bench query: run it from the hub's jar (java -jar target/einvoice-hub.jar bench query)");
            return 2;
        }
        Path data = Files.createTempDirectory("hub-bench-query");
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubCli.application)
                .run("--hub.data-dir=" + data, "--server.port=0", "--logging.level.root=WARN",
                        "--logging.level.tw.einvoice.hub=WARN", "--hub.security.admin-password=bench",
                        "--hub.security.api-key=" + KEY,
                        // the limit protects a node from one client; here the clients are the measurement
                        "--hub.api.rate-limit.requests-per-second=1000000", "--hub.api.rate-limit.burst=1000000")) {
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            long start = System.nanoTime();
            InvoiceVolume.generate(jdbc, 0, invoices, now, 100_000, done -> {
                out.printf("  generated %,d%n", done);
                out.flush();
            });
            InvoiceVolume.ranges(jdbc, now);
            double generated = seconds(start);
            start = System.nanoTime();
            jdbc.sql("VACUUM ANALYZE invoice").update();
            out.printf("invoices: %,d generated in %.1f s (%.0f rows/s), VACUUM ANALYZE %.1f s; table %s, its indexes %s%n",
                    invoices, generated, invoices / generated, seconds(start),
                    jdbc.sql("SELECT pg_size_pretty(pg_table_size('invoice'))").query(String.class).single(),
                    jdbc.sql("SELECT pg_size_pretty(pg_indexes_size('invoice'))").query(String.class).single());

            queries(out, jdbc, now);
            for (int n : clients) {
                http(out, port, n);
            }
        } finally {
            // a million invoices take over 1 GB; nothing in the folder is worth keeping once the figures are printed
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
        }
        return 0;
    }

    private record Measured(String name, Supplier<?> run, InvoiceQuery query) {
    }

    private void queries(PrintWriter out, JdbcClient jdbc, Instant now) throws Exception {
        InvoiceStatistics statistics = InvoiceStatistics.on(jdbc);
        InvoiceSearch search = InvoiceSearch.on(jdbc);
        Instant today = now.atZone(TAIPEI).truncatedTo(ChronoUnit.DAYS).toInstant();
        TaxPeriod period = TaxPeriod.of(LocalDate.ofInstant(now, TAIPEI));
        Instant periodStart = period.firstDay().atStartOfDay(TAIPEI).toInstant();
        StatisticsScope all = StatisticsScope.all();
        StatisticsScope branch = StatisticsScope.branches(InvoiceVolume.SELLER, Set.of("B03"));
        var day = now.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC);
        var any = InvoiceSearch.Criteria.any();
        LocalDate todayDate = LocalDate.ofInstant(now, TAIPEI);
        List<Measured> measured = new ArrayList<>();
        measured.add(new Measured("dashboard: today by status/connector/branch", () -> statistics.received(today, now, all),
                statistics.receivedQuery(today, now, all)));
        measured.add(new Measured("dashboard: period by status/connector/branch",
                () -> statistics.received(periodStart, now, all), statistics.receivedQuery(periodStart, now, all)));
        measured.add(new Measured("dashboard: period, one branch", () -> statistics.received(periodStart, now, branch),
                statistics.receivedQuery(periodStart, now, branch)));
        measured.add(new Measured("dashboard: invoices per hour today", () -> statistics.perHour(today, now, TAIPEI, all),
                statistics.perHourQuery(today, now, TAIPEI, all)));
        measured.add(new Measured("dashboard: stuck count (>1 h)", () -> statistics.stuckCount(Duration.ofHours(1), now, all),
                statistics.stuckCountQuery(Duration.ofHours(1), now, all)));
        measured.add(new Measured("dashboard: stuck list (50)", () -> statistics.stuck(Duration.ofHours(1), now, all, 50),
                statistics.stuckQuery(Duration.ofHours(1), now, all, 50)));
        measured.add(new Measured("dashboard: rejected count", () -> statistics.rejectedCount(all),
                statistics.rejectedCountQuery(all)));
        measured.add(new Measured("dashboard: rejected list (50)", () -> statistics.rejected(all, 50),
                statistics.rejectedQuery(all, 50)));
        measured.add(new Measured("dashboard: numbers remaining per branch",
                () -> NumberUsage.rows(jdbc, null, period.code(), todayDate), null));
        measured.add(new Measured("metrics: every invoice by status", statistics::totals, statistics.totalsQuery()));
        List<Object[]> searches = List.of(
                new Object[]{"search: number (HQ admin, any seller)", any.number("QA00123457")},
                new Object[]{"search: number within the seller", any.number("QA00123457")
                        .within(StatisticsScope.sellers(Set.of(InvoiceVolume.SELLER)))},
                new Object[]{"search: one day, newest first, page 1", any.dates(day, day.plusDays(1))},
                new Object[]{"search: buyer BAN, newest first", any.buyer("10000093")},
                new Object[]{"search: branch + REJECTED", any.within(branch).status(InvoiceStatus.REJECTED)},
                new Object[]{"search: branch + CONFIRMED, page 1", any.within(branch).status(InvoiceStatus.CONFIRMED)},
                new Object[]{"search: amount 1,000-1,010, by amount", any.amounts(new BigDecimal("1000"),
                        new BigDecimal("1010")).sorted(InvoiceSearch.Sort.AMOUNT_ASC)},
                new Object[]{"search: everything, newest first, page 1", any},
                new Object[]{"search: everything, page 21 (offset 1,000)", any.page(20, 50)},
                new Object[]{"search: branch + a week, oldest first", any.dates(day, day.plusDays(7)).within(branch)
                        .sorted(InvoiceSearch.Sort.DATE_ASC)});
        for (Object[] s : searches) {
            InvoiceSearch.Criteria c = (InvoiceSearch.Criteria) s[1];
            measured.add(new Measured((String) s[0], () -> search.search(c), search.query(c)));
        }
        StringBuilder allPlans = new StringBuilder();
        out.printf("%-46s %9s %9s  %s%n", "query", "median ms", "max ms", "plan");
        for (Measured m : measured) {
            m.run().get();
            m.run().get();
            double[] ms = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long t = System.nanoTime();
                m.run().get();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            String plan = "(several small queries)";
            if (m.query() != null) {
                List<String> lines = m.query().explain(jdbc);
                plan = summary(lines);
                allPlans.append("## ").append(m.name()).append("\n\n").append(m.query().sql()).append("\n\n")
                        .append(String.join("\n", lines)).append("\n\n");
            }
            out.printf("%-46s %9.2f %9.2f  %s%n", m.name(), ms[ms.length / 2], ms[ms.length - 1], plan);
            out.flush();
        }
        if (plans != null) {
            Files.writeString(plans, allPlans);
            out.println("plans written to " + plans);
        }
    }

    private static final Pattern SCAN = Pattern.compile("(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?"
            + "(?: using (\\S+))?(?: on (\\S+))?");

    /** The plan's reads of tables and indexes, e.g. {@code Index Only Scan using invoice_created_idx}. */
    static String summary(List<String> plan) {
        List<String> reads = new ArrayList<>();
        for (String line : plan) {
            Matcher m = SCAN.matcher(line);
            if (m.find()) {
                String read = m.group(1) + (m.group(2) != null ? " " + m.group(2) : m.group(3) != null ? " on " + m.group(3) : "");
                if (!reads.contains(read)) {
                    reads.add(read);
                }
            }
        }
        return String.join(", ", reads);
    }

    private void http(PrintWriter out, int port, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LongAdder requests = new LongAdder();
        ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean timing = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    // numbered invoices (all but those of the last minutes still RECEIVED); bounded to what was made
                    long i = ThreadLocalRandom.current().nextLong(invoices);
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/v1/invoices/QA" + String.format("%08d", i)))
                            .header("Authorization", "Bearer " + KEY).header("Accept", "application/json").GET().build();
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                    long took = System.nanoTime() - t0;
                    if (timing.get()) {
                        requests.increment();
                        latencies.add(took);
                        statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(3000); // warm-up: JIT, pools, the view's first renders
        timing.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        timing.set(false);
        double elapsed = seconds(start);
        stop.set(true);
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        out.printf("query API GET /api/v1/invoices/{number}, %2d clients: %6.0f requests/s, p50 %.1f ms, p95 %.1f ms, "
                        + "p99 %.1f ms, answers %s%n", concurrency, requests.sum() / elapsed, pct(sorted, 0.50),
                pct(sorted, 0.95), pct(sorted, 0.99), statuses);
        out.flush();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
