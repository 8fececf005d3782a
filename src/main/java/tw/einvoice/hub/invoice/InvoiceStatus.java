package tw.einvoice.hub.invoice;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of one invoice in the ledger. */
public enum InvoiceStatus {
    RECEIVED, ISSUED, SENT, CONFIRMED, REJECTED, CANCELLED, VOIDED;

    /** The statuses a transition into this one may start from. */
    public Set<InvoiceStatus> allowedFrom() {
        return switch (this) {
            case RECEIVED -> EnumSet.noneOf(InvoiceStatus.class);
            case ISSUED -> EnumSet.of(RECEIVED, VOIDED, REJECTED);
            case SENT -> EnumSet.of(ISSUED, REJECTED);
            case CONFIRMED, REJECTED -> EnumSet.of(SENT);
            case CANCELLED -> EnumSet.of(ISSUED, SENT, CONFIRMED);
            case VOIDED -> EnumSet.of(CONFIRMED);
        };
    }
}
