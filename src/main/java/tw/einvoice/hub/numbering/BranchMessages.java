package tw.einvoice.hub.numbering;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.OutboundMessage;
import tw.einvoice.hub.mig.BranchTrackBlankData;
import tw.einvoice.hub.mig.BranchTrackData;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.signing.MessageArchive;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Renders, validates, seals and stores E0401 and E0402 in the caller's transaction; the caller queues the
 * message for Turnkey after its commit, so a refused allocation never reaches the platform.
 */
@Component
class BranchMessages {

    private final MigWriter writer;
    private final MigSchema schema;
    private final MessageArchive archive;
    private final MessageStore messages;

    BranchMessages(MigWriter writer, MigSchema schema, MessageArchive archive, MessageStore messages) {
        this.writer = writer;
        this.schema = schema;
        this.archive = archive;
        this.messages = messages;
    }

    /** E0401: the branch gets {@code items} of the HQ assignment {@code assignedBegin}–{@code assignedEnd}. */
    InvoiceMessage branchTrack(String headBan, String branchBan, String invoiceType, String period, String track,
                               int assignedBegin, int assignedEnd, List<int[]> items, int bookletSize) {
        BranchTrackData data = new BranchTrackData(headBan, branchBan, invoiceType, period, track, no(assignedBegin),
                no(assignedEnd), items.stream().map(r -> new BranchTrackData.Item(no(r[0]), no(r[1]),
                        Math.max(1, (r[1] - r[0] + 1) / bookletSize))).toList());
        String xml = schema.check(MigMessage.E0401, writer.branchTrack(data));
        String reference = track + no(assignedBegin);
        return store(MigMessage.E0401, headBan, reference, period,
                MigMessage.branchTrackIdentifier(branchBan, track, no(assignedBegin), no(assignedEnd)), xml);
    }

    /** E0402: the blank numbers of one BranchBan, invoice type and track. */
    InvoiceMessage branchTrackBlank(String headBan, String branchBan, String invoiceType, String period, String track,
                                    List<int[]> ranges) {
        BranchTrackBlankData data = new BranchTrackBlankData(headBan, branchBan, invoiceType, period, track,
                ranges.stream().map(r -> new BranchTrackBlankData.Item(no(r[0]), no(r[1]))).toList());
        String xml = schema.check(MigMessage.E0402, writer.branchTrackBlank(data));
        return store(MigMessage.E0402, headBan, branchBan + track, period,
                MigMessage.branchTrackBlankIdentifier(branchBan, track, invoiceType), xml);
    }

    /** Filed under the period (yyyMM), since Turnkey's identifiers for range messages name none. */
    private InvoiceMessage store(MigMessage type, String headBan, String reference, String period, String identifier,
                                 String xml) {
        return messages.add(new OutboundMessage(null, type.name(), headBan, reference, period, identifier,
                        type.fileName(headBan, reference, OffsetDateTime.now()), xml),
                archive.seal(headBan, xml.getBytes(StandardCharsets.UTF_8)));
    }


    static String no(int n) {
        return String.format("%08d", n);
    }

}
