package tw.einvoice.hub.mig;

/** XML that cannot be read as the expected MIG or Turnkey document (not well-formed, a DOCTYPE, a bad value). */
public class MigFormatException extends RuntimeException {

    public MigFormatException(String message) {
        super(message);
    }

    public MigFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
