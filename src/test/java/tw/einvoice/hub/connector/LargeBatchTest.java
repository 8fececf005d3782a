package tw.einvoice.hub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.intake.IntakeOutcome;

import java.io.BufferedWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50,000 CSV rows through the reader, the grouping and the result writer, with intake (mapping, rules, database)
 * replaced by a stand-in that answers per invoice: the rows/s of the file side alone, and flat memory. The whole
 * hub is measured on a 50,000-row workbook by {@link LargeExcelBatchTest}. Prints the figures.
 */
class LargeBatchTest {

    static final int ROWS = 50_000;
    static final String[] HEAD = {"sourceRef", "sellerId", "issuedAt", "carrierType", "carrierId", "taxType",
            "pricesIncludeTax", "description", "quantity", "unitPrice", "amount"};

    @TempDir
    Path dir;


    /** Two rows per invoice; every 1,000th invoice names no seller, so intake would reject it. */
    static String[] row(int i) {
        int invoice = i / 2;
        return new String[]{"BIG-" + invoice, invoice % 1000 == 999 ? "" : "04595257", "2026-11-25T10:00:00+08:00",
                "3J0002", "/ABC+123", "1", "Y", i % 2 == 0 ? "乾電池" : "手電筒", "1", "105", "105"};
    }

    DropProcessor processor(String mapping) {
        DropProcessor.Intake intake = (rows, sourceRef) -> {
            // grouping as the mapping does, without JSONata: its cost is intake's, measured end to end elsewhere
            java.util.Map<String, JsonNode> firsts = new java.util.LinkedHashMap<>();
            rows.forEach(r -> firsts.putIfAbsent(r.get("sourceRef").asText(), r));
            List<IntakeOutcome> out = new ArrayList<>();
            for (JsonNode inv : firsts.values()) {
                boolean ok = !inv.get("sellerId").asText().isEmpty();
                out.add(new IntakeOutcome(ok ? IntakeOutcome.Result.ACCEPTED : IntakeOutcome.Result.REJECTED, "test",
                        inv.get("sourceRef").asText(), ok ? UUID.randomUUID() : null, null, null, ok ? null : 1L,
                        ok ? null : List.of(new tw.einvoice.hub.rules.Violation("sellerId", "MISSING", "缺少賣方", "missing"))));
            }
            return out;
        };
        return new DropProcessor(new DropFileReader(200L << 20, 100_000), intake, rows -> true, 200);
    }

    record Run(DropProcessor.Summary summary, long millis, long peakHeap, List<String> head, long lines) {
    }

    /** Heap in use right after the most recent garbage collection, summed over the heap pools. */
    static long retainedHeap() {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    Run run(Path file, String mapping) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        // live data, not garbage waiting for a lazy collector: the heap as the last collection left it
        long baseline = retainedHeap();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(retainedHeap(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        Path result = dir.resolve(file.getFileName() + ".result.csv");
        long start = System.nanoTime();
        DropProcessor.Summary summary;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(result, StandardCharsets.UTF_8))) {
            summary = processor(mapping).process(file, file.getFileName().toString(), out, n -> { });
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        List<String> head;
        long lines;
        try (Stream<String> s = Files.lines(result)) {
            lines = s.count();
        }
        try (Stream<String> s = Files.lines(result)) {
            head = s.limit(2100).toList();
        }
        // growth over what the JVM held before (other tests' Spring contexts share this JVM)
        return new Run(summary, millis, peak.get() - baseline, head, lines);
    }

    void check(Run run, String label) {
        assertThat(run.summary().rows()).isEqualTo(ROWS);
        assertThat(run.lines()).isEqualTo(ROWS + 1);
        assertThat(run.summary().rejected()).isEqualTo(ROWS / 2 / 1000 * 2);
        assertThat(run.summary().accepted()).isEqualTo(ROWS - run.summary().rejected());
        assertThat(run.head().get(1)).startsWith("2,BIG-0,ACCEPTED,");
        // invoice 999 (file rows 2000 and 2001) has no seller: both its rows carry the rejection
        assertThat(run.head().get(1998)).startsWith("1999,BIG-998,ACCEPTED,");
        assertThat(run.head().get(1999)).isEqualTo("2000,BIG-999,REJECTED,,,sellerId: missing");
        assertThat(run.head().get(2000)).isEqualTo("2001,BIG-999,REJECTED,,,sellerId: missing");
        System.out.printf("%s: %d rows in %d ms = %d rows/s, peak heap %d MB (max %d MB)%n", label, ROWS, run.millis(),
                ROWS * 1000L / Math.max(1, run.millis()), run.peakHeap() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        // the whole file as objects would be hundreds of MB; streaming keeps it to one chunk
        assertThat(run.peakHeap()).isLessThan(400L << 20);
    }

    @Test
    void fiftyThousandRowCsvCompletesInFlatMemoryWithAResultLinePerRow() throws Exception {
        Path file = dir.resolve("big.csv");
        try (Writer w = Files.newBufferedWriter(file, CsvRows.BIG5)) {
            w.write(String.join(",", HEAD) + "\r\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(String.join(",", row(i)) + "\r\n");
            }
        }
        check(run(file, "csv-default"), "CSV (Big5)");
    }
}
