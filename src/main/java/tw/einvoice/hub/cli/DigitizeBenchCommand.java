package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.digitize.VoucherCorpus;
import tw.einvoice.hub.digitize.VoucherFields;
import tw.einvoice.hub.digitize.VoucherKind;
import tw.einvoice.hub.digitize.VoucherReader;
import tw.einvoice.hub.digitize.VoucherReading;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Renders a corpus of vouchers with known fields (e-invoice proofs with real QR codes, three-part "
                + "invoices, cash-register receipts; skew, blur, noise, JPEG, low contrast), reads each back and reports "
                + "field accuracy per field and per voucher kind, the share auto-approved, the share needing no "
                + "correction, and seconds per voucher. One thread. Not a test: it prints figures.")
final class DigitizeBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "300", description = "vouchers in the corpus (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "16", description = "corpus seed (default ${DEFAULT-VALUE}): the same seed, the same corpus")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the images and results.jsonl (truth, reading, flags) here")
    Path out;

    @Option(names = "--tessdata", paramLabel = "DIR", description = "Tesseract models (default $TESSDATA_PREFIX or Debian's)")
    String tessdata;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new CliExit(CliExit.USAGE, "digitize bench: --count must be at least 1");
        }
        PrintWriter print = spec.commandLine().getOut();
        VoucherReader reader = new VoucherReader(tessdata);
        VoucherCorpus corpus = new VoucherCorpus(seed, VoucherCorpus.Spoiling.REALISTIC, LocalDate.now().minusDays(1));
        if (out != null) {
            Files.createDirectories(out);
        }
        Map<String, int[]> byField = new LinkedHashMap<>();
        Map<VoucherKind, int[]> byKind = new LinkedHashMap<>();
        int autoApproved = 0;
        int wronglyAutoApproved = 0;
        int noCorrection = 0;
        long nanos = 0;
        List<String> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            VoucherCorpus.Sample sample = corpus.sample(i, List.of(VoucherKind.E_INVOICE, VoucherKind.THREE_PART, VoucherKind.RECEIPT).get(i % 3));
            long start = System.nanoTime();
            VoucherReading reading = reader.read(sample.file());
            nanos += System.nanoTime() - start;
            Map<String, String> truth = sample.truth().asText();
            Map<String, String> read = reading.fields().asText();
            boolean allRight = true;
            int[] kind = byKind.computeIfAbsent(sample.kind(), k -> new int[2]);
            for (String field : VoucherFields.NAMES) {
                boolean right = Objects.equals(truth.get(field), read.get(field));
                int[] f = byField.computeIfAbsent(field, k -> new int[2]);
                f[0] += right ? 1 : 0;
                f[1]++;
                kind[0] += right ? 1 : 0;
                kind[1]++;
                allRight &= right;
            }
            if (!reading.flagged()) {
                autoApproved++;
                wronglyAutoApproved += allRight ? 0 : 1;
            }
            noCorrection += allRight ? 1 : 0;
            if (out != null) {
                Files.write(out.resolve(sample.name()), sample.file());
                var row = DigitizeCommand.json(sample.name(), reading, true);
                row.put("kind", sample.kind().name());
                row.put("spoiling", sample.spoiling());
                row.set("truth", row.objectNode().pojoNode(truth));
                results.add(row.toString());
            }
        }
        if (out != null) {
            Files.write(out.resolve("results.jsonl"), results);
        }
        print.printf("digitize bench: %d vouchers (seed %d), one thread%n", count, seed);
        print.println("field accuracy by field:");
        byField.forEach((field, c) -> print.printf("  %-13s %6.2f %% (%d/%d)%n", field, 100.0 * c[0] / c[1], c[0], c[1]));
        print.println("field accuracy by voucher kind:");
        byKind.forEach((kind, c) -> print.printf("  %-13s %6.2f %% (%d/%d fields)%n", kind, 100.0 * c[0] / c[1], c[0], c[1]));
        int right = byField.values().stream().mapToInt(c -> c[0]).sum();
        int all = byField.values().stream().mapToInt(c -> c[1]).sum();
        print.printf("all fields: %.2f %% (%d/%d)%n", 100.0 * right / all, right, all);
        print.printf("needing no correction: %.1f %% (%d/%d)%n", 100.0 * noCorrection / count, noCorrection, count);
        print.printf("auto-approved (no field flagged): %.1f %% (%d/%d), of which wrong: %d%n",
                100.0 * autoApproved / count, autoApproved, count, wronglyAutoApproved);
        print.printf("seconds per voucher: %.3f%n", nanos / 1e9 / count);
        return 0;
    }
}
