package tw.einvoice.hub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * A rejected record's payload in its {@code jsonb} columns, whatever the payload holds.
 * <p>
 * jsonb cannot hold everything JSON can: it refuses a NUL (U+0000) in any string or name, a lone surrogate turns into
 * {@code ?} on the way in (the driver sends UTF-8, which cannot encode one), and a number such as {@code 1e999999999}
 * overflows it. Such a payload, and only such a payload, is kept as its JSON text with every non-ASCII and control
 * character escaped, inside {@code {"hub:json": "<text>"}}: the text is plain ASCII, which jsonb keeps as it is. Reading unwraps it, so callers always get the payload as it came. A payload that itself looks
 * like that envelope is wrapped too, so reading never mistakes one for the other.
 */
final class PayloadColumn {

    static final String ENVELOPE = "hub:json";

    /** Digits before or after the point beyond which a number is kept as text; PostgreSQL's numeric takes far more. */
    private static final int NUMBER_DIGITS = 1000;

    private static final ObjectWriter ESCAPED = InvoiceJson.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final ObjectReader READER = InvoiceJson.mapper().reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    private PayloadColumn() {
    }

    /** The text to cast to {@code jsonb}. */
    static String write(JsonNode payload) {
        if (fitsJsonb(payload) && !isEnvelope(payload)) {
            return payload.toString();
        }
        try {
            ObjectNode envelope = InvoiceJson.mapper().createObjectNode();
            envelope.put(ENVELOPE, ESCAPED.writeValueAsString(payload));
            return envelope.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payload could not be written as JSON", e);
        }
    }

    /** The payload as it came, from the column's text; null stays null. */
    static JsonNode read(String column) {
        JsonNode stored = InvoiceJson.tree(column);
        if (!isEnvelope(stored)) {
            return stored;
        }
        try {
            return READER.readTree(stored.get(ENVELOPE).textValue());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept payload is not JSON any more", e);
        }
    }

    private static boolean isEnvelope(JsonNode node) {
        return node != null && node.isObject() && node.size() == 1 && node.has(ENVELOPE) && node.get(ENVELOPE).isTextual();
    }

    private static boolean fitsJsonb(JsonNode node) {
        if (node == null) {
            return true;
        }
        if (node.isTextual()) {
            return fitsJsonb(node.textValue());
        }
        if (node.isNumber()) {
            return fitsNumeric(node);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!fitsJsonb(field.getKey()) || !fitsJsonb(field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!fitsJsonb(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean fitsJsonb(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsNumeric(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            return Double.isFinite(number.doubleValue());
        }
        if (number.isBigDecimal()) {
            BigDecimal d = number.decimalValue();
            long integerDigits = (long) d.precision() - d.scale();
            return integerDigits <= NUMBER_DIGITS && d.scale() <= NUMBER_DIGITS;
        }
        return !number.isBigInteger() || number.bigIntegerValue().bitLength() <= NUMBER_DIGITS * 3;
    }
}
