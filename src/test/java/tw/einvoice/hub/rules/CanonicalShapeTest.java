package tw.einvoice.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static tw.einvoice.hub.rules.InvoiceBuilder.aValidInvoice;
import static tw.einvoice.hub.rules.ViolationCode.*;

/** The canonical JSON's form, one rule per test, each breaking the valid baseline invoice in one place. */
class CanonicalShapeTest {

    private static ObjectNode validJson() {
        return (ObjectNode) InvoiceJson.toTree(aValidInvoice().build());
    }

    private static ObjectNode item(ObjectNode doc) {
        return (ObjectNode) doc.get("items").get(0);
    }

    private static void assertOnlyViolation(Consumer<ObjectNode> change, String field, ViolationCode code) {
        ObjectNode doc = validJson();
        change.accept(doc);
        assertThat(CanonicalShape.check(doc)).extracting(Violation::field, Violation::code)
                .containsExactly(tuple(field, code.name()));
    }

    @Test
    void baselineInvoiceFits() {
        assertThat(CanonicalShape.check(validJson())).isEmpty();
    }

    @Test
    void absentAndNullFieldsFit() {
        ObjectNode doc = InvoiceJson.mapper().createObjectNode();
        doc.putNull("buyer");
        doc.putNull("items");

        assertThat(CanonicalShape.check(doc)).isEmpty();
    }

    @Test
    void everyFieldOfTheCanonicalInvoiceHasAForm() {
        CanonicalInvoice full = aValidInvoice().businessBuyer().build();
        full.setSeller(new CanonicalInvoice.Party("04595257", "n", "e", "p", "a"));
        full.setDonation(new CanonicalInvoice.Donation("123"));
        full.setCarrier(new CanonicalInvoice.Carrier("3J0002", "/ABC+123", "/ABC+123"));
        full.setMember(new CanonicalInvoice.Member("erp", "M0001"));

        assertThat(paths(InvoiceJson.toTree(full), "", new TreeSet<>()))
                .containsExactlyInAnyOrderElementsOf(CanonicalShape.fields().keySet());
    }

    private static TreeSet<String> paths(JsonNode node, String path, TreeSet<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                out.add(at);
                paths(f.getValue(), at, out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            paths(node.get(0), path + "[]", out);
        }
        return out;
    }

    @Nested
    class Types {

        @Test
        void numberWhereTextIsExpectedIsRefusedRatherThanTurnedIntoText() {
            assertOnlyViolation(doc -> doc.put("sellerId", 12345676), "sellerId", WRONG_TYPE);
        }

        @Test
        void textWhereANumberIsExpectedIsRefused() {
            assertOnlyViolation(doc -> doc.put("totalAmount", "105"), "totalAmount", WRONG_TYPE);
        }

        @Test
        void textWhereTrueOrFalseIsExpectedIsRefused() {
            assertOnlyViolation(doc -> doc.put("print", "yes"), "print", WRONG_TYPE);
        }

        @Test
        void textWhereAnObjectIsExpectedIsRefused() {
            assertOnlyViolation(doc -> doc.put("carrier", "3J0002 /ABC+123"), "carrier", WRONG_TYPE);
        }

        @Test
        void arrayWhereANumberIsExpectedIsRefused() {
            assertOnlyViolation(doc -> item(doc).putArray("quantity").add(1), "items[0].quantity", WRONG_TYPE);
        }

        @Test
        void objectWhereTheItemListIsExpectedIsRefused() {
            assertOnlyViolation(doc -> doc.set("items", item(doc).deepCopy()), "items", WRONG_TYPE);
        }

        @Test
        void numberWhereAnItemIsExpectedIsRefused() {
            assertOnlyViolation(doc -> ((ArrayNode) doc.get("items")).add(105), "items[1]", WRONG_TYPE);
        }

        @Test
        void numberWhereAnIssueTimeIsExpectedIsRefusedRatherThanReadAsEpochSeconds() {
            assertOnlyViolation(doc -> doc.put("issuedAt", 1764036930), "issuedAt", WRONG_TYPE);
        }

        @Test
        void wrongTypeNamesWhatCame() {
            ObjectNode doc = validJson();
            doc.put("print", "yes");

            Violation v = CanonicalShape.check(doc).get(0);

            assertThat(v.messageEn()).isEqualTo("print must be a JSON boolean, got string \"yes\"");
            assertThat(v.messageZh()).contains("boolean").contains("\"yes\"");
        }

        @Test
        void wrongTypeMakesTheJsonUnreadableWhileATooLongTextDoesNot() {
            ObjectNode wrongType = validJson();
            wrongType.put("print", "yes");
            ObjectNode tooLong = validJson();
            tooLong.put("remark", "備".repeat(201));

            assertThat(CanonicalShape.readable(CanonicalShape.check(wrongType))).isFalse();
            assertThat(CanonicalShape.readable(CanonicalShape.check(tooLong))).isTrue();
        }
    }

    @Nested
    class UnknownFields {

        @Test
        void misspelledFieldIsNamed() {
            assertOnlyViolation(doc -> doc.put("salesAmmount", 100), "salesAmmount", UNKNOWN_FIELD);
        }

        @Test
        void unknownFieldOfAnItemIsNamedWithItsPath() {
            assertOnlyViolation(doc -> item(doc).put("colour", "red"), "items[0].colour", UNKNOWN_FIELD);
        }

        @Test
        void everyUnknownFieldIsNamedNotOnlyTheFirst() {
            ObjectNode doc = validJson();
            doc.put("a", 1);
            doc.put("b", 2);

            assertThat(CanonicalShape.check(doc)).extracting(Violation::field).containsExactly("a", "b");
        }

        @Test
        void unknownFieldWhoseNameHoldsANulIsNamedWithTheNulWrittenOut() {
            ObjectNode doc = validJson();
            doc.put("re\u0000mark", "x");

            assertThat(CanonicalShape.check(doc)).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(UNKNOWN_FIELD.name());
                assertThat(v.field()).isEqualTo("re\\u0000mark");
            });
        }
    }

    @Nested
    class Characters {

        @ParameterizedTest
        @ValueSource(ints = {0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF})
        void characterAnInvoiceCannotCarryIsRefused(int codePoint) {
            assertOnlyViolation(doc -> item(doc).put("description", "乾" + (char) codePoint + "電池"),
                    "items[0].description", CHARACTER_NOT_ALLOWED);
        }

        @ParameterizedTest
        @ValueSource(ints = {0x20, 0x7E, 0xA0, 0x3000, 0xD7FF, 0xE000, 0xF8FF, 0xFFFD, 0x1F600, 0x20000, 0x10FFFF})
        void characterAnInvoiceCanCarryIsAccepted(int codePoint) {
            ObjectNode doc = validJson();
            item(doc).put("description", "乾" + new String(Character.toChars(codePoint)) + "電池");

            assertThat(CanonicalShape.check(doc)).isEmpty();
        }

        @Test
        void nulInTheSourceRefIsRefused() {
            assertOnlyViolation(doc -> doc.put("sourceRef", "SO-1\u0000"), "sourceRef", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void controlCharacterInAnIssueTimeIsRefusedAsACharacterNotAsAFormat() {
            assertOnlyViolation(doc -> doc.put("issuedAt", "2026-11-25T10:00:00+08:00\u0000"), "issuedAt",
                    CHARACTER_NOT_ALLOWED);
        }

        @Test
        void refusedCharacterIsNamedByCodeAndPosition() {
            ObjectNode doc = validJson();
            doc.put("remark", "ab\u001Bc");

            assertThat(CanonicalShape.check(doc).get(0).messageEn())
                    .isEqualTo("remark holds U+001B at character 3, which an invoice cannot carry "
                            + "(no control characters, unpaired surrogates, U+FFFE or U+FFFF, bidirectional controls)");
        }
    }

    @Nested
    class Lengths {

        @Test
        void sourceRefLongerThan128IsTooLong() {
            assertOnlyViolation(doc -> doc.put("sourceRef", "x".repeat(129)), "sourceRef", TOO_LONG);
        }

        @Test
        void connectorLongerThan64IsTooLong() {
            assertOnlyViolation(doc -> doc.put("connector", "c".repeat(65)), "connector", TOO_LONG);
        }

        @Test
        void branchIdLongerThan20IsTooLong() {
            assertOnlyViolation(doc -> doc.put("branchId", "B".repeat(21)), "branchId", TOO_LONG);
        }

        @Test
        void carrierIdLongerThanTheMigs400IsTooLong() {
            assertOnlyViolation(doc -> ((ObjectNode) doc.get("carrier")).put("id", "/".repeat(401)), "carrier.id", TOO_LONG);
        }

        @Test
        void donationCodeLongerThanTheMigs10IsTooLong() {
            assertOnlyViolation(doc -> doc.putObject("donation").put("npoban", "1".repeat(11)), "donation.npoban", TOO_LONG);
        }

        @Test
        void invoiceTypeLongerThanTwoIsTooLong() {
            assertOnlyViolation(doc -> doc.put("invoiceType", "077"), "invoiceType", TOO_LONG);
        }

        @Test
        void lengthsCountCharactersNotUtf16Units() {
            ObjectNode doc = validJson();
            item(doc).put("unit", new String(Character.toChars(0x20000)).repeat(6));

            assertThat(CanonicalShape.check(doc)).isEmpty();
        }

        @Test
        void everyTextFieldHasALength() {
            CanonicalShape.fields().forEach((path, type) -> {
                if (type.equals("string") && !path.equals("issuedAt")) {
                    assertThat(CanonicalShape.maxLength(path)).as(path).isNotNull().isPositive();
                }
            });
        }
    }

    @Nested
    class IssueTime {

        @Test
        void issueTimeThatIsNoDateIsMalformed() {
            assertOnlyViolation(doc -> doc.put("issuedAt", "next Tuesday"), "issuedAt", FORMAT);
        }

        @Test
        void issueTimeWithoutOffsetIsMalformed() {
            assertOnlyViolation(doc -> doc.put("issuedAt", "2026-11-25T10:00:00"), "issuedAt", FORMAT);
        }

        @Test
        void yearBeforeTheRocCalendarIsOutOfRange() {
            assertOnlyViolation(doc -> doc.put("issuedAt", "1911-12-31T23:59:59+08:00"), "issuedAt", DATE_OUT_OF_RANGE);
        }

        @Test
        void yearOfFiveDigitsIsOutOfRange() {
            assertOnlyViolation(doc -> doc.put("issuedAt", "+10000-01-01T00:00:00+08:00"), "issuedAt", DATE_OUT_OF_RANGE);
        }

        @Test
        void firstAndLastRocYearsFit() {
            ObjectNode first = validJson();
            first.put("issuedAt", "1912-01-01T00:00:00+08:00");
            ObjectNode last = validJson();
            last.put("issuedAt", "2910-12-31T23:59:59+08:00");

            assertThat(CanonicalShape.check(first)).isEmpty();
            assertThat(CanonicalShape.check(last)).isEmpty();
        }

        @Test
        void yearIsReckonedInTaipei() {
            // 16:00 UTC on 31 December 1911 is already 1912 in Taipei
            ObjectNode doc = validJson();
            doc.put("issuedAt", "1911-12-31T16:00:00Z");

            assertThat(CanonicalShape.check(doc)).isEmpty();
        }
    }

    @Nested
    class Numbers {

        @Test
        void numberOfAnySizeIsLeftToTheAmountRules() {
            ObjectNode doc = validJson();
            doc.put("totalAmount", new BigDecimal("1E+999999999"));

            assertThat(CanonicalShape.check(doc)).isEmpty();
        }

        @Test
        void infiniteNumberFromADoubleReaderIsRefused() {
            assertOnlyViolation(doc -> doc.put("taxRate", Double.POSITIVE_INFINITY), "taxRate", WRONG_TYPE);
        }
    }
}
