package tw.einvoice.hub.numbering;

/** The branch has no (or not enough) numbers left in the period: its invoices wait for a new range. */
public class RangeExhaustedException extends RuntimeException {

    public RangeExhaustedException(String sellerId, String branchId, String invoiceType, String period, int wanted) {
        super("no numbers left for seller " + sellerId + " branch " + branchId + " type " + invoiceType
                + " period " + period + " (" + wanted + " wanted); add a range");
    }
}
