package tw.einvoice.hub.numbering;

/** An assignment or allocation that breaks a numbering rule; {@link #reason()} is a stable code. */
public class AllocationRefused extends RuntimeException {

    public enum Reason {
        SELLER_UNKNOWN, BRANCH_UNKNOWN, INVOICE_TYPE, TRACK_FORMAT, NUMBER_FORMAT, PERIOD_FORMAT, PERIOD_ENDED,
        NOT_ASSIGNED, BOOKLET_BOUNDARY, OVERLAP, ALREADY_USED, NO_FREE_BOOKLETS, SHRINK_USED, NOT_FOUND
    }

    private final Reason reason;

    public AllocationRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
