package tw.einvoice.hub.cli;

/** Ends a command with a message on stderr and an exit code, without a stack trace. */
final class CliExit extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final int code;

    CliExit(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
