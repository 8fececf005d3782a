package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.mig.MigFormatException;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.TurnkeyRules;
import tw.einvoice.hub.rules.Violation;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates a MIG 4.1 message against the XSDs and Turnkey's program rules, offline.",
                "The message type (F0401, F0501, F0701, G0401, G0501, E0401, E0402) comes from the root element's "
                        + "namespace. Prints 'valid', or one line per problem: 'line:column: message' for the "
                        + "schema, then 'element/path: CODE: message' for each rule Turnkey would refuse the file "
                        + "by (its code 7001). A DOCTYPE is refused, never resolved."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid, breaks a Turnkey rule, not well-formed, or not a MIG 4.1 message",
                "2:file or schema folder missing or unusable"})
final class MigValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.xml", description = "the message to validate")
    Path file;

    @Option(names = "--xsd-dir", paramLabel = "DIR",
            description = "validate with the official schemas in DIR (laid out like the MOF distribution: "
                    + "v41/<MSG>.xsd and common/GenericType_4.0.xsd) instead of the hub's own")
    Path xsdDir;

    @Override
    public Integer call() {
        String xml = CliFiles.read("mig validate", file);
        MigSchema schema = schema();
        List<MigSchema.Problem> problems;
        try {
            problems = schema.validate(xml);
        } catch (IllegalStateException e) {
            // A schema that does not compile is the folder's fault, not the message's.
            throw new CliExit(CliExit.USAGE, "mig validate: " + e.getMessage());
        }
        List<Violation> refused = turnkeyRules(xml);
        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty() && refused.isEmpty()) {
            out.println("valid");
            return 0;
        }
        problems.forEach(p -> out.println(p.line() + ":" + p.column() + ": " + p.message()));
        refused.forEach(v -> out.println(v.field() + ": " + v.code() + ": " + v.messageEn()));
        return 1;
    }

    /** Turnkey checks its rules only on a file that passed its schema; here both are told at once. */
    private static List<Violation> turnkeyRules(String xml) {
        try {
            return TurnkeyRules.check(xml);
        } catch (MigFormatException e) {
            return List.of(); // not well-formed, or not the message its namespace names: the schema said so
        }
    }

    private MigSchema schema() {
        if (xsdDir == null) {
            return MigSchema.bundled();
        }
        if (!Files.isDirectory(xsdDir)) {
            throw new CliExit(CliExit.USAGE, "mig validate: no such folder: " + xsdDir);
        }
        try {
            return MigSchema.fromFolder(xsdDir);
        } catch (IllegalArgumentException e) {
            throw new CliExit(CliExit.USAGE, "mig validate: " + e.getMessage());
        }
    }
}
