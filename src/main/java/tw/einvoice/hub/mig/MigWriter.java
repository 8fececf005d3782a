package tw.einvoice.hub.mig;

import tw.einvoice.hub.invoice.CanonicalInvoice;

/** STUB: renders canonical documents as MIG 4.1 XML (implemented on the mig branch). */
public final class MigWriter {

    /** @param b2cTaxInclusive consumer invoices carry tax-inclusive SalesAmount and TaxAmount 0 (營業稅法 §32) */
    public record Options(boolean b2cTaxInclusive) {
        public static Options defaults() {
            return new Options(true);
        }
    }

    private final Options options;

    public MigWriter(Options options) {
        this.options = options;
    }

    /** F0401 for an invoice whose invoiceNumber, randomCode, issuedAt and seller (name) are filled. */
    public String invoice(CanonicalInvoice invoice) {
        throw new UnsupportedOperationException("stub");
    }
}
