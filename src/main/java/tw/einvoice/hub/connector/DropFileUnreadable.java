package tw.einvoice.hub.connector;

/** The file as a whole cannot be read (format, encoding, size, zip bomb, external links): it goes to error/. */
public class DropFileUnreadable extends RuntimeException {

    public DropFileUnreadable(String message) {
        super(message);
    }

    public DropFileUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
