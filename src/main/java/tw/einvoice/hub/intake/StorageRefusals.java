package tw.einvoice.hub.intake;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.rules.ViolationCode;

import java.util.Map;

/**
 * What the database's refusal of a valid invoice says about it. A number taken meanwhile by another delivery is a plain
 * violation; anything else is a hub defect (the rules should have refused the value first), named at the field when
 * PostgreSQL names the column. The database's own message stays in the log: it may quote the value and the schema.
 */
final class StorageRefusals {

    private static final String NUMBER_TAKEN = "invoice_number_unique";

    private static final Map<String, String> FIELDS = Map.of(
            "connector", "connector",
            "source_ref", "sourceRef",
            "seller_id", "sellerId",
            "branch_id", "branchId",
            "invoice_type", "invoiceType",
            "invoice_number", "invoiceNumber",
            "random_code", "randomCode",
            "issued_at", "issuedAt",
            "buyer_id", "buyer.id",
            "total_amount", "totalAmount");

    private StorageRefusals() {
    }

    static Violation violation(RuntimeException failure, CanonicalInvoice invoice) {
        PSQLException refusal = psql(failure);
        ServerErrorMessage detail = refusal == null ? null : refusal.getServerErrorMessage();
        if (detail != null && NUMBER_TAKEN.equals(detail.getConstraint())) {
            return ViolationCode.NUMBER_ALREADY_USED.at("invoiceNumber", invoice.getInvoiceNumber());
        }
        String field = detail == null || detail.getColumn() == null ? "$" : FIELDS.getOrDefault(detail.getColumn(), "$");
        String what = refusal == null ? failure.getClass().getSimpleName()
                : "the database refused it, SQLState " + refusal.getSQLState();
        return ViolationCode.HUB_DEFECT.at(field, field, what);
    }

    /** The failure for a log line: its kind and SQLState, not the database's message, which may quote the data. */
    static String describe(RuntimeException failure) {
        PSQLException refusal = psql(failure);
        return failure.getClass().getSimpleName() + (refusal == null ? "" : ", SQLState " + refusal.getSQLState());
    }

    private static PSQLException psql(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException p) {
                return p;
            }
        }
        return null;
    }
}
