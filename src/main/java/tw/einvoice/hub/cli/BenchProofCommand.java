package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.QrPayload;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "proof", mixinStandardHelpOptions = true,
        description = "Proofs (5.7 cm, payload + codes + layout) rendered per second as PNG and as roll PDF, on this thread.")
class BenchProofCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "300", description = "Proofs to time per format (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "100", description = "Proofs made first and not timed (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--items", defaultValue = "3", description = "Items per invoice (default ${DEFAULT-VALUE}).")
    int items;

    @Override
    public Integer call() {
        ProofRenderer renderer = new ProofRenderer(PrintProperties.defaults());
        CanonicalInvoice invoice = BenchMigCommand.sample(items);
        invoice.setCarrier(null);
        invoice.setPrint(true);
        var out = spec.commandLine().getOut();
        out.printf("proofs: %d per format, %d items, 12 dots/mm, one thread%n", count, items);
        for (String format : List.of("png", "pdf")) {
            for (int i = 0; i < warmup; i++) {
                once(renderer, invoice, i, format);
            }
            long bytes = 0;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                bytes += once(renderer, invoice, warmup + i, format);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%s: %.0f proofs/s (%.2f ms each, %d bytes each)%n", format, count / seconds, seconds * 1000 / count, bytes / count);
        }
        return 0;
    }

    private static int once(ProofRenderer renderer, CanonicalInvoice invoice, int i, String format) {
        invoice.setInvoiceNumber("AB" + String.format("%08d", i % 100_000_000));
        QrPayload payload = QrPayload.of(invoice, "F1A618ED8685B1A3B81E6CB6884617F4");
        ProofRenderer.Proof proof = new ProofRenderer.Proof(invoice, payload, 0, false);
        return "png".equals(format) ? renderer.png(proof).length : renderer.pdf(List.of(proof), ProofRenderer.Paper.ROLL).length;
    }
}
