package tw.einvoice.hub.invoice;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical reader reads types as they are: nothing is coerced, numbers stay exact. */
class InvoiceJsonTest {

    @Test
    void numberWhereTextIsExpectedIsNotTurnedIntoText() {
        assertThatThrownBy(() -> InvoiceJson.read("{\"sellerId\": 12345676}"))
                .isInstanceOfSatisfying(InvoiceFormatException.class, e -> assertThat(e.field()).isEqualTo("sellerId"));
    }

    @Test
    void textWhereANumberIsExpectedIsNotParsed() {
        assertThatThrownBy(() -> InvoiceJson.read("{\"totalAmount\": \"105\"}"))
                .isInstanceOfSatisfying(InvoiceFormatException.class, e -> assertThat(e.field()).isEqualTo("totalAmount"));
    }

    @Test
    void textWhereTrueOrFalseIsExpectedIsNotGuessedAt() {
        assertThatThrownBy(() -> InvoiceJson.read("{\"print\": \"true\"}"))
                .isInstanceOfSatisfying(InvoiceFormatException.class, e -> assertThat(e.field()).isEqualTo("print"));
    }

    @Test
    void numberWhereTrueOrFalseIsExpectedIsNotGuessedAt() {
        assertThatThrownBy(() -> InvoiceJson.read("{\"pricesIncludeTax\": 1}"))
                .isInstanceOfSatisfying(InvoiceFormatException.class, e -> assertThat(e.field()).isEqualTo("pricesIncludeTax"));
    }

    @Test
    void requestBodyKeepsNumbersExactWhereADoubleWouldOverflowOrRound() {
        byte[] body = "{\"totalAmount\": 1e400, \"taxRate\": 12345678901234.1234567}".getBytes(StandardCharsets.UTF_8);

        var tree = InvoiceJson.tree(body);

        assertThat(tree.get("totalAmount").decimalValue()).isEqualByComparingTo(new BigDecimal("1E+400"));
        assertThat(tree.get("taxRate").decimalValue().toPlainString()).isEqualTo("12345678901234.1234567");
    }

    @Test
    void requestBodyThatIsNotJsonIsAFormatErrorOfTheWhole() {
        assertThatThrownBy(() -> InvoiceJson.tree("{\"a\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvoiceFormatException.class, e -> assertThat(e.field()).isEqualTo("$"));
    }
}
