package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes into the rejected record's jsonb columns, and that reading gives back the payload as it came. */
class PayloadColumnTest {

    private static ObjectNode payload() {
        ObjectNode doc = InvoiceJson.mapper().createObjectNode();
        doc.put("sourceRef", "SO-1");
        doc.putArray("items").addObject().put("description", "乾電池").put("amount", new BigDecimal("105.0"));
        return doc;
    }

    @Test
    void ordinaryPayloadIsStoredAsItsOwnJson() {
        ObjectNode doc = payload();

        assertThat(PayloadColumn.write(doc)).isEqualTo(doc.toString());
        assertThat(PayloadColumn.read(PayloadColumn.write(doc))).isEqualTo(doc);
    }

    @Test
    void nulIsKeptAsPlainAsciiTextThatJsonbTakesAndReadBackAsANul() {
        ObjectNode doc = payload();
        ((ObjectNode) doc.get("items").get(0)).put("description", "乾\u0000電池");

        String column = PayloadColumn.write(doc);

        // jsonb refuses the JSON escape of a NUL itself; an escaped backslash followed by "u0000" is plain text to it
        assertThat(column).matches("\\p{ASCII}*").doesNotContainPattern("(?<!\\\\)\\\\u0000");
        assertThat(InvoiceJson.tree(column).fieldNames()).toIterable().containsExactly(PayloadColumn.ENVELOPE);
        assertThat(PayloadColumn.read(column)).isEqualTo(doc);
    }

    @Test
    void nulInAFieldNameIsKeptToo() {
        ObjectNode doc = payload();
        doc.put("re\u0000mark", "x");

        assertThat(PayloadColumn.read(PayloadColumn.write(doc))).isEqualTo(doc);
    }

    @Test
    void loneSurrogateSurvivesInsteadOfBecomingAQuestionMark() {
        ObjectNode doc = payload();
        doc.put("sourceRef", "SO-\uD800");

        JsonNode back = PayloadColumn.read(PayloadColumn.write(doc));

        assertThat(back.get("sourceRef").textValue()).isEqualTo("SO-\uD800");
    }

    @Test
    void pairedSurrogatesNeedNoEnvelope() {
        ObjectNode doc = payload();
        doc.put("sourceRef", "SO-😀");

        assertThat(PayloadColumn.write(doc)).isEqualTo(doc.toString());
    }

    @Test
    void numberTooLargeForPostgresNumericKeepsItsSpelling() {
        ObjectNode doc = payload();
        doc.put("totalAmount", new BigDecimal("1E+999999999"));

        JsonNode back = PayloadColumn.read(PayloadColumn.write(doc));

        assertThat(back.get("totalAmount").decimalValue()).isEqualByComparingTo("1E+999999999");
    }

    @Test
    void payloadShapedLikeTheEnvelopeIsWrappedSoItIsNotMistakenForOne() {
        ObjectNode doc = InvoiceJson.mapper().createObjectNode();
        doc.put(PayloadColumn.ENVELOPE, "{\"a\":1}");

        assertThat(PayloadColumn.read(PayloadColumn.write(doc))).isEqualTo(doc);
    }
}
