package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.HubApplication;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@code bench} (the end-to-end benchmark), not its speed: a small run walks every invoice to
 * CONFIRMED and writes the promised figures, the chart and no duplicate or gap; what is not built is refused.
 */
class BenchEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredInvoicesThroughTheApiAllConfirmedWithTheJsonKeysTheChartAndNoDuplicateOrGap() throws Exception {
        Path json = dir.resolve("bench.json");
        Path charts = dir.resolve("charts");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HubCli.application = HubApplication.class;
        int code = HubCli.run(new String[] {"bench", "--invoices", "200", "--batch", "50", "--json", json.toString(),
                "--chart-dir", charts.toString(), "--heap-every", "PT1S"}, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.fieldNames()).toIterable().contains("invoices", "seconds", "invoicesPerSecond",
                "ceilingInvoicesPerSecond", "ratio", "p50Ms", "p95Ms", "p99Ms", "peakHeapMb", "nodes", "duplicates", "gaps");
        assertThat(figures.get("invoices").asLong()).as("invoices confirmed").isEqualTo(200);
        assertThat(figures.get("nodes").asInt()).isEqualTo(1);
        assertThat(figures.get("duplicates").asLong()).isZero();
        assertThat(figures.get("gaps").asLong()).isZero();
        assertThat(figures.get("invoicesPerSecond").asDouble()).isPositive();
        assertThat(figures.get("ceilingInvoicesPerSecond").asDouble()).isPositive();
        assertThat(figures.get("ratio").asDouble()).isPositive();
        assertThat(figures.get("p50Ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(figures.get("p95Ms").asDouble());
        assertThat(figures.get("p95Ms").asDouble()).isLessThanOrEqualTo(figures.get("p99Ms").asDouble());
        assertThat(figures.get("peakHeapMb").asLong()).isPositive();
        assertThat(figures.get("cpuMsPerInvoice").asDouble()).as("the hub JVM's CPU per invoice").isPositive();
        assertThat(figures.get("databaseCpuMsPerInvoice").asDouble()).as("its PostgreSQL's, found by its data folder")
                .isPositive();
        assertThat(figures.get("rowsPerInvoiceByTable").has("public.invoice")).as("the ledger's rows counted").isTrue();
        assertThat(figures.get("rowsPerInvoiceByTable").get("public.invoice").asDouble()).isEqualTo(1.0);
        assertThat(charts.resolve("bench.html")).content().contains("intake", "confirmed", "p99", "echarts.min.js");
        assertThat(charts.resolve("echarts.min.js")).isNotEmptyFile();
        JsonNode curve = figures.get("heapCurve");
        assertThat(curve.size()).as("heap samples: one at the start, one a second, one at the end").isGreaterThanOrEqualTo(2);
        assertThat(curve.get(0).get(2).asLong()).as("invoices confirmed at the first sample").isLessThan(200);
        assertThat(curve.get(curve.size() - 1).get(2).asLong()).as("invoices confirmed at the last sample").isEqualTo(200);
        assertThat(figures.get("retainedHeapPeakMb").asLong()).isPositive();
        assertThat(charts.resolve("heap.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(charts.resolve("heap.png"))).as("a PNG").startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(out.toString()).contains("HEADLINE hub / ceiling", "p99", "duplicates 0, gaps 0");
    }

    @Test
    void erpConnectorTakesStagedRowsThroughTheHubAndWritesEveryOutcomeBack() throws Exception {
        Path json = dir.resolve("erp.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HubCli.application = HubApplication.class;
        int code = HubCli.run(new String[] {"bench", "--connector", "erp", "--invoices", "60", "--batch", "20",
                "--json", json.toString(), "--chart-dir", dir.resolve("erp-charts").toString()}, new PrintWriter(out),
                new PrintWriter(err), Clock.systemUTC());

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("connector").asText()).isEqualTo("erp");
        assertThat(figures.get("invoices").asLong()).as("invoices confirmed").isEqualTo(60);
        assertThat(figures.get("duplicates").asLong()).isZero();
        assertThat(figures.get("gaps").asLong()).isZero();
        assertThat(figures.get("callbacks").asLong()).as("staging rows with CONFIRMED written back").isEqualTo(60);
        assertThat(figures.get("callbacksMissing").asLong()).isZero();
        assertThat(figures.get("rowsPerInvoiceByTable").get("public.invoice").asDouble())
                .as("one ledger row per staged invoice: claimed once").isEqualTo(1.0);
        assertThat(out.toString()).contains("ERP: 60 of 60 staging rows got their CONFIRMED outcome written back");
    }

    @Test
    void dropAfterConnectorIsTheConnectorNotTheBenchDropSubcommand() {
        StringWriter err = new StringWriter();
        HubCli.application = HubApplication.class;
        // several nodes are fed through their APIs only, refused before anything starts: what is parsed is all this needs
        assertThat(HubCli.run(new String[] {"bench", "--connector", "drop", "--nodes", "2"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err), Clock.systemUTC())).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes 2 feeds the nodes round-robin through their APIs: use --connector api")
                .doesNotContain("Expected parameter");
    }

    @Test
    void noNodeAndAnUnknownConnectorAreRefusedWithWhatIsWrong() {
        StringWriter err = new StringWriter();
        HubCli.application = HubApplication.class;
        assertThat(HubCli.run(new String[] {"bench", "--nodes", "0"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err), Clock.systemUTC())).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be at least 1");
        StringWriter err2 = new StringWriter();
        assertThat(HubCli.run(new String[] {"bench", "--connector", "shopee"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err2), Clock.systemUTC())).isEqualTo(2);
        assertThat(err2.toString()).contains("--connector shopee is not one the benchmark feeds; use api, drop or erp");
    }
}
