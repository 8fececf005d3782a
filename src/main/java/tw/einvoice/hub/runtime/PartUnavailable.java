package tw.einvoice.hub.runtime;

/**
 * An outside part the hub needs (Turnkey's UpCast folder or SFTP host, say) could not be reached: the same work
 * succeeds once it is back, so it counts as an outage ({@link Outages#isOutage}) and is retried until then rather
 * than dead-lettered.
 */
public class PartUnavailable extends RuntimeException {

    private final String part;

    public PartUnavailable(String part, String message, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    /** The part, as {@link OutageBoard} names it. */
    public String part() {
        return part;
    }
}
