package tw.einvoice.hub.rules;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Carrier;
import tw.einvoice.hub.invoice.CanonicalInvoice.Donation;
import tw.einvoice.hub.invoice.CanonicalInvoice.Item;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A valid baseline invoice (the canonical-invoice.md example: one battery at NT$105, tax included, kept in a
 * mobile barcode) that each rule test breaks in exactly one place.
 */
final class InvoiceBuilder {

    static final String SELLER = "04595257";
    static final String BRANCH = "TPE01";
    /** A BAN that passes the checksum, for business buyers. */
    static final String BUSINESS_BAN = "12345675";
    static final OffsetDateTime ISSUED_AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    private final CanonicalInvoice invoice = new CanonicalInvoice();

    private InvoiceBuilder() {
        invoice.setConnector("erp-acme");
        invoice.setSourceRef("SO-2026-000123");
        invoice.setSellerId(SELLER);
        invoice.setSeller(new Party(null, "範例商行", null, null, null));
        invoice.setBranchId(BRANCH);
        invoice.setInvoiceType("07");
        invoice.setIssuedAt(ISSUED_AT);
        invoice.setBuyer(new Party(CanonicalInvoice.CONSUMER_BUYER_ID, "王小明", "ming@example.com", "0912345678", null));
        invoice.setCarrier(new Carrier("3J0002", "/ABC+123"));
        invoice.setPrint(false);
        invoice.setTaxType("1");
        invoice.setTaxRate(new BigDecimal("0.05"));
        invoice.setPricesIncludeTax(true);
        invoice.setItems(new ArrayList<>(List.of(item("乾電池", "1", "105", "105", "1"))));
        amounts("100", "5", "105");
    }

    static InvoiceBuilder aValidInvoice() {
        return new InvoiceBuilder();
    }

    static Item item(String description, String quantity, String unitPrice, String amount, String taxType) {
        return new Item(description, decimal(quantity), "個", decimal(unitPrice), decimal(amount), taxType, null);
    }

    static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    static String repeat(String s, int times) {
        return s.repeat(times);
    }

    InvoiceBuilder with(Consumer<CanonicalInvoice> change) {
        change.accept(invoice);
        return this;
    }

    InvoiceBuilder items(Item... items) {
        invoice.setItems(new ArrayList<>(List.of(items)));
        return this;
    }

    /** Taxable sales, tax and total; exempt and zero-rated sales 0. */
    InvoiceBuilder amounts(String sales, String tax, String total) {
        return amounts(sales, tax, "0", "0", total);
    }

    InvoiceBuilder amounts(String sales, String tax, String zeroTaxSales, String freeTaxSales, String total) {
        invoice.setSalesAmount(decimal(sales));
        invoice.setTaxAmount(decimal(tax));
        invoice.setZeroTaxSalesAmount(decimal(zeroTaxSales));
        invoice.setFreeTaxSalesAmount(decimal(freeTaxSales));
        invoice.setTotalAmount(decimal(total));
        return this;
    }

    /** Leaves every invoice-level amount for the validator to derive. */
    InvoiceBuilder withoutAmounts() {
        return amounts(null, null, null, null, null);
    }

    /** A B2B invoice: buyer BAN, no carrier, printed. */
    InvoiceBuilder businessBuyer() {
        invoice.setBuyer(new Party(BUSINESS_BAN, "範例股份有限公司", null, null, null));
        invoice.setCarrier(null);
        invoice.setPrint(true);
        return this;
    }

    InvoiceBuilder carrier(String type, String id) {
        invoice.setCarrier(new Carrier(type, id));
        return this;
    }

    /** A donated invoice: no carrier, not printed. */
    InvoiceBuilder donatedTo(String npoban) {
        invoice.setCarrier(null);
        invoice.setDonation(new Donation(npoban));
        return this;
    }

    /** A consumer invoice with neither carrier nor donation, printed on paper. */
    InvoiceBuilder printedForConsumer() {
        invoice.setCarrier(null);
        invoice.setPrint(true);
        return this;
    }

    CanonicalInvoice build() {
        return invoice;
    }
}
