package tw.einvoice.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static tw.einvoice.hub.rules.ViolationCode.*;

/**
 * The form of the canonical invoice's JSON, checked on the JSON itself before the invoice is read, looked up or
 * stored: each field's JSON type, unknown fields, the characters an invoice can carry ({@link InvoiceText}), the
 * most characters each text may hold, and the years an issue time may name. Every value that gets past it fits the
 * hub's columns and the MIG.
 * <p>
 * Types are strict: a number where text is expected is refused, not turned into text, so that {@code "sellerId":
 * 12345676} cannot slip past a check made on strings, and a string where a number or {@code true}/{@code false} is
 * expected is refused rather than guessed at. {@code null} means absent everywhere.
 */
public final class CanonicalShape {

    /** Longest {@code connector}: the hub's {@code connector} columns. */
    public static final int CONNECTOR_MAX = 64;
    /** Longest {@code sourceRef}: the hub's {@code source_ref} columns. */
    public static final int SOURCE_REF_MAX = 128;
    /** Issue times must fall in the ROC calendar's three-digit years, as periods ({@code yyyMM}) are written. */
    public static final int FIRST_YEAR = 1912;
    public static final int LAST_YEAR = 2910;

    private static final Set<String> TIMESTAMPS = Set.of("issuedAt");
    /** Codes after which the JSON cannot be read as a {@link CanonicalInvoice} at all. */
    private static final Set<String> UNREADABLE = Set.of(WRONG_TYPE.name(), UNKNOWN_FIELD.name(), FORMAT.name());

    private sealed interface Kind permits Text, Scalar, Fields, ListOf {
    }

    /** A string of at most {@code max} characters. */
    private record Text(int max) implements Kind {
    }

    private enum Scalar implements Kind {
        NUMBER("number"), BOOLEAN("boolean"), TIMESTAMP("string");

        final String jsonType;

        Scalar(String jsonType) {
            this.jsonType = jsonType;
        }
    }

    private record Fields(Map<String, Kind> fields) implements Kind {
    }

    private record ListOf(Kind element) implements Kind {
    }

    // Limits: the MIG 4.1 F0401 element each field becomes, or the hub's own column where that is shorter.
    private static final Fields PARTY = fields(
            "id", new Text(10),          // Identifier: BAN, or ten zeros for a consumer
            "name", new Text(60),        // Name
            "email", new Text(400),      // EmailAddress
            "phone", new Text(26),       // TelephoneNumber
            "address", new Text(100));   // Address

    private static final Fields ITEM = fields(
            "description", new Text(500),  // ProductItem/Description
            "quantity", Scalar.NUMBER,
            "unit", new Text(6),           // Unit
            "unitPrice", Scalar.NUMBER,
            "amount", Scalar.NUMBER,
            "taxType", new Text(1),        // TaxType
            "remark", new Text(120));      // ProductItem/Remark

    private static final Fields INVOICE = fields(
            "connector", new Text(CONNECTOR_MAX),
            "sourceRef", new Text(SOURCE_REF_MAX),
            "sellerId", new Text(10),      // Seller/Identifier
            "seller", PARTY,
            "branchId", new Text(20),      // branch ids (the hub's branch_id columns)
            "invoiceType", new Text(2),    // InvoiceType
            "issuedAt", Scalar.TIMESTAMP,
            "invoiceNumber", new Text(10), // InvoiceNumber
            "randomCode", new Text(4),     // RandomNumber
            "buyer", PARTY,
            "carrier", fields(
                    "type", new Text(6),   // CarrierType
                    "id", new Text(400),   // CarrierId1 (and CarrierId2 without a hiddenId)
                    "hiddenId", new Text(400)),  // CarrierId2 of a member carrier
            "donation", fields(
                    "npoban", new Text(10)),  // NPOBAN
            "print", Scalar.BOOLEAN,
            "taxType", new Text(1),        // Amount/TaxType
            "taxRate", Scalar.NUMBER,
            "pricesIncludeTax", Scalar.BOOLEAN,
            "items", new ListOf(ITEM),
            "salesAmount", Scalar.NUMBER,
            "freeTaxSalesAmount", Scalar.NUMBER,
            "zeroTaxSalesAmount", Scalar.NUMBER,
            "taxAmount", Scalar.NUMBER,
            "totalAmount", Scalar.NUMBER,
            "zeroTaxRateReason", new Text(2),     // ZeroTaxRateReason
            "customsClearanceMark", new Text(1),  // CustomsClearanceMark
            "remark", new Text(200),              // MainRemark
            "member", fields(
                    "source", new Text(16),       // member.source (the hub's column)
                    "id", new Text(200)));        // member.identity (the hub's column)

    private CanonicalShape() {
    }

    /** Every violation of the form, in document order; empty when the JSON fits. */
    public static List<Violation> check(JsonNode document) {
        List<Violation> out = new ArrayList<>();
        check(document, INVOICE, "", out);
        return out;
    }

    /** The same checks on an invoice already read (a stage or the CLI that never saw its JSON). */
    public static List<Violation> check(CanonicalInvoice invoice) {
        return check(InvoiceJson.toTree(invoice));
    }

    /**
     * False when a violation means the JSON cannot be read as a canonical invoice: a wrong type, an unknown field, a
     * malformed value, or a character that keeps a date from being parsed.
     */
    public static boolean readable(List<Violation> violations) {
        return violations.stream().noneMatch(v -> UNREADABLE.contains(v.code())
                || CHARACTER_NOT_ALLOWED.name().equals(v.code()) && TIMESTAMPS.contains(v.field()));
    }

    /** The canonical fields by path ({@code buyer.name}, {@code items[].amount}) with their JSON type, for docs and tests. */
    public static Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        describe(INVOICE, "", out);
        return Collections.unmodifiableMap(out);
    }

    /** The longest text a field may hold, by path as {@link #fields()} names it; null for a field that is not text. */
    public static Integer maxLength(String path) {
        Kind kind = INVOICE;
        for (String part : path.replace("[]", "").split("\\.")) {
            while (kind instanceof ListOf list) {
                kind = list.element();
            }
            if (!(kind instanceof Fields f) || !f.fields().containsKey(part)) {
                return null;
            }
            kind = f.fields().get(part);
        }
        return kind instanceof Text text ? text.max() : null;
    }

    private static void check(JsonNode node, Kind kind, String path, List<Violation> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (kind instanceof Text text) {
            checkText(node, text, path, out);
        } else if (kind instanceof Scalar scalar) {
            checkScalar(node, scalar, path, out);
        } else if (kind instanceof Fields fields) {
            if (!node.isObject()) {
                out.add(wrongType(path, "object", node));
                return;
            }
            node.fields().forEachRemaining(field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                Kind expected = fields.fields().get(field.getKey());
                if (expected == null) {
                    out.add(UNKNOWN_FIELD.at(at, at));
                } else {
                    check(field.getValue(), expected, at, out);
                }
            });
        } else if (kind instanceof ListOf list) {
            if (!node.isArray()) {
                out.add(wrongType(path, "array", node));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), list.element(), path + "[" + i + "]", out);
            }
        }
    }

    private static void checkText(JsonNode node, Text text, String path, List<Violation> out) {
        if (!node.isTextual()) {
            out.add(wrongType(path, "string", node));
            return;
        }
        String value = node.textValue();
        checkCharacters(value, path, out);
        int length = InvoiceText.length(value);
        if (length > text.max()) {
            out.add(TOO_LONG.at(path, path, text.max(), length));
        }
    }

    private static boolean checkCharacters(String value, String path, List<Violation> out) {
        int refused = InvoiceText.firstRefused(value);
        if (refused < 0) {
            return true;
        }
        int codePoint = value.codePointAt(value.offsetByCodePoints(0, refused));
        out.add(CHARACTER_NOT_ALLOWED.at(path, path, InvoiceText.codePoint(codePoint), refused + 1));
        return false;
    }

    private static void checkScalar(JsonNode node, Scalar scalar, String path, List<Violation> out) {
        switch (scalar) {
            case NUMBER -> {
                // only a reader that parses doubles can hand over an infinite one; the hub's keep exact decimals
                boolean nonFinite = (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
                if (!node.isNumber() || nonFinite) {
                    out.add(wrongType(path, "number", node));
                }
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    out.add(wrongType(path, "boolean", node));
                }
            }
            case TIMESTAMP -> checkTimestamp(node, path, out);
        }
    }

    private static void checkTimestamp(JsonNode node, String path, List<Violation> out) {
        if (!node.isTextual()) {
            out.add(wrongType(path, "string", node));
            return;
        }
        if (!checkCharacters(node.textValue(), path, out)) {
            return;
        }
        OffsetDateTime at;
        try {
            // the very reader that reads the invoice afterwards, so the two never disagree on what is a date
            at = InvoiceJson.mapper().treeToValue(node, OffsetDateTime.class);
        } catch (Exception unreadable) {
            out.add(FORMAT.at(path, path, "ISO-8601 with offset, e.g. 2026-11-25T10:15:30+08:00", node.textValue()));
            return;
        }
        int year = at.atZoneSameInstant(RuleSettings.TAIPEI).getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            out.add(DATE_OUT_OF_RANGE.at(path, path, FIRST_YEAR, LAST_YEAR, node.textValue()));
        }
    }

    private static Violation wrongType(String path, String expected, JsonNode node) {
        return WRONG_TYPE.at(path.isEmpty() ? "$" : path, path.isEmpty() ? "$" : path, expected, describe(node));
    }

    /** What came instead, in JSON's own words (the same in 中文 and English): {@code string "yes"}, {@code array}. */
    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string \"" + InvoiceText.shown(node.textValue()) + "\"";
            case NUMBER -> "number " + InvoiceText.shown(node.toString());
            case BOOLEAN -> "boolean " + node.booleanValue();
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static void describe(Kind kind, String path, Map<String, String> out) {
        if (kind instanceof Fields fields) {
            fields.fields().forEach((name, field) -> {
                String at = path.isEmpty() ? name : path + "." + name;
                if (field instanceof Fields) {
                    out.put(at, "object");
                } else if (field instanceof ListOf) {
                    out.put(at, "array");
                }
                describe(field, at, out);
            });
        } else if (kind instanceof ListOf list) {
            describe(list.element(), path + "[]", out);
        } else if (kind instanceof Text) {
            out.put(path, "string");
        } else if (kind instanceof Scalar scalar) {
            out.put(path, scalar.jsonType);
        }
    }

    private static Fields fields(Object... nameAndKind) {
        Map<String, Kind> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndKind.length; i += 2) {
            map.put((String) nameAndKind[i], (Kind) nameAndKind[i + 1]);
        }
        return new Fields(Collections.unmodifiableMap(map));
    }
}
