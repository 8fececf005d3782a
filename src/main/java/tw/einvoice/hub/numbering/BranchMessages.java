package tw.einvoice.hub.numbering;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.BranchTrackBlankData;
import tw.einvoice.hub.mig.BranchTrackData;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.signing.MessageSigner;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Renders, validates, signs and stores E0401 and E0402 in the caller's transaction; the caller queues the
 * message for Turnkey after its commit, so a refused allocation never reaches the platform.
 */
@Component
class BranchMessages {

    private final MigWriter writer;
    private final MigSchema schema;
    private final MessageSigner signer;
    private final MessageStore messages;

    BranchMessages(MigWriter writer, MigSchema schema, MessageSigner signer, MessageStore messages) {
        this.writer = writer;
        this.schema = schema;
        this.signer = signer;
        this.messages = messages;
    }

    /** E0401: the branch gets {@code items} of the HQ assignment {@code assignedBegin}–{@code assignedEnd}. */
    InvoiceMessage branchTrack(String headBan, String branchBan, String invoiceType, String period, String track,
                               int assignedBegin, int assignedEnd, List<int[]> items, int bookletSize) {
        BranchTrackData data = new BranchTrackData(headBan, branchBan, invoiceType, period, track, no(assignedBegin),
                no(assignedEnd), items.stream().map(r -> new BranchTrackData.Item(no(r[0]), no(r[1]),
                        Math.max(1, (r[1] - r[0] + 1) / bookletSize))).toList());
        String xml = schema.check(MigMessage.E0401, writer.branchTrack(data));
        // identifier E0401 + track + InvoiceBeginNo + YearMonth, as Turnkey files it
        return messages.addStandalone(MigMessage.E0401.name(), headBan, track + no(assignedBegin), period,
                MigMessage.E0401.fileName(headBan, track + no(assignedBegin), OffsetDateTime.now()), signer.sign(headBan, xml));
    }

    /** E0402: the blank numbers of one BranchBan, invoice type and track. */
    InvoiceMessage branchTrackBlank(String headBan, String branchBan, String invoiceType, String period, String track,
                                    List<int[]> ranges) {
        BranchTrackBlankData data = new BranchTrackBlankData(headBan, branchBan, invoiceType, period, track,
                ranges.stream().map(r -> new BranchTrackBlankData.Item(no(r[0]), no(r[1]))).toList());
        String xml = schema.check(MigMessage.E0402, writer.branchTrackBlank(data));
        // identifier E0402 + BranchBan + track + YearMonth
        return messages.addStandalone(MigMessage.E0402.name(), headBan, branchBan + track, period,
                MigMessage.E0402.fileName(headBan, branchBan + track, OffsetDateTime.now()), signer.sign(headBan, xml));
    }

    static String blankIdentifier(String branchBan, String track, String period) {
        return MigMessage.E0402.name() + branchBan + track + period;
    }


    static String no(int n) {
        return String.format("%08d", n);
    }

}
