package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.print.QrPayload;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "qr", mixinStandardHelpOptions = true,
        description = {"Prints what an issued invoice's proof codes carry: three lines 'barcode: ', 'left: ' and 'right: '.",
                "The canonical invoice needs invoiceNumber, randomCode, issuedAt, sellerId and totalAmount; printed, "
                        + "carrier and donated invoices alike (the payload exists even where no paper is printed)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:the invoice lacks a field the codes need (named on stderr)",
                "2:usage: file missing or unreadable, key not 32 hex digits"})
final class QrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "HEX", description = "the seller's 32-hex-digit QR key")
    String key;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "a canonical invoice")
    Path file;

    @Override
    public Integer call() {
        QrPayload payload = payload("qr", file, key);
        PrintWriter out = spec.commandLine().getOut();
        out.println("barcode: " + payload.barcode());
        out.println("left: " + payload.left());
        out.println("right: " + payload.right());
        return 0;
    }

    static CanonicalInvoice invoice(String command, Path file) {
        String text = CliFiles.read(command, file);
        try {
            return InvoiceJson.read(text);
        } catch (InvoiceFormatException e) {
            throw new CliExit(CliExit.FAILED, command + ": " + ValidateCommand.path("", e.field()) + ": " + e.reason());
        }
    }

    static QrPayload payload(String command, Path file, String key) {
        if (key == null || !key.matches("[0-9A-Fa-f]{32}")) {
            throw new CliExit(CliExit.USAGE, command + ": --key must be 32 hexadecimal digits (the seller's QR key)");
        }
        CanonicalInvoice invoice = invoice(command, file);
        try {
            return QrPayload.of(invoice, key);
        } catch (IllegalArgumentException e) {
            throw new CliExit(CliExit.FAILED, command + ": " + file + ": " + e.getMessage());
        }
    }
}
