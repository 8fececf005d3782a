package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.TurnkeyRules;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.signing.MessageArchive;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "mig", mixinStandardHelpOptions = true,
        description = "F0401 messages rendered, held to Turnkey's program rules and the XSD, and sealed for the archive "
                + "per second, on this thread.")
class BenchMigCommand implements Callable<Integer> {

    /** render, rules, schema, seal */
    private static final int STAGES = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "5000", description = "Messages to time (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "2000", description = "Messages made first and not timed (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--items", defaultValue = "3", description = "Items per invoice (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--seal-batch", defaultValue = "200",
            description = "Messages per archive signature, as the issue stage seals a batch (default ${DEFAULT-VALUE}, "
                    + "hub.issue.batch-size's default; 1: a signature per message).")
    int sealBatch;

    @Override
    public Integer call() throws IOException {
        Path certs = Files.createTempDirectory("hub-bench-certs");
        MigWriter writer = new MigWriter(MigWriter.Options.defaults());
        MigSchema schema = MigSchema.bundled();
        MessageArchive archive = MessageArchive.withTestCertificates(certs, ban -> Optional.of("Bench"));
        CanonicalInvoice invoice = sample(items);
        long[] nanos = new long[STAGES];
        List<byte[]> unsealed = new java.util.ArrayList<>();
        for (int i = 0; i < warmup; i++) {
            once(invoice, i, writer, schema, archive, unsealed, new long[STAGES]);
        }
        unsealed.clear();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            once(invoice, warmup + i, writer, schema, archive, unsealed, nanos);
        }
        seal(invoice.getSellerId(), archive, unsealed, 1, nanos);
        double seconds = (System.nanoTime() - start) / 1e9;
        var out = spec.commandLine().getOut();
        out.printf("messages: %d F0401 with %d items, one thread, one archive signature per %d messages%n", count,
                items, sealBatch);
        out.printf("render+validate+seal: %.0f messages/s (%.3f ms each)%n", count / seconds, seconds * 1000 / count);
        out.printf("  render   %.3f ms%n  rules    %.3f ms (Turnkey's program rules, on the parsed DOM)%n"
                        + "  schema   %.3f ms (validated while the DOM is built)%n  seal     %.3f ms%n", nanos[0] / 1e6 / count, nanos[1] / 1e6 / count, nanos[2] / 1e6 / count,
                nanos[3] / 1e6 / count);
        return 0;
    }

    /** One message the way the issue stage makes it: rendered, read once for the schema and the rules, sealed. */
    private void once(CanonicalInvoice invoice, int i, MigWriter writer, MigSchema schema, MessageArchive archive,
                      List<byte[]> unsealed, long[] nanos) {
        invoice.setInvoiceNumber("AB" + String.format("%08d", i % 100_000_000));
        long t0 = System.nanoTime();
        String xml = writer.invoice(invoice);
        long t1 = System.nanoTime();
        MigSchema.Parsed parsed = schema.parse(MigMessage.F0401, xml);
        if (!parsed.valid()) {
            throw new IllegalStateException("benchmark invoice is not valid: " + parsed.problems());
        }
        long t2 = System.nanoTime();
        List<Violation> refused = TurnkeyRules.check(MigMessage.F0401, parsed.document());
        if (!refused.isEmpty()) {
            throw new IllegalStateException("benchmark invoice breaks Turnkey's rules: " + refused);
        }
        long t3 = System.nanoTime();
        nanos[0] += t1 - t0;
        nanos[1] += t3 - t2;
        nanos[2] += t2 - t1;
        unsealed.add(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        seal(invoice.getSellerId(), archive, unsealed, sealBatch, nanos);
    }

    private static void seal(String seller, MessageArchive archive, List<byte[]> unsealed, int batch, long[] nanos) {
        if (unsealed.size() >= batch) {
            long t0 = System.nanoTime();
            archive.sealBatch(seller, List.copyOf(unsealed));
            nanos[3] += System.nanoTime() - t0;
            unsealed.clear();
        }
    }

    static CanonicalInvoice sample(int items) {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setConnector("bench");
        invoice.setSourceRef("bench");
        invoice.setSellerId("04595257");
        invoice.setSeller(new CanonicalInvoice.Party("04595257", "範例商行", null, null, "臺北市中正區示範路1號"));
        invoice.setInvoiceType("07");
        invoice.setIssuedAt(OffsetDateTime.now(ZoneId.of("Asia/Taipei")).withNano(0));
        invoice.setRandomCode("1234");
        invoice.setBuyer(new CanonicalInvoice.Party("0000000000", null, null, null, null));
        invoice.setCarrier(new CanonicalInvoice.Carrier("3J0002", "/ABC+123"));
        invoice.setPrint(false);
        invoice.setTaxType("1");
        invoice.setTaxRate(new BigDecimal("0.05"));
        invoice.setPricesIncludeTax(true);
        List<CanonicalInvoice.Item> lines = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) {
            lines.add(new CanonicalInvoice.Item("商品 " + (i + 1), BigDecimal.ONE, "個", new BigDecimal("105"),
                    new BigDecimal("105"), "1", null));
        }
        invoice.setItems(lines);
        BigDecimal total = new BigDecimal(105L * items);
        BigDecimal tax = total.multiply(new BigDecimal("0.05")).divide(new BigDecimal("1.05"), 0, java.math.RoundingMode.HALF_UP);
        invoice.setTotalAmount(total);
        invoice.setTaxAmount(tax);
        invoice.setSalesAmount(total.subtract(tax));
        invoice.setFreeTaxSalesAmount(BigDecimal.ZERO);
        invoice.setZeroTaxSalesAmount(BigDecimal.ZERO);
        return invoice;
    }
}
