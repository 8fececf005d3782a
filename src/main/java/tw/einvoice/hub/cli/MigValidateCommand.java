package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.mig.MigSchema;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates a MIG 4.1 message against the XSDs, offline.",
                "The message type (F0401, F0501, F0701, G0401, G0501, E0401, E0402) comes from the root element's "
                        + "namespace. Prints 'valid', or one line per problem as 'line:column: message'. "
                        + "A DOCTYPE is refused, never resolved."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid, not well-formed, or not a MIG 4.1 message",
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
        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            out.println("valid");
            return 0;
        }
        problems.forEach(p -> out.println(p.line() + ":" + p.column() + ": " + p.message()));
        return 1;
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
