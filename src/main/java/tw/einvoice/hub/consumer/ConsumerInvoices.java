package tw.einvoice.hub.consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The invoices a consumer may see: those of one carrier, or those of one order whose random code they know. Only
 * numbered invoices the platform has not refused count (a rejected number is not the consumer's invoice), and a
 * cancelled one stays listed as cancelled, since the consumer may hold its number.
 */
@Component
class ConsumerInvoices {

    static final int MOST = 200;
    private static final String SHOWN = "invoice_number IS NOT NULL AND status IN ('ISSUED', 'SENT', 'CONFIRMED', 'CANCELLED')";

    private final JdbcClient jdbc;
    private final InvoiceStore invoices;

    ConsumerInvoices(JdbcClient jdbc, InvoiceStore invoices) {
        this.jdbc = jdbc;
        this.invoices = invoices;
    }

    /** The carrier's invoices, newest first, at most {@link #MOST}. */
    List<StoredInvoice> ofCarrier(ConsumerLinks.CarrierKey carrier) {
        List<UUID> ids = jdbc.sql("SELECT id FROM invoice WHERE seller_id = ? AND document -> 'carrier' ->> 'type' = ? "
                        + "AND document -> 'carrier' ->> 'id' = ? AND " + SHOWN + " ORDER BY issued_at DESC, invoice_number DESC LIMIT ?")
                .params(carrier.sellerId(), carrier.carrierType(), carrier.carrierId(), MOST).query(UUID.class).list();
        return load(ids);
    }

    /** One invoice of the carrier by its number; empty when it is not on that carrier. */
    Optional<StoredInvoice> ofCarrier(ConsumerLinks.CarrierKey carrier, String invoiceNumber) {
        return jdbc.sql("SELECT id FROM invoice WHERE seller_id = ? AND invoice_number = ? AND document -> 'carrier' ->> 'type' = ? "
                        + "AND document -> 'carrier' ->> 'id' = ? AND " + SHOWN)
                .params(carrier.sellerId(), invoiceNumber, carrier.carrierType(), carrier.carrierId())
                .query(UUID.class).optional().flatMap(invoices::findById);
    }

    /**
     * The invoices made from an order (the source's reference, of any connector) that carry this random code. Several
     * sellers may use one order number; the code tells theirs apart, and a wrong code finds nothing.
     */
    List<StoredInvoice> ofOrder(String orderNumber, String randomCode) {
        List<UUID> ids = jdbc.sql("SELECT id FROM invoice WHERE source_ref = ? AND random_code = ? AND " + SHOWN
                        + " ORDER BY issued_at DESC LIMIT 10")
                .params(orderNumber, randomCode).query(UUID.class).list();
        return load(ids);
    }

    private List<StoredInvoice> load(List<UUID> ids) {
        return ids.stream().map(invoices::findById).flatMap(Optional::stream).toList();
    }
}
