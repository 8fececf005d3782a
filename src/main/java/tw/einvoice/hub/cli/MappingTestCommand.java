package tw.einvoice.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.intake.MappingException;
import tw.einvoice.hub.intake.Mappings;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.MigFormatException;
import tw.einvoice.hub.mig.MigJson;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs a JSONata mapping on a sample and prints the canonical invoice JSON.",
                "Prints a JSON array when the mapping yields several invoices. Output that is not a canonical "
                        + "invoice is printed as the mapping produced it, with the offending fields on stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:output is canonical", "1:mapping failed, or its output is not a canonical invoice",
                "2:file missing or unreadable"})
final class MappingTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mapping", required = true, paramLabel = "FILE.jsonata", description = "the mapping to run")
    Path mapping;

    @Option(names = "--input", required = true, paramLabel = "FILE.json",
            description = {"sample source record as JSON (for csv-default: an array of row objects),",
                    "or a MIG F0401 .xml file, turned into the JSON tree a file drop gives mig-f0401"})
    Path input;

    @Override
    public Integer call() throws JsonProcessingException {
        CliFiles.read("mapping test", mapping);
        JsonNode source;
        String text = CliFiles.read("mapping test", input);
        if (input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
            try {
                source = MigJson.f0401(new java.io.ByteArrayInputStream(java.nio.file.Files.readAllBytes(input)));
            } catch (MigFormatException | java.io.IOException e) {
                throw new CliExit(CliExit.FAILED, "mapping test: " + input + " is not an F0401 message: " + e.getMessage());
            }
        } else {
            try {
                source = CliFiles.parse(text);
            } catch (JsonProcessingException e) {
                throw new CliExit(CliExit.FAILED, "mapping test: " + input + " is not valid JSON: " + e.getOriginalMessage());
            }
        }

        JsonNode result;
        try {
            result = Mappings.applyFile(mapping, source);
        } catch (MappingException e) {
            throw new CliExit(CliExit.FAILED, e.getMessage());
        }
        if (result.isNull()) {
            throw new CliExit(CliExit.FAILED, "mapping " + mapping + " produced no result for " + input);
        }

        List<String> problems = new ArrayList<>();
        List<CanonicalInvoice> invoices = new ArrayList<>();
        if (result.isArray()) {
            for (int i = 0; i < result.size(); i++) {
                read(result.get(i), "[" + i + "]", invoices, problems);
            }
        } else {
            read(result, "", invoices, problems);
        }

        PrintWriter out = spec.commandLine().getOut();
        if (!problems.isEmpty()) {
            out.println(pretty(result));
            PrintWriter err = spec.commandLine().getErr();
            err.println("mapping output is not a canonical invoice:");
            problems.forEach(err::println);
            return CliExit.FAILED;
        }
        // Printed from the model, not the tree: every canonical field shows (an author sees what the mapping
        // leaves null) and amounts print as written (a JsonNode would normalise 50 to 5E+1).
        out.println(result.isArray() ? pretty(invoices) : InvoiceJson.write(invoices.get(0)));
        return 0;
    }

    /* Reading through the model is the check: it fails exactly where the REST API would. */
    private static void read(JsonNode node, String prefix, List<CanonicalInvoice> invoices, List<String> problems) {
        if (!node.isObject()) {
            problems.add((prefix.isEmpty() ? "$" : prefix) + ": expected an invoice object but got " + node.getNodeType());
            return;
        }
        try {
            invoices.add(InvoiceJson.read(node));
        } catch (InvoiceFormatException e) {
            problems.add(ValidateCommand.path(prefix, e.field()) + ": " + e.reason());
        }
    }

    private static String pretty(Object value) throws JsonProcessingException {
        return InvoiceJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
