package tw.einvoice.hub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.HistoryEntry;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.util.List;
import java.util.UUID;

/** What the query API answers about one invoice. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvoiceView(UUID id, String connector, String sourceRef, String sellerId, String branchId,
                   String invoiceNumber, String randomCode, InvoiceStatus status, boolean uploaded,
                   boolean confirmed, PlatformError platformError, List<HistoryEntry> history,
                   List<MessageView> messages, CanonicalInvoice invoice) {

    /** One MIG message of the invoice and where it stands with Turnkey and the platform. */
    record MessageView(UUID id, String messageType, String reference, String fileName, InvoiceMessage.Status status,
                       String turnkeyStatus, String errorCode, String errorMessage, java.time.OffsetDateTime sentAt,
                       java.time.OffsetDateTime resultAt) {
        static MessageView of(InvoiceMessage m) {
            return new MessageView(m.id(), m.messageType(), m.reference(), m.fileName(), m.status(), m.turnkeyStatus(),
                    m.errorCode(), m.errorMessage(), m.sentAt(), m.resultAt());
        }
    }

    record PlatformError(String code, String message) {
    }

    static InvoiceView of(StoredInvoice s, List<HistoryEntry> history, List<InvoiceMessage> messages) {
        PlatformError error = s.platformCode() == null ? null : new PlatformError(s.platformCode(), s.platformMessage());
        return new InvoiceView(s.id(), s.connector(), s.sourceRef(), s.sellerId(), s.branchId(), s.invoiceNumber(),
                s.randomCode(), s.status(), s.uploaded(), s.confirmed(), error, history,
                messages.stream().map(MessageView::of).toList(), s.document());
    }
}
