package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.digitize.VoucherFields;
import tw.einvoice.hub.digitize.VoucherReader;
import tw.einvoice.hub.digitize.VoucherReading;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "digitize", mixinStandardHelpOptions = true,
        description = {"Reads voucher images (PNG, JPEG, TIFF, PDF): one JSON object a line with file, invoiceNumber, "
                + "date (yyyy-MM-dd), sellerId, buyerId, salesAmount, taxAmount, totalAmount, source (qr or ocr) and "
                + "confidence (the least sure field, 0..1); fields not found are null.",
                "'digitize bench' renders a corpus and reports the accuracy. Needs the Debian packages tesseract-ocr and "
                        + "tesseract-ocr-chi-tra for vouchers without QR codes; no database, no server."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file read (fields may still be null or flagged)", "1:a file could not be opened (named on stderr; the others are still printed)",
                "2:usage"})
final class DigitizeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--tessdata", paramLabel = "DIR", description = "Tesseract models (default $TESSDATA_PREFIX or /usr/share/tesseract-ocr/5/tessdata)")
    String tessdata;

    @Option(names = "--flags", description = "also print the fields flagged for review and why")
    boolean flags;

    @Option(names = "--text", description = "also print the recognised text (OCR) or the decoded codes (QR)")
    boolean text;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "voucher image or PDF files")
    List<Path> images;

    @Override
    public Integer call() {
        if (images == null || images.isEmpty()) {
            throw new CliExit(CliExit.USAGE, "digitize: name at least one IMAGE, or run 'digitize bench'");
        }
        VoucherReader reader = new VoucherReader(tessdata);
        PrintWriter out = spec.commandLine().getOut();
        int status = 0;
        for (Path image : images) {
            try {
                VoucherReading reading = reader.read(Files.readAllBytes(image));
                String line = line(image.toString(), reading, flags);
                out.println(text ? line.substring(0, line.length() - 1) + ",\"text\":" + JSON.valueToTree(reading.text()) + "}" : line);
            } catch (IOException e) {
                spec.commandLine().getErr().println("digitize: " + image + ": " + e.getMessage());
                status = CliExit.FAILED;
            }
        }
        return status;
    }

    static String line(String file, VoucherReading reading, boolean withFlags) {
        return json(file, reading, withFlags).toString();
    }

    static ObjectNode json(String file, VoucherReading reading, boolean withFlags) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", file);
        VoucherFields f = reading.fields();
        o.put("invoiceNumber", f.invoiceNumber());
        o.put("date", f.date() == null ? null : f.date().toString());
        o.put("sellerId", f.sellerId());
        o.put("buyerId", f.buyerId());
        o.put("salesAmount", f.salesAmount());
        o.put("taxAmount", f.taxAmount());
        o.put("totalAmount", f.totalAmount());
        o.put("source", "none".equals(reading.source()) ? null : reading.source());
        o.put("confidence", Math.round(reading.overallConfidence() * 100) / 100.0);
        if (withFlags) {
            o.set("flags", JSON.valueToTree(reading.flags()));
        }
        return o;
    }
}
