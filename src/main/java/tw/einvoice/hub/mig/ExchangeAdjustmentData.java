package tw.einvoice.hub.mig;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A seller's change to an exchanged invoice (A0201 cancel, B0101 allowance, B0201 allowance cancel) or the buyer's
 * answer to one (A0202, B0102, B0202), as far as the exchange's bookkeeping needs it.
 *
 * @param reference     the cancelled invoice's number (A0201/A0202) or the allowance's (B0101/B0102/B0201/B0202)
 * @param referenceDate its InvoiceDate or AllowanceDate
 * @param invoiceNumber the invoice adjusted: A0201's own number, B0101's first OriginalInvoiceNumber; else null
 * @param amount        B0101's TotalAmount (untaxed); else null
 * @param tax           B0101's TaxAmount; else null
 * @param reason        A0201's or B0201's CancelReason; else null
 */
public record ExchangeAdjustmentData(MigMessage type, String reference, LocalDate referenceDate, String invoiceNumber,
                                     String sellerId, String buyerId, BigDecimal amount, BigDecimal tax,
                                     String reason) {
}
