package tw.einvoice.hub.intake;

import tw.einvoice.hub.rules.CanonicalShape;
import tw.einvoice.hub.rules.InvoiceText;

/**
 * Whether a record's key (connector, sourceRef) can be looked up and kept as it is. One that cannot is never sent
 * to the database: PostgreSQL refuses a NUL in a query parameter and a value longer than its column, and such a
 * failure used to fail the whole delivery instead of this one record.
 */
final class IntakeKeys {

    /** The rejected record's connector when the record named none the hub can keep; replay then reads the payload's. */
    static final String NO_CONNECTOR = "";
    /** The hub's seller_id columns: a BAN. */
    private static final int SELLER_ID_MAX = 8;

    private IntakeKeys() {
    }

    static boolean usableConnector(String connector) {
        return fits(connector, CanonicalShape.CONNECTOR_MAX);
    }

    static boolean usableSourceRef(String sourceRef) {
        return fits(sourceRef, CanonicalShape.SOURCE_REF_MAX);
    }

    /** The seller the rejected record is filed under (who may see it), when the record names one that fits. */
    static String keptSellerId(String sellerId) {
        return fits(sellerId, SELLER_ID_MAX) ? sellerId : null;
    }

    private static boolean fits(String value, int max) {
        return value != null && !value.isBlank() && InvoiceText.isCarriable(value) && InvoiceText.length(value) <= max;
    }
}
