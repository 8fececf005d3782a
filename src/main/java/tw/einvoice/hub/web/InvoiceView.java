package tw.einvoice.hub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.HistoryEntry;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.util.List;
import java.util.UUID;

/** What the query API answers about one invoice. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvoiceView(UUID id, String connector, String sourceRef, String sellerId, String branchId,
                   String invoiceNumber, String randomCode, InvoiceStatus status, boolean uploaded,
                   boolean confirmed, PlatformError platformError, List<HistoryEntry> history,
                   CanonicalInvoice invoice) {

    record PlatformError(String code, String message) {
    }

    static InvoiceView of(StoredInvoice s, List<HistoryEntry> history) {
        PlatformError error = s.platformCode() == null ? null : new PlatformError(s.platformCode(), s.platformMessage());
        return new InvoiceView(s.id(), s.connector(), s.sourceRef(), s.sellerId(), s.branchId(), s.invoiceNumber(),
                s.randomCode(), s.status(), s.uploaded(), s.confirmed(), error, history, s.document());
    }
}
