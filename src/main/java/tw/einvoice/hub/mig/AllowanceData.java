package tw.einvoice.hub.mig;

import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * G0401 折讓: a credit note against one or more invoices. The message's TaxAmount and TotalAmount are the sums
 * of the items' tax and (untaxed) amount.
 *
 * @param seller name required; id is the seller's BAN
 * @param buyer  a business (BAN and name) or a consumer (null id; name optional, as for invoices)
 */
public record AllowanceData(String allowanceNumber, LocalDate allowanceDate, Party seller, Party buyer,
                            List<Item> items) {

    /**
     * @param originalSequenceNumber the invoice item's SequenceNumber (1..9999), optional
     * @param amount                 untaxed
     * @param tax                    whole NTD
     * @param taxType                1, 2 or 3
     */
    public record Item(LocalDate originalInvoiceDate, String originalInvoiceNumber, Integer originalSequenceNumber,
                       String originalDescription, BigDecimal quantity, String unit, BigDecimal unitPrice,
                       BigDecimal amount, BigDecimal tax, String taxType) {
    }
}
