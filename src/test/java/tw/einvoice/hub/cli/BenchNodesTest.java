package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.HubApplication;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@code bench --nodes 2}, not its speed: a standalone PostgreSQL, a broker JVM and two hub JVMs (from
 * this class path: there is no jar before {@code package}) walk every invoice to CONFIRMED once, number without a
 * duplicate or gap, deliver each outcome to the webhook once, report per node and the scaling ratio, and leave no
 * process or folder behind. Four JVMs take minutes to start on the 2 shared cores, so it runs in the {@code long}
 * profile ({@code mvn verify -Plong}), not in the default suite.
 */
@Tag("long")
class BenchNodesTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesWalkTwoHundredInvoicesEachConfirmedOnceNoDuplicateOrGapAndEveryCallbackDeliveredOnce() throws Exception {
        Path json = dir.resolve("nodes.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HubCli.application = HubApplication.class;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long clustersBefore = clusterFolders(tmp);

        int code = HubCli.run(new String[] {"bench", "--nodes", "2", "--invoices", "200", "--batch", "25",
                "--baseline-invoices", "100", "--json", json.toString(), "--chart-dir", dir.resolve("charts").toString()},
                new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());

        assertThat(code).as("exit code; stdout: %s%nstderr: %s", out, err).isZero();
        JsonNode f = new ObjectMapper().readTree(json.toFile());
        assertThat(f.fieldNames()).toIterable().contains("invoices", "seconds", "invoicesPerSecond", "ceilingInvoicesPerSecond",
                "ratio", "p50Ms", "p95Ms", "p99Ms", "peakHeapMb", "nodes", "perNode", "scaling", "callbacks",
                "callbackDuplicates", "duplicates", "gaps");
        assertThat(f.get("nodes").asInt()).isEqualTo(2);
        assertThat(f.get("invoices").asLong()).as("invoices confirmed").isEqualTo(200);
        assertThat(f.get("duplicates").asLong()).as("confirmed twice or numbered twice").isZero();
        assertThat(f.get("gaps").asLong()).isZero();
        assertThat(f.get("callbacks").asLong()).as("ISSUED and CONFIRMED of each invoice, once each").isEqualTo(400);
        assertThat(f.get("callbackDuplicates").asLong()).isZero();
        assertThat(f.get("callbacksMissing").asLong()).isZero();
        assertThat(f.get("perNode")).hasSize(2);
        assertThat(f.get("perNode").get(0).get("fed").asLong() + f.get("perNode").get(1).get("fed").asLong())
                .as("fed round-robin, 200 in all").isEqualTo(200);
        assertThat(f.get("perNode").get(0).get("fed").asLong()).isEqualTo(100);
        assertThat(f.get("perNode").get(0).get("issued").asLong() + f.get("perNode").get(1).get("issued").asLong())
                .as("every invoice issued by one node or the other, once").isEqualTo(200);
        assertThat(f.get("baselineInvoices").asLong()).isEqualTo(100);
        assertThat(f.get("scaling").asDouble()).isPositive();
        assertThat(f.get("peakHeapMb").asLong()).isPositive();
        assertThat(out.toString()).contains("node 1 (simulator)", "node 2", "scaling:", "callbacks 400 delivered, 0 repeated, 0 never delivered");
        assertThat(clusterFolders(tmp)).as("the engines' temporary folder removed").isEqualTo(clustersBefore);
    }

    private static long clusterFolders(Path tmp) throws Exception {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hub-bench-nodes")).count();
        }
    }
}
