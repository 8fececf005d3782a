package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.Proofs;
import tw.einvoice.hub.print.QrPayload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "proof", mixinStandardHelpOptions = true,
        description = {"Renders an issued invoice's 5.7 cm proof (電子發票證明聯) as PNG or PDF, by the file name's extension.",
                "Carrier and donated invoices are not printed (domain rules) and are refused."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the invoice lacks a field, or is not printed by rule (reason on stderr)",
                "2:usage: file missing, --out not .png or .pdf, key not 32 hex digits"})
final class ProofCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "a canonical invoice")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "PROOF.png|pdf", description = "where to write the proof")
    Path out;

    @Option(names = "--key", paramLabel = "HEX", defaultValue = "F1A618ED8685B1A3B81E6CB6884617F4",
            description = "the seller's 32-hex-digit QR key (default: the MOF's public test key, and the proof is marked 測試)")
    String key;

    @Option(names = "--a4", description = "PDF on A4 rather than roll width")
    boolean a4;

    @Option(names = "--reprint", paramLabel = "N", defaultValue = "0", description = "mark the proof as the N-th reprint (補印)")
    int reprint;

    @Option(names = "--font", paramLabel = "FILE", description = "a CJK font file (default: the system's Noto Sans CJK TC)")
    String font;

    @Option(names = "--logo", paramLabel = "FILE", description = "an image printed at the top")
    String logo;

    @Option(names = "--remark", paramLabel = "TEXT", description = "a line printed under the codes")
    String remark;

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".pdf")) {
            throw new CliExit(CliExit.USAGE, "proof: --out must end in .png or .pdf: " + out);
        }
        QrPayload payload = QrCommand.payload("proof", file, key);
        CanonicalInvoice invoice = QrCommand.invoice("proof", file);
        Proofs.notPrintedReason(invoice).ifPresent(reason -> {
            throw new CliExit(CliExit.FAILED, "proof: " + file + ": " + reason);
        });
        ProofRenderer renderer;
        try {
            renderer = new ProofRenderer(new PrintProperties(font, logo, remark, false, null));
        } catch (IllegalStateException e) {
            throw new CliExit(CliExit.FAILED, "proof: " + e.getMessage());
        }
        boolean test = key.equalsIgnoreCase("F1A618ED8685B1A3B81E6CB6884617F4");
        ProofRenderer.Proof proof = new ProofRenderer.Proof(invoice, payload, reprint, test);
        byte[] bytes = name.endsWith(".png") ? renderer.png(proof)
                : renderer.pdf(List.of(proof), a4 ? ProofRenderer.Paper.A4 : ProofRenderer.Paper.ROLL);
        Files.write(out, bytes);
        spec.commandLine().getOut().println("proof: " + out + " (" + bytes.length + " bytes)");
        return 0;
    }
}
