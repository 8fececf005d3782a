package tw.einvoice.hub.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.rules.Violation;

import java.util.List;
import java.util.UUID;

/**
 * What intake made of one record: a new invoice, the invoice already made from the same
 * (connector, sourceRef), or a rejection kept for correction and replay.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeOutcome(Result result, String connector, String sourceRef, UUID invoiceId,
                            InvoiceStatus invoiceStatus, String invoiceNumber, Long rejectedId,
                            List<Violation> violations) {

    public enum Result { ACCEPTED, DUPLICATE, REJECTED }

    public boolean rejected() {
        return result == Result.REJECTED;
    }
}
