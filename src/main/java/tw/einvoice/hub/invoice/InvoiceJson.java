package tw.einvoice.hub.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes the canonical JSON. Shared by the server and the CLI so both accept exactly
 * the same documents; a parse failure names the field that broke it.
 */
public final class InvoiceJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // keep 50 as 50 in trees, not 5E+1
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    static {
        // Types are the contract: "sellerId": 12345676 must not become a string past the checks made on strings, nor
        // "print": "yes" a guess. Intake names each such field first (rules.CanonicalShape); this keeps every other
        // reader (CLI, corrections of issued invoices) as strict.
        MAPPER.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] {LogicalType.Float, LogicalType.Integer, LogicalType.Boolean}) {
            MAPPER.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    private InvoiceJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static CanonicalInvoice read(JsonNode node) {
        try {
            return MAPPER.treeToValue(node, CanonicalInvoice.class);
        } catch (JsonProcessingException e) {
            throw formatError(e);
        }
    }

    public static CanonicalInvoice read(String json) {
        try {
            return read(MAPPER.readTree(json));
        } catch (InvoiceFormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvoiceFormatException("$", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses stored or received JSON text; null stays null. */
    public static JsonNode tree(String json) {
        try {
            return json == null ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvoiceFormatException("$", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Parses a request body as sent. Numbers stay exact decimals, where a web framework's reader would make doubles of
     * them: 1e400 would become Infinity and a 20-digit quantity would be rounded before any rule saw it.
     */
    public static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvoiceFormatException("$", "not valid JSON: " + (e instanceof JsonProcessingException p
                    ? p.getOriginalMessage() : e.getMessage()));
        }
    }

    /** Writes any value (violations, outcomes) as compact JSON text. */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value could not be written as JSON", e);
        }
    }

    public static JsonNode toTree(CanonicalInvoice invoice) {
        return MAPPER.valueToTree(invoice);
    }

    public static String write(CanonicalInvoice invoice) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(invoice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical invoice could not be written", e);
        }
    }

    private static InvoiceFormatException formatError(JsonProcessingException e) {
        String field = "$";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.toString();
        }
        String reason = e instanceof UnrecognizedPropertyException ? "unknown field" : "wrong type or format: " + e.getOriginalMessage();
        return new InvoiceFormatException(field, reason);
    }
}
