package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "numbering", mixinStandardHelpOptions = true,
        description = "Invoice number ranges: 'usage' prints used / remaining / blank numbers per branch.")
class NumberingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: usage");
    }
}
