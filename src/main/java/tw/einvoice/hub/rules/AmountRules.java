package tw.einvoice.hub.rules;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.rules.TaxArithmetic.Amounts;

import java.math.BigDecimal;
import java.util.List;

import static tw.einvoice.hub.rules.ViolationCode.*;

/** Completes the invoice-level amounts from the items and checks the given ones against them. */
final class AmountRules {

    private static final BigDecimal LIMIT = new BigDecimal("1000000000000");

    private final BigDecimal taxTolerance;

    AmountRules(int taxTolerance) {
        this.taxTolerance = BigDecimal.valueOf(taxTolerance);
    }

    /**
     * @param derivable false when the items, tax type or rate are already reported broken; then only the form of
     *                  the amounts the source gave is checked, because any expected value would be a guess
     */
    void check(CanonicalInvoice invoice, boolean derivable, List<Violation> out) {
        if (!derivable) {
            checkFormat("salesAmount", invoice.getSalesAmount(), out);
            checkFormat("taxAmount", invoice.getTaxAmount(), out);
            checkFormat("zeroTaxSalesAmount", invoice.getZeroTaxSalesAmount(), out);
            checkFormat("freeTaxSalesAmount", invoice.getFreeTaxSalesAmount(), out);
            checkFormat("totalAmount", invoice.getTotalAmount(), out);
            return;
        }
        boolean inclusive = invoice.getPricesIncludeTax();
        Amounts expected = TaxArithmetic.expected(invoice.getItems(), invoice.getTaxRate(), inclusive);
        complete(invoice, expected, inclusive);

        boolean salesOk = checkFormat("salesAmount", invoice.getSalesAmount(), out);
        boolean taxOk = checkFormat("taxAmount", invoice.getTaxAmount(), out);
        boolean zeroOk = checkFormat("zeroTaxSalesAmount", invoice.getZeroTaxSalesAmount(), out);
        boolean freeOk = checkFormat("freeTaxSalesAmount", invoice.getFreeTaxSalesAmount(), out);
        boolean totalOk = checkFormat("totalAmount", invoice.getTotalAmount(), out);

        BigDecimal sales = invoice.getSalesAmount();
        BigDecimal tax = invoice.getTaxAmount();
        if (taxOk && tax.subtract(expected.taxAmount()).abs().compareTo(taxTolerance) > 0) {
            out.add(TAX_AMOUNT_MISMATCH.at("taxAmount", tax, expected.taxAmount(), taxTolerance));
            taxOk = false;
        }
        if (salesOk) {
            // Tax-inclusive prices fix the gross, so the sales amount is whatever the (tolerated) tax leaves of it;
            // a tax already reported wrong would only make this check repeat that.
            if (inclusive && taxOk) {
                BigDecimal expectedSales = expected.gross().subtract(tax);
                if (sales.compareTo(expectedSales) != 0) {
                    out.add(SALES_AMOUNT_MISMATCH.at("salesAmount", sales, expectedSales));
                    salesOk = false;
                }
            } else if (!inclusive && sales.compareTo(expected.salesAmount()) != 0) {
                out.add(SALES_AMOUNT_MISMATCH.at("salesAmount", sales, expected.salesAmount()));
                salesOk = false;
            }
        }
        BigDecimal zero = invoice.getZeroTaxSalesAmount();
        if (zeroOk && zero.compareTo(expected.zeroTaxSalesAmount()) != 0) {
            out.add(ZERO_TAX_SALES_MISMATCH.at("zeroTaxSalesAmount", zero, expected.zeroTaxSalesAmount()));
            zeroOk = false;
        }
        BigDecimal free = invoice.getFreeTaxSalesAmount();
        if (freeOk && free.compareTo(expected.freeTaxSalesAmount()) != 0) {
            out.add(FREE_TAX_SALES_MISMATCH.at("freeTaxSalesAmount", free, expected.freeTaxSalesAmount()));
            freeOk = false;
        }
        // A total that disagrees with a part already reported wrong is that part's fault, not the total's.
        if (totalOk && salesOk && taxOk && zeroOk && freeOk) {
            BigDecimal sum = sales.add(free).add(zero).add(tax);
            if (invoice.getTotalAmount().compareTo(sum) != 0) {
                out.add(TOTAL_AMOUNT_MISMATCH.at("totalAmount", invoice.getTotalAmount(), sum));
            }
        }
    }

    /**
     * Fills the amounts the source left out. Where a missing amount depends on one the source gave, it is derived
     * from the given one, so a tolerated tax difference does not turn into a sales or total mismatch.
     */
    private static void complete(CanonicalInvoice invoice, Amounts expected, boolean inclusive) {
        if (invoice.getTaxAmount() == null) {
            invoice.setTaxAmount(expected.taxAmount());
        }
        if (invoice.getSalesAmount() == null) {
            BigDecimal tax = invoice.getTaxAmount();
            invoice.setSalesAmount(inclusive && isWellFormed(tax) ? expected.gross().subtract(tax)
                    : expected.salesAmount());
        }
        if (invoice.getZeroTaxSalesAmount() == null) {
            invoice.setZeroTaxSalesAmount(expected.zeroTaxSalesAmount());
        }
        if (invoice.getFreeTaxSalesAmount() == null) {
            invoice.setFreeTaxSalesAmount(expected.freeTaxSalesAmount());
        }
        if (invoice.getTotalAmount() == null) {
            BigDecimal sales = invoice.getSalesAmount();
            BigDecimal tax = invoice.getTaxAmount();
            BigDecimal zero = invoice.getZeroTaxSalesAmount();
            BigDecimal free = invoice.getFreeTaxSalesAmount();
            boolean partsWellFormed = isWellFormed(sales) && isWellFormed(tax) && isWellFormed(zero)
                    && isWellFormed(free);
            invoice.setTotalAmount(partsWellFormed ? sales.add(tax).add(zero).add(free) : expected.totalAmount());
        }
    }

    private static boolean checkFormat(String field, BigDecimal value, List<Violation> out) {
        if (value == null || isWellFormed(value)) {
            return value != null;
        }
        out.add(AMOUNT_FORMAT.at(field, field, value));
        return false;
    }

    /** Whole NTD, not negative, at most 12 digits. */
    static boolean isWellFormed(BigDecimal value) {
        return value != null && value.signum() >= 0 && value.stripTrailingZeros().scale() <= 0
                && value.compareTo(LIMIT) < 0;
    }
}
