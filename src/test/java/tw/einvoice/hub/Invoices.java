package tw.einvoice.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** Canonical invoices for tests: valid by default, changed by the test to break one thing. */
public final class Invoices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Invoices() {
    }

    /** A valid B2C invoice of the demo seller: one item of 105 NTD, tax included, mobile-barcode carrier. */
    public static ObjectNode valid(String sourceRef) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("connector", "test");
        doc.put("sourceRef", sourceRef);
        doc.put("sellerId", HubIntegrationTest.DEMO_SELLER);
        doc.put("issuedAt", OffsetDateTime.now(ZoneId.of("Asia/Taipei")).truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode carrier = doc.putObject("carrier");
        carrier.put("type", "3J0002");
        carrier.put("id", "/ABC+123");
        doc.put("taxType", "1");
        doc.put("pricesIncludeTax", true);
        ArrayNode items = doc.putArray("items");
        ObjectNode item = items.addObject();
        item.put("description", "乾電池");
        item.put("quantity", 1);
        item.put("unit", "個");
        item.put("unitPrice", 105);
        item.put("amount", 105);
        doc.put("totalAmount", 105);
        return doc;
    }

    public static ArrayNode batch(String prefix, int n) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            batch.add(valid(prefix + "-" + i));
        }
        return batch;
    }
}
