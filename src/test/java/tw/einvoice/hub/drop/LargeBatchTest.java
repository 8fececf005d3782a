package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.bench.DropSample;
import tw.einvoice.hub.bench.RetainedHeap;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.rules.Violation;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50,000 CSV rows through the reader, the grouping and the result writer, with intake (mapping, rules, database)
 * replaced by a stand-in that answers per invoice: the rows/s of the file side alone, and flat memory. The whole
 * hub is measured on a 50,000-row workbook by {@link LargeExcelBatchTest}. Prints the figures.
 */
class LargeBatchTest {

    static final int ROWS = 50_000;

    @TempDir
    Path dir;

    DropProcessor processor() {
        DropProcessor.Intake intake = (rows, mapped, sourceRef) -> {
            // grouping as the mapping does, without JSONata: its cost is intake's, measured end to end elsewhere
            Map<String, JsonNode> firsts = new LinkedHashMap<>();
            rows.forEach(r -> firsts.putIfAbsent(r.get("sourceRef").asText(), r));
            List<IntakeOutcome> out = new ArrayList<>();
            for (JsonNode inv : firsts.values()) {
                boolean ok = !inv.get("sellerId").asText().isEmpty();
                out.add(new IntakeOutcome(ok ? IntakeOutcome.Result.ACCEPTED : IntakeOutcome.Result.REJECTED, "test",
                        inv.get("sourceRef").asText(), ok ? UUID.randomUUID() : null, null, null, ok ? null : 1L,
                        ok ? null : List.of(new Violation("sellerId", "MISSING", "缺少賣方", "missing"))));
            }
            return out;
        };
        return new DropProcessor(new DropFileReader(200L << 20, 100_000), intake, rows -> rows, 200);
    }

    @Test
    void fiftyThousandRowCsvCompletesInFlatMemoryWithAResultLinePerRow() throws Exception {
        Path file = dir.resolve("big.csv");
        DropSample.writeCsv(file, CsvRows.BIG5, ROWS, "BIG", "04595257", new String[]{"TPE01"},
                OffsetDateTime.parse("2026-11-25T10:00:00+08:00"));
        Path result = dir.resolve("big.csv.result.csv");
        long millis;
        long growth;
        DropProcessor.Summary summary;
        // growth over what the JVM held before (other tests' Spring contexts share this JVM)
        try (RetainedHeap heap = new RetainedHeap();
             Writer out = new BufferedWriter(Files.newBufferedWriter(result, StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            summary = processor().process(file, "big.csv", out, n -> { });
            millis = (System.nanoTime() - start) / 1_000_000;
            growth = heap.growth();
        }
        long lines;
        try (Stream<String> s = Files.lines(result)) {
            lines = s.count();
        }
        List<String> head;
        try (Stream<String> s = Files.lines(result)) {
            head = s.limit(2100).toList();
        }

        assertThat(summary.rows()).isEqualTo(ROWS);
        assertThat(lines).isEqualTo(ROWS + 1);
        assertThat(summary.rejected()).isEqualTo(ROWS / 2 / 1000 * 2);
        assertThat(summary.accepted()).isEqualTo(ROWS - summary.rejected());
        assertThat(head.get(1)).startsWith("2,BIG-0,ACCEPTED,");
        // invoice 999 (file rows 2000 and 2001) has no seller: both its rows carry the rejection
        assertThat(head.get(1998)).startsWith("1999,BIG-998,ACCEPTED,");
        assertThat(head.get(1999)).isEqualTo("2000,BIG-999,REJECTED,,,sellerId: missing");
        assertThat(head.get(2000)).isEqualTo("2001,BIG-999,REJECTED,,,sellerId: missing");
        System.out.printf("CSV (Big5): %d rows in %d ms = %d rows/s, retained heap +%d MB (max %d MB)%n", ROWS, millis,
                ROWS * 1000L / Math.max(1, millis), growth >> 20, Runtime.getRuntime().maxMemory() >> 20);
        // the whole file as objects would be hundreds of MB; streaming keeps it to one chunk
        assertThat(growth).isLessThan(400L << 20);
    }
}
