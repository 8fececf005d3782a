package tw.einvoice.hub.drop;

/** The file as a whole cannot be read (format, encoding, size, zip bomb, external links): it goes to error/. */
public class DropFileUnreadable extends RuntimeException {

    DropFileUnreadable(String message) {
        super(message);
    }

    DropFileUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
