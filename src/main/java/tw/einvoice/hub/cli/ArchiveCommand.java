package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "The tamper-evident archive of emitted messages: 'verify' re-checks every stored message against its seal.")
class ArchiveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: verify");
    }
}
