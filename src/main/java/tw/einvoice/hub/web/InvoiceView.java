package tw.einvoice.hub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.HistoryEntry;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.signing.MessageArchive;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the query API answers about one invoice. {@code blockedReason} says why an invoice is held {@code RECEIVED}
 * (no number left in its branch's range, or a render Turnkey would refuse), and is absent otherwise.
 * {@code confirmedBy} is who confirmed its F0401: {@code platform} (the MOF, through Turnkey's database) or
 * {@code simulator} (never sent to the MOF); absent until confirmed. {@code platform} says the same in one place, for
 * machines that must tell a real confirmation from a simulated one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvoiceView(UUID id, String connector, String sourceRef, String sellerId, String branchId,
                   String invoiceNumber, String randomCode, InvoiceStatus status, String blockedReason, boolean uploaded,
                   boolean confirmed, String confirmedBy, Platform platform, PlatformError platformError,
                   List<HistoryEntry> history, List<MessageView> messages, CanonicalInvoice invoice) {

    /** Who confirmed, as {@link Platform#by()} says it. */
    static final String BY_TURNKEY = "turnkey";
    static final String BY_SIMULATOR = "simulator";

    /**
     * Whether the platform confirmed the invoice's F0401.
     *
     * @param confirmed true once a confirmation was recorded, and still after a later cancel or void (the number was
     *                  issued on the platform); false while waiting, after a rejection, or once it is re-issued
     * @param by        {@code turnkey}: the MOF platform's verdict, read from Turnkey's database; {@code simulator}: the
     *                  hub's Turnkey + platform simulator, which never reached the MOF; absent until confirmed
     * @param simulated true when {@code by} is the simulator: the invoice does not exist at the MOF
     * @param at        when the hub recorded the confirmation (the invoice's move to CONFIRMED)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Platform(boolean confirmed, String by, boolean simulated, OffsetDateTime at) {
        static Platform of(StoredInvoice s, List<HistoryEntry> history) {
            if (s.confirmedBy() == null) {
                return new Platform(false, null, false, null);
            }
            boolean simulated = TurnkeyDatabase.SIMULATOR.equals(s.confirmedBy());
            OffsetDateTime at = null;
            for (HistoryEntry h : history) {
                if (h.toStatus() == InvoiceStatus.CONFIRMED) {
                    at = h.at();
                }
            }
            return new Platform(true, simulated ? BY_SIMULATOR : BY_TURNKEY, simulated, at);
        }
    }

    /**
     * One MIG message of the invoice, where it stands with Turnkey and the platform, and its archive seal;
     * {@code identifier} is the INVOICE_IDENTIFIER Turnkey shows for it, to find it in Turnkey's own screens.
     */
    record MessageView(UUID id, String messageType, String reference, String identifier, String fileName,
                       InvoiceMessage.Status status, String turnkeyStatus, String confirmedBy, String errorCode,
                       String errorMessage, OffsetDateTime sentAt, OffsetDateTime resultAt, ArchiveView archive) {
        static MessageView of(InvoiceMessage m) {
            return new MessageView(m.id(), m.messageType(), m.reference(), m.identifier(), m.fileName(), m.status(),
                    m.turnkeyStatus(), m.confirmedBy(), m.errorCode(), m.errorMessage(), m.sentAt(), m.resultAt(),
                    ArchiveView.of(m));
        }
    }

    /**
     * The message's archive seal, re-checked against the stored bytes on every read.
     *
     * @param sha256      the sealed SHA-256 of the message's bytes; absent for a message stored before sealing
     * @param signed      the seal carries a CMS signature (false: hash only)
     * @param signer      subject of the certificate that signed it
     * @param certificate SHA-256 of that certificate, to compare with the seller's registered one
     * @param intact      the bytes still match the hash, and the signature (if any) verifies over them
     * @param problem     why not, when not intact
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ArchiveView(String sha256, boolean signed, String signer, String certificate, boolean intact, String problem) {
        static ArchiveView of(InvoiceMessage m) {
            MessageArchive.Check check = MessageArchive.check(m.xml().getBytes(StandardCharsets.UTF_8), m.seal());
            return new ArchiveView(m.seal() == null || m.seal().sha256() == null ? null : m.seal().sha256().strip(),
                    check.signed(), check.signer(), check.certificate(), check.intact(), check.problem());
        }
    }

    record PlatformError(String code, String message) {
    }

    static InvoiceView of(StoredInvoice s, String blockedReason, List<HistoryEntry> history, List<InvoiceMessage> messages) {
        PlatformError error = s.platformCode() == null ? null : new PlatformError(s.platformCode(), s.platformMessage());
        return new InvoiceView(s.id(), s.connector(), s.sourceRef(), s.sellerId(), s.branchId(), s.invoiceNumber(),
                s.randomCode(), s.status(), blockedReason, s.uploaded(), s.confirmed(), s.confirmedBy(),
                Platform.of(s, history), error, history, messages.stream().map(MessageView::of).toList(), s.document());
    }
}
