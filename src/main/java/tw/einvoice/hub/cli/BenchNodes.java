package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.bench.BenchChart;
import tw.einvoice.hub.bench.DatabaseCeiling;
import tw.einvoice.hub.crash.HubProcess;
import tw.einvoice.hub.invoice.InvoiceJson;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench --nodes N} (N above 1): the same walk as the one-node benchmark, on real engines shared by N hub JVMs
 * ({@link BenchCluster}). First one node alone on those engines (the baseline the scaling ratio divides by), then all
 * N fed round-robin; then the correctness check of the N-node run: no number given twice, no gap, every invoice
 * CONFIRMED once, and every outcome (ISSUED, CONFIRMED) delivered once to the bench's webhook.
 */
final class BenchNodes {

    /** The outcomes of an API invoice its connector's webhook hears of, each exactly once. */
    private static final List<String> OUTCOMES = List.of("ISSUED", "CONFIRMED");
    private static final String ISSUED = "einvoice_stage_duration_seconds_count";

    private final BenchEndToEnd bench;

    BenchNodes(BenchEndToEnd bench) {
        this.bench = bench;
    }

    /** What one run on the cluster measured. */
    private record Phase(String run, BenchEndToEnd.Figures figures, long[] fed, double[] issued, double[] confirmed,
                         long[] peakHeapMb, Callbacks callbacks) {
        double perSecond() {
            return figures.seconds() > 0 ? figures.invoices() / figures.seconds() : 0;
        }
    }

    /** Deliveries to the webhook of one run's outcomes: all, repeats, and outcomes never delivered. */
    private record Callbacks(long delivered, long duplicates, long missing) {
    }

    int run(PrintWriter out, PrintWriter err) throws Exception {
        Path hubJar = bench.jar != null ? bench.jar : BenchEndToEnd.runningJar();
        if (hubJar != null && !Files.isRegularFile(hubJar)) {
            err.println("bench: --jar " + hubJar + " is not a file");
            return 2;
        }
        int baselineInvoices = bench.baselineInvoices < 0 ? bench.invoices : bench.baselineInvoices;
        try (BenchCluster cluster = new BenchCluster(hubJar, err, baselineInvoices + (long) bench.invoices)) {
            cluster.startEngines();
            cluster.startNodes(1);
            JdbcClient jdbc = JdbcClient.create(cluster.hubDatabase());
            Phase baseline = null;
            if (baselineInvoices > 0) {
                err.println("bench: baseline, " + baselineInvoices + " invoices on one node of the same engines");
                baseline = phase(cluster, jdbc, baselineInvoices, err);
                if (baseline == null) {
                    return 1;
                }
            }
            cluster.startNodes(bench.nodes);
            DataSource hubDb = cluster.hubDatabase();
            DataSource turnkeyDb = cluster.turnkeyDatabase();
            Map<String, Long> before = DatabaseCeiling.rowCounts(hubDb);
            Map<String, Long> turnkeyBefore = DatabaseCeiling.rowCounts(turnkeyDb);
            err.println("bench: " + bench.invoices + " invoices round-robin on " + bench.nodes + " nodes");
            Phase all = phase(cluster, jdbc, bench.invoices, err);
            if (all == null) {
                return 1;
            }
            BenchEndToEnd.Written written = BenchEndToEnd.written(hubDb, before, turnkeyDb, turnkeyBefore, bench.invoices, err);
            Path chart = BenchChart.write(bench.chartDir, "bench: " + bench.invoices + " invoices on " + bench.nodes + " nodes",
                    all.figures().timeline());
            ObjectNode result = bench.report(all.figures(), written.ceiling(), written.rows(), new BenchEndToEnd.Memory(), chart);
            List<HubProcess> nodes = cluster.nodes();
            long peakHeap = 0;
            long peakRss = 0;
            ArrayNode perNode = result.putArray("perNode");
            for (int i = 0; i < nodes.size(); i++) {
                long rss = BenchCluster.peakRssMb(nodes.get(i).pid());
                peakHeap = Math.max(peakHeap, all.peakHeapMb()[i]);
                peakRss = Math.max(peakRss, rss);
                ObjectNode n = perNode.addObject();
                n.put("node", i + 1);
                n.put("simulator", i == 0);
                n.put("fed", all.fed()[i]);
                n.put("issued", Math.round(all.issued()[i]));
                n.put("confirmedApplied", Math.round(all.confirmed()[i]));
                n.put("issuedPerSecond", BenchEndToEnd.round(all.figures().seconds() > 0
                        ? all.issued()[i] / all.figures().seconds() : 0));
                n.put("peakHeapMb", all.peakHeapMb()[i]);
                n.put("peakRssMb", rss);
            }
            result.put("peakHeapMb", peakHeap);
            result.put("peakRssMb", peakRss);
            result.put("baselineInvoices", baseline == null ? 0 : baseline.figures().invoices());
            if (baseline == null) {
                result.putNull("baselineInvoicesPerSecond");
                result.putNull("scaling");
            } else {
                result.put("baselineInvoicesPerSecond", BenchEndToEnd.round(baseline.perSecond()));
                result.put("scaling", Math.round(all.perSecond() / baseline.perSecond() * 100) / 100.0);
            }
            result.put("callbacks", all.callbacks().delivered());
            result.put("callbackDuplicates", all.callbacks().duplicates());
            result.put("callbacksMissing", all.callbacks().missing());
            result.put("engines", "standalone PostgreSQL (zonky binaries), Artemis in its own JVM, " + bench.nodes
                    + " hub JVMs, simulator on node 1");
            BenchEndToEnd.print(out, result, written.rows(), bench.nodes + " nodes (" + bench.nodes + " hub JVMs), standalone "
                    + "PostgreSQL + Artemis in its own JVM, simulator on node 1");
            for (int i = 0; i < nodes.size(); i++) {
                ObjectNode n = (ObjectNode) perNode.get(i);
                out.printf("  node %d%s: fed %d, issued %d (%.1f/s), confirmations applied %d, peak heap %d MB, peak RSS %d MB%n",
                        i + 1, i == 0 ? " (simulator)" : "", n.get("fed").asLong(), n.get("issued").asLong(),
                        n.get("issuedPerSecond").asDouble(), n.get("confirmedApplied").asLong(), n.get("peakHeapMb").asLong(),
                        n.get("peakRssMb").asLong());
            }
            if (baseline != null) {
                out.printf("scaling: %.1f invoices/s on %d nodes / %.1f on 1 node of the same engines (%d invoices) = %.2f%n",
                        all.perSecond(), bench.nodes, baseline.perSecond(), baseline.figures().invoices(),
                        result.get("scaling").asDouble());
            }
            out.printf("correctness: %d of %d CONFIRMED once, duplicates %d, gaps %d; callbacks %d delivered, %d repeated, "
                            + "%d never delivered (%d expected: %s per invoice)%n",
                    all.figures().invoices(), bench.invoices, all.figures().duplicates(), all.figures().gaps(),
                    all.callbacks().delivered(), all.callbacks().duplicates(), all.callbacks().missing(),
                    (long) OUTCOMES.size() * bench.invoices, String.join(" and ", OUTCOMES));
            out.flush();
            if (bench.json != null) {
                if (bench.json.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(bench.json.toAbsolutePath().getParent());
                }
                InvoiceJson.mapper().writerWithDefaultPrettyPrinter().writeValue(bench.json.toFile(), result);
            }
            boolean correct = all.figures().duplicates() == 0 && all.figures().gaps() == 0
                    && all.callbacks().duplicates() == 0 && all.callbacks().missing() == 0;
            return correct ? 0 : 1;
        }
    }

    /** One run of {@code count} invoices over every node started so far; null when it gave up. */
    private Phase phase(BenchCluster cluster, JdbcClient jdbc, int count, PrintWriter err) throws Exception {
        List<HubProcess> nodes = cluster.nodes();
        String run = BenchCluster.runId();
        double[] issuedBefore = counters(cluster, nodes, "from=\"RECEIVED\"", "to=\"ISSUED\"");
        double[] confirmedBefore = counters(cluster, nodes, "from=\"SENT\"", "to=\"CONFIRMED\"");
        long[] peakHeap = new long[nodes.size()];
        long[] lastSample = {0};
        BenchEndToEnd.ApiFeeder feeder = new BenchEndToEnd.ApiFeeder(cluster.apis(), run);
        long confirmed = bench.walk(jdbc, run, count, feeder, nodes.size(), () -> {
            // the nodes' heap in use (not after GC: each node is its own JVM), every few seconds
            if (System.nanoTime() - lastSample[0] > Duration.ofSeconds(5).toNanos()) {
                lastSample[0] = System.nanoTime();
                for (int i = 0; i < nodes.size(); i++) {
                    long mb = (long) BenchCluster.metric(cluster.prometheus(nodes.get(i)), "jvm_memory_used_bytes",
                            "area=\"heap\"") >> 20;
                    peakHeap[i] = Math.max(peakHeap[i], mb);
                }
            }
        });
        if (confirmed < count) {
            bench.gaveUp(jdbc, run, confirmed, count, err);
            return null;
        }
        Callbacks callbacks = awaitCallbacks(cluster, jdbc, run, count, err);
        double[] issued = minus(counters(cluster, nodes, "from=\"RECEIVED\"", "to=\"ISSUED\""), issuedBefore);
        double[] confirmedApplied = minus(counters(cluster, nodes, "from=\"SENT\"", "to=\"CONFIRMED\""), confirmedBefore);
        return new Phase(run, BenchEndToEnd.figures(jdbc, run), feeder.perNode(), issued, confirmedApplied, peakHeap, callbacks);
    }

    /**
     * Waits until every invoice's ISSUED and CONFIRMED reached the webhook (or {@code --give-up-after} passed without
     * a new one), then a few callback polls longer, so a repeat sent late is counted too.
     */
    private Callbacks awaitCallbacks(BenchCluster cluster, JdbcClient jdbc, String run, int count, PrintWriter err)
            throws InterruptedException {
        List<String> numbers = jdbc.sql("SELECT invoice_number FROM invoice WHERE source_ref LIKE ? AND invoice_number IS NOT NULL")
                .param(run + "-%").query(String.class).list();
        long lastProgress = System.nanoTime();
        Callbacks seen = count(cluster.callbacks().deliveries(), numbers);
        while (seen.missing() > 0 && System.nanoTime() - lastProgress < bench.giveUpAfter.toNanos()) {
            Thread.sleep(250);
            Callbacks now = count(cluster.callbacks().deliveries(), numbers);
            if (now.delivered() > seen.delivered()) {
                lastProgress = System.nanoTime();
            }
            seen = now;
        }
        // four callback polls (500 ms each) more: a second delivery of an outcome would come within them
        Thread.sleep(2000);
        seen = count(cluster.callbacks().deliveries(), numbers);
        if (seen.missing() > 0) {
            err.printf("bench: %d callbacks of %d invoices never reached the webhook%n", seen.missing(), count);
        }
        return seen;
    }

    private static Callbacks count(Map<String, Integer> deliveries, List<String> numbers) {
        long delivered = 0;
        long duplicates = 0;
        long missing = 0;
        for (String number : numbers) {
            for (String outcome : OUTCOMES) {
                Integer n = deliveries.get(number + ":" + outcome);
                if (n == null) {
                    missing++;
                } else {
                    delivered += n;
                    duplicates += n - 1;
                }
            }
        }
        return new Callbacks(delivered, duplicates, missing);
    }

    private static double[] counters(BenchCluster cluster, List<HubProcess> nodes, String... labels) {
        double[] values = new double[nodes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = BenchCluster.metric(cluster.prometheus(nodes.get(i)), ISSUED, labels);
        }
        return values;
    }

    private static double[] minus(double[] after, double[] before) {
        double[] d = new double[after.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        return d;
    }
}
