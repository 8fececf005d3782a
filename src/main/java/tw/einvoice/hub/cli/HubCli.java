package tw.einvoice.hub.cli;

/** Entry of the command-line tools (picocli). */
public final class HubCli {

    private HubCli() {
    }

    /** True when the arguments name a CLI command rather than server options. */
    public static boolean isCommand(String[] args) {
        return false; // TODO cli helper
    }

    public static int run(String[] args) {
        return 0; // TODO cli helper
    }
}
