package tw.einvoice.hub.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's records: canonical invoices of the demo seller spread over its two branches (so both ranges are numbered),
 * with every {@value #INVALID_EVERY}th record broken in one known way, so that rejected records exist and can be
 * checked for their reason. Source references are {@code <run>-<n>}, the idempotency key a retried batch repeats.
 */
final class CrashRecords {

    static final String CONNECTOR = "crash";
    static final String SELLER = "04595257";
    static final List<String> BRANCHES = List.of("TPE01", "KHH01");
    static final int INVALID_EVERY = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record as sent, and for a broken one the violation code intake must keep with it. */
    record Record(String sourceRef, ObjectNode json, String expectedViolation) {
        boolean valid() {
            return expectedViolation == null;
        }
    }

    private CrashRecords() {
    }

    /** {@code invoices} valid records and, among them, one broken record for every {@value #INVALID_EVERY} of them. */
    static List<Record> generate(String run, int invoices) {
        List<Record> records = new ArrayList<>();
        int n = 0;
        for (int valid = 0; valid < invoices; n++) {
            String ref = run + "-" + n;
            if (n % INVALID_EVERY == INVALID_EVERY / 2) {
                records.add(broken(ref, n));
            } else {
                records.add(new Record(ref, invoice(ref, BRANCHES.get(valid % BRANCHES.size())), null));
                valid++;
            }
        }
        return records;
    }

    private static ObjectNode invoice(String ref, String branch) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("connector", CONNECTOR);
        doc.put("sourceRef", ref);
        doc.put("sellerId", SELLER);
        doc.put("branchId", branch);
        ObjectNode carrier = doc.putObject("carrier");
        carrier.put("type", "3J0002");
        carrier.put("id", "/ABC+123");
        doc.put("taxType", "1");
        doc.put("pricesIncludeTax", true);
        ObjectNode item = doc.putArray("items").addObject();
        item.put("description", "乾電池");
        item.put("quantity", 1);
        item.put("unit", "個");
        item.put("unitPrice", 105);
        item.put("amount", 105);
        doc.put("totalAmount", 105);
        return doc;
    }

    /** Alternately a total that is not the sum of its parts and a carrier type nobody issued. */
    private static Record broken(String ref, int n) {
        ObjectNode doc = invoice(ref, BRANCHES.get(0));
        if ((n / INVALID_EVERY) % 2 == 0) {
            doc.put("totalAmount", 106);
            return new Record(ref, doc, "TOTAL_AMOUNT_MISMATCH");
        }
        ((ObjectNode) doc.get("carrier")).put("type", "XX9999");
        return new Record(ref, doc, "CARRIER_TYPE_UNKNOWN");
    }
}
