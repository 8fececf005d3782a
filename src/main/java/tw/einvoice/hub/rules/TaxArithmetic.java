package tw.einvoice.hub.rules;

import tw.einvoice.hub.invoice.CanonicalInvoice.Item;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The one place invoice amounts are derived from items, so validation and rendering can never disagree.
 *
 * <p>Item amounts are summed per tax type and each sum is rounded half up (四捨五入) to whole NTD. With tax-inclusive
 * prices the taxable sum is the gross, tax = round(gross × rate / (1 + rate)) and sales = gross − tax; otherwise
 * sales = the taxable sum and tax = round(sales × rate). Total = sales + exempt + zero-rated + tax.
 */
public final class TaxArithmetic {

    public static final String TAXABLE = "1";
    public static final String ZERO_RATED = "2";
    public static final String EXEMPT = "3";

    private TaxArithmetic() {
    }

    /**
     * Invoice-level amounts, whole NTD.
     *
     * @param salesAmount        taxable sales without tax
     * @param taxAmount          business tax
     * @param zeroTaxSalesAmount zero-rated sales
     * @param freeTaxSalesAmount tax-exempt sales
     */
    public record Amounts(BigDecimal salesAmount, BigDecimal taxAmount, BigDecimal zeroTaxSalesAmount,
                          BigDecimal freeTaxSalesAmount) {

        /** Taxable sales including tax. */
        public BigDecimal gross() {
            return salesAmount.add(taxAmount);
        }

        public BigDecimal totalAmount() {
            return salesAmount.add(freeTaxSalesAmount).add(zeroTaxSalesAmount).add(taxAmount);
        }
    }

    /** Half up to whole NTD. */
    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.HALF_UP);
    }

    /** The tax contained in a tax-inclusive gross: round(gross × rate / (1 + rate)). */
    public static BigDecimal taxIncludedIn(BigDecimal gross, BigDecimal rate) {
        // DECIMAL128 keeps far more digits than any NTD amount, so the half-up decision is made on the exact value.
        return round(gross.multiply(rate).divide(BigDecimal.ONE.add(rate), MathContext.DECIMAL128));
    }

    /** The tax on an untaxed amount: round(sales × rate). */
    public static BigDecimal taxOn(BigDecimal sales, BigDecimal rate) {
        return round(sales.multiply(rate));
    }

    /**
     * Amounts the items call for. Every item needs an amount and a resolved tax type 1, 2 or 3 (a special-rate
     * invoice, tax type 4, carries its items as 1).
     */
    public static Amounts expected(List<Item> items, BigDecimal rate, boolean pricesIncludeTax) {
        BigDecimal taxable = BigDecimal.ZERO;
        BigDecimal zero = BigDecimal.ZERO;
        BigDecimal free = BigDecimal.ZERO;
        for (Item item : items) {
            Objects.requireNonNull(item.amount(), "item amount");
            switch (Objects.requireNonNull(item.taxType(), "item tax type")) {
                case TAXABLE -> taxable = taxable.add(item.amount());
                case ZERO_RATED -> zero = zero.add(item.amount());
                case EXEMPT -> free = free.add(item.amount());
                default -> throw new IllegalArgumentException("item tax type must be 1, 2 or 3: " + item.taxType());
            }
        }
        return expected(taxable, zero, free, rate, pricesIncludeTax);
    }

    /** Amounts for unrounded per-tax-type sums of item amounts. */
    public static Amounts expected(BigDecimal taxableSum, BigDecimal zeroTaxSum, BigDecimal freeTaxSum,
                                   BigDecimal rate, boolean pricesIncludeTax) {
        BigDecimal sales;
        BigDecimal tax;
        if (pricesIncludeTax) {
            BigDecimal gross = round(taxableSum);
            tax = taxIncludedIn(gross, rate);
            sales = gross.subtract(tax);
        } else {
            sales = round(taxableSum);
            tax = taxOn(sales, rate);
        }
        return new Amounts(sales, tax, round(zeroTaxSum), round(freeTaxSum));
    }
}
