package tw.einvoice.hub.mig;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** What the buyer side needs of a received A0101: who, which number, when, and the amounts it states. */
public record ExchangeInvoiceData(String invoiceNumber, LocalDate invoiceDate, LocalTime invoiceTime, String sellerId,
                                  String sellerName, String buyerId, String buyerName, BigDecimal salesAmount,
                                  BigDecimal taxAmount, BigDecimal totalAmount, List<Item> items) {

    public record Item(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }
}
