package tw.einvoice.hub.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class TaxArithmeticTest {

    private static final BigDecimal RATE = new BigDecimal("0.05");

    private static BigDecimal ntd(String value) {
        return new BigDecimal(value);
    }

    @Test
    void inclusiveGrossOf105SplitsIntoSales100AndTax5() {
        TaxArithmetic.Amounts amounts = TaxArithmetic.expected(ntd("105"), ntd("0"), ntd("0"), RATE, true);
        assertThat(amounts.salesAmount()).isEqualByComparingTo("100");
        assertThat(amounts.taxAmount()).isEqualByComparingTo("5");
        assertThat(amounts.totalAmount()).isEqualByComparingTo("105");
    }

    @Test
    void inclusiveGrossOf100SplitsIntoSales95AndTax5() {
        TaxArithmetic.Amounts amounts = TaxArithmetic.expected(ntd("100"), ntd("0"), ntd("0"), RATE, true);
        assertThat(amounts.salesAmount()).isEqualByComparingTo("95");
        assertThat(amounts.taxAmount()).isEqualByComparingTo("5");
    }

    @Test
    void exclusiveTaxRoundsAnExactHalfUp() {
        assertThat(TaxArithmetic.taxOn(ntd("10"), RATE)).isEqualByComparingTo("1");
    }

    @Test
    void inclusiveTaxBelowHalfRoundsDown() {
        assertThat(TaxArithmetic.taxIncludedIn(ntd("10"), RATE)).isEqualByComparingTo("0");
    }

    @Test
    void eachTaxTypeSumIsRoundedBeforeTaxIsComputed() {
        TaxArithmetic.Amounts amounts = TaxArithmetic.expected(ntd("104.5"), ntd("0.5"), ntd("0.4"), RATE, true);
        assertThat(amounts.gross()).isEqualByComparingTo("105");
        assertThat(amounts.zeroTaxSalesAmount()).isEqualByComparingTo("1");
        assertThat(amounts.freeTaxSalesAmount()).isEqualByComparingTo("0");
        assertThat(amounts.totalAmount()).isEqualByComparingTo("106");
    }
}
