package tw.einvoice.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.AllowanceData;
import tw.einvoice.hub.mig.BranchTrackBlankData;
import tw.einvoice.hub.mig.BranchTrackData;
import tw.einvoice.hub.mig.CancelAllowanceData;
import tw.einvoice.hub.mig.CancelInvoiceData;
import tw.einvoice.hub.mig.ExchangeAnswerData;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.VoidInvoiceData;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Renders a JSON document as MIG 4.1 XML on stdout.",
                "F0401 (default): a canonical invoice with invoiceNumber, randomCode, issuedAt and seller.name "
                        + "filled. Other types take the JSON form of the hub's mig records: F0501 CancelInvoiceData, "
                        + "F0701 VoidInvoiceData, G0401 AllowanceData, G0501 CancelAllowanceData, E0401 "
                        + "BranchTrackData, E0402 BranchTrackBlankData (dates yyyy-MM-dd, times HH:mm:ss).",
                "B2B exchange: A0101 a canonical invoice to a buyer with a BAN (as F0401), A0201 CancelInvoiceData, "
                        + "A0102/A0202/A0301/A0302 ExchangeAnswerData (invoiceNumber, invoiceDate, buyerId, sellerId, "
                        + "date, time, reason for A0301, remark), B0101 AllowanceData, B0201 CancelAllowanceData, "
                        + "B0102/B0202 ExchangeAnswerData (invoiceNumber, invoiceDate: the allowance's).",
                "The XML is not validated here; pipe it to 'hub mig validate'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rendered", "1:the JSON cannot be rendered (message on stderr)",
                "2:file missing or unreadable"})
final class MigRenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "the document to render")
    Path file;

    @Option(names = "--type", paramLabel = "MSG", defaultValue = "F0401",
            description = "message to render: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    MigMessage type;

    @Option(names = "--b2c-tax-exclusive",
            description = "write a consumer invoice's SalesAmount without tax and TaxAmount separately "
                    + "(default: tax-inclusive SalesAmount, TaxAmount 0)")
    boolean b2cTaxExclusive;

    @Override
    public Integer call() {
        String text = CliFiles.read("mig render", file);
        MigWriter writer = new MigWriter(new MigWriter.Options(!b2cTaxExclusive, null));
        String xml;
        try {
            xml = switch (type) {
                case F0401 -> writer.invoice(invoice(text));
                case F0501 -> writer.cancel(read(text, CancelInvoiceData.class));
                case F0701 -> writer.voidInvoice(read(text, VoidInvoiceData.class));
                case G0401 -> writer.allowance(read(text, AllowanceData.class));
                case G0501 -> writer.cancelAllowance(read(text, CancelAllowanceData.class));
                case E0401 -> writer.branchTrack(read(text, BranchTrackData.class));
                case E0402 -> writer.branchTrackBlank(read(text, BranchTrackBlankData.class));
                case A0101 -> writer.exchangeInvoice(invoice(text));
                case A0201 -> writer.exchangeCancel(read(text, CancelInvoiceData.class));
                case A0102, A0202, A0301, A0302, B0102, B0202 ->
                        writer.exchangeAnswer(answer(read(text, ExchangeAnswerData.class)));
                case B0101 -> writer.exchangeAllowance(read(text, AllowanceData.class));
                case B0201 -> writer.exchangeCancelAllowance(read(text, CancelAllowanceData.class));
            };
        } catch (IllegalArgumentException e) {
            throw new CliExit(CliExit.FAILED, "mig render: " + e.getMessage());
        }
        spec.commandLine().getOut().print(xml);
        return 0;
    }

    /** The message type is the command's --type, whatever the document says. */
    private ExchangeAnswerData answer(ExchangeAnswerData d) {
        return new ExchangeAnswerData(type, d.invoiceNumber(), d.invoiceDate(), d.buyerId(), d.sellerId(), d.date(),
                d.time(), d.reason(), d.remark());
    }

    private static CanonicalInvoice invoice(String text) {
        try {
            return InvoiceJson.read(text);
        } catch (InvoiceFormatException e) {
            throw new IllegalArgumentException(ValidateCommand.path("", e.field()) + ": " + e.reason());
        }
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            T value = InvoiceJson.mapper().readValue(text, type);
            if (value == null) {
                throw new IllegalArgumentException("$: empty document");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
