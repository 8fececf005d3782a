package tw.einvoice.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.SellerRegistry;
import tw.einvoice.hub.rules.Violation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a canonical invoice file against the hub's rules, offline.",
                "FILE.json holds one canonical invoice or a JSON array of them. Any seller and branch is accepted; "
                        + "everything else is checked as the server would. Prints 'ok', or one line per problem "
                        + "as 'field: message' (array elements prefixed [i])."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:rule violations, or not a canonical invoice", "2:file missing or unreadable"})
final class ValidateCommand implements Callable<Integer> {

    private final Clock clock;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "canonical invoice JSON")
    Path file;

    ValidateCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        String text = CliFiles.read("validate", file);
        InvoiceValidator validator = new InvoiceValidator(RuleSettings.defaults(), SellerRegistry.ANY, clock);
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = CliFiles.parse(text);
        } catch (JsonProcessingException e) {
            problems.add("$: not valid JSON: " + e.getOriginalMessage());
            root = null;
        }
        if (root == null && problems.isEmpty()) {
            problems.add("$: empty document");
        } else if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                check(validator, root.get(i), "[" + i + "]", problems);
            }
        } else if (root != null) {
            check(validator, root, "", problems);
        }

        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            out.println("ok");
            return 0;
        }
        problems.forEach(out::println);
        return 1;
    }

    private static void check(InvoiceValidator validator, JsonNode node, String prefix, List<String> problems) {
        CanonicalInvoice invoice;
        try {
            invoice = InvoiceJson.read(node);
        } catch (InvoiceFormatException e) {
            problems.add(path(prefix, e.field()) + ": " + e.reason());
            return;
        }
        for (Violation v : validator.validate(invoice)) {
            problems.add(path(prefix, v.field()) + ": " + v.messageEn());
        }
    }

    static String path(String prefix, String field) {
        if (field == null || field.isBlank() || field.equals("$")) {
            return prefix.isEmpty() ? "$" : prefix;
        }
        if (prefix.isEmpty() || field.startsWith("[")) {
            return prefix + field;
        }
        return prefix + "." + field;
    }
}
