package tw.einvoice.hub.intake;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Finds RECEIVED invoices that were committed but never reached the issue queue. */
@Component
class EnqueueSweeper {

    private final InvoiceStore invoices;
    private final Duration after;

    EnqueueSweeper(InvoiceStore invoices, @Value("${hub.intake.enqueue-sweep-after:PT1M}") Duration after) {
        this.invoices = invoices;
        this.after = after;
    }

    public List<String> pending() {
        return invoices.receivedNotEnqueued(OffsetDateTime.now().minus(after), 500).stream().map(UUID::toString).toList();
    }

    public void enqueued(String invoiceId) {
        invoices.markEnqueued(List.of(UUID.fromString(invoiceId)));
    }
}
