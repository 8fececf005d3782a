package tw.einvoice.hub.mig;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.platform.TurnkeyStage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread CPU per invoice of the XML work the issue stage and the simulator do: render an F0401, parse it against the
 * schema with its DOM, and Turnkey's UpCast check of the same file. Not a test: run its main after test-compile.
 */
public final class XmlCostHarness {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        MigWriter writer = new MigWriter(MigWriter.Options.defaults());
        MigSchema schema = MigSchema.bundled();
        TurnkeyStage stage = TurnkeyStage.withSchemas(null);
        List<CanonicalInvoice> invoices = new ArrayList<>();
        for (int i = 0; i < 97; i++) {
            invoices.add(varied(i));
        }
        for (int round = 0; round < 5; round++) {
            long[] cpu = new long[3];
            for (int i = 0; i < n; i++) {
                CanonicalInvoice invoice = invoices.get(i % invoices.size());
                long t0 = mx.getCurrentThreadCpuTime();
                String xml = writer.invoice(invoice);
                long t1 = mx.getCurrentThreadCpuTime();
                MigSchema.Parsed parsed = schema.parse(MigMessage.F0401, xml);
                long t2 = mx.getCurrentThreadCpuTime();
                TurnkeyStage.Verdict verdict = stage.check(MigMessage.F0401, xml.getBytes(StandardCharsets.UTF_8));
                long t3 = mx.getCurrentThreadCpuTime();
                if (!parsed.valid() || !verdict.accepted()) {
                    throw new IllegalStateException(parsed.problems() + " " + verdict);
                }
                cpu[0] += t1 - t0;
                cpu[1] += t2 - t1;
                cpu[2] += t3 - t2;
            }
            System.out.printf("round %d (%d invoices): render %.3f ms, MigSchema.parse %.3f ms, TurnkeyStage.check %.3f ms,"
                    + " total %.3f ms CPU per invoice%n", round, n, cpu[0] / 1e6 / n, cpu[1] / 1e6 / n, cpu[2] / 1e6 / n,
                    (cpu[0] + cpu[1] + cpu[2]) / 1e6 / n);
        }
    }

    /** Invoices of 1 to 12 items, consumer and business buyers, varied names and amounts. */
    static CanonicalInvoice varied(int i) {
        CanonicalInvoice invoice = i % 3 == 0 ? MigSamples.b2b() : MigSamples.b2c();
        invoice.setInvoiceNumber("AB" + String.format("%08d", 1000 + i));
        invoice.setRandomCode(String.format("%04d", (i * 37) % 10000));
        invoice.setIssuedAt(invoice.getIssuedAt().plusMinutes(i * 7L));
        int items = 1 + i % 12;
        List<CanonicalInvoice.Item> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int k = 0; k < items; k++) {
            BigDecimal price = new BigDecimal(10 + (i * 13 + k * 7) % 500);
            BigDecimal qty = new BigDecimal(1 + k % 3);
            BigDecimal amount = price.multiply(qty);
            total = total.add(amount);
            lines.add(new CanonicalInvoice.Item("商品 " + i + "-" + k, qty, k % 2 == 0 ? "個" : null, price, amount, "1",
                    k % 4 == 0 ? "備註" + k : null));
        }
        invoice.setItems(lines);
        if (Boolean.TRUE.equals(invoice.getPricesIncludeTax())) {
            BigDecimal tax = total.multiply(new BigDecimal("0.05")).divide(new BigDecimal("1.05"), 0,
                    java.math.RoundingMode.HALF_UP);
            invoice.setTotalAmount(total);
            invoice.setTaxAmount(tax);
            invoice.setSalesAmount(total.subtract(tax));
        } else {
            BigDecimal tax = total.multiply(new BigDecimal("0.05")).setScale(0, java.math.RoundingMode.HALF_UP);
            invoice.setSalesAmount(total);
            invoice.setTaxAmount(tax);
            invoice.setTotalAmount(total.add(tax));
        }
        return invoice;
    }
}
