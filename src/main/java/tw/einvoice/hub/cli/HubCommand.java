package tw.einvoice.hub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "hub", mixinStandardHelpOptions = true, versionProvider = HubCommand.Version.class,
        description = {"einvoice-hub offline tools.",
                "The commands answer without starting the server, database or broker. Run the jar without a "
                        + "command, or with 'serve', to start the hub server."},
        footer = {"", "Run 'hub COMMAND --help' for a command's options."})
final class HubCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HubCli.class.getPackage().getImplementationVersion();
            return new String[] {"einvoice-hub " + (version == null ? "(development build)" : version)};
        }
    }
}
