package tw.einvoice.hub.issue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.numbering.RangeExhaustedException;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The issue stage: claims a batch of accepted invoices of one seller, branch and type and, in one transaction,
 * sets aside those that cannot be rendered, numbers the rest (or keeps their own numbers) and stores their F0401s.
 */
@Service
class IssueService {

    private static final Logger log = LoggerFactory.getLogger(IssueService.class);

    private final InvoiceStore invoices;
    private final MessageStore messages;
    private final RenderCheck renderCheck;
    private final BatchNumbering batchNumbering;
    private final SelfNumberedIssuing selfNumbered;
    private final TransactionTemplate tx;
    private final int batchSize;

    IssueService(InvoiceStore invoices, MessageStore messages, RenderCheck renderCheck, BatchNumbering batchNumbering,
                 SelfNumberedIssuing selfNumbered, TransactionTemplate tx,
                 @Value("${hub.issue.batch-size:200}") int batchSize) {
        this.invoices = invoices;
        this.messages = messages;
        this.renderCheck = renderCheck;
        this.batchNumbering = batchNumbering;
        this.selfNumbered = selfNumbered;
        this.tx = tx;
        this.batchSize = batchSize;
    }

    /**
     * Issues the invoices named (comma-separated ids, as intake queues them) and, batched with each, its waiting
     * peers; returns the ids of the messages made.
     */
    public List<String> issue(String invoiceIds) {
        List<String> made = new ArrayList<>();
        for (String id : invoiceIds.split(",")) {
            if (!id.isBlank()) {
                made.addAll(issueBatchOf(UUID.fromString(id.trim())));
            }
        }
        return made;
    }

    /** The transmit queue's message: the new messages' ids, comma-separated; null when none. */
    public static String toTransmit(List<String> messageIds) {
        return messageIds.isEmpty() ? null : String.join(",", messageIds);
    }

    public void enqueued(List<String> messageIds) {
        messages.markEnqueued(messageIds.stream().map(UUID::fromString).toList());
    }

    private List<String> issueBatchOf(UUID trigger) {
        List<UUID> claimed = new ArrayList<>();
        try {
            List<String> made = tx.execute(status -> issueInTransaction(trigger, claimed));
            return made == null ? List.of() : made;
        } catch (RangeExhaustedException e) {
            log.warn("Invoices wait for numbers: {}", e.getMessage());
            tx.executeWithoutResult(s -> invoices.block(claimed, e.getMessage(), true));
            return List.of();
        }
    }

    private List<String> issueInTransaction(UUID trigger, List<UUID> claimedOut) {
        List<StoredInvoice> claimed = invoices.claimForIssue(trigger, batchSize);
        claimed.forEach(i -> claimedOut.add(i.id()));
        List<BatchNumbering.Checked> toNumber = new ArrayList<>();
        List<StoredInvoice> numbered = new ArrayList<>();
        OffsetDateTime checkedAt = batchNumbering.now();
        for (StoredInvoice candidate : claimed) {
            RenderCheck.Outcome outcome = renderCheck.check(candidate, checkedAt);
            String problem = outcome.problem();
            if (problem != null) {
                String as = renderCheck.messageFor(candidate).name();
                log.error("Invoice {} cannot be rendered as {}: {}", candidate.id(), as, problem);
                invoices.block(List.of(candidate.id()), "cannot be rendered as " + as + ": " + problem, false);
            } else if (candidate.invoiceNumber() == null) {
                toNumber.add(new BatchNumbering.Checked(candidate, outcome.checked(), outcome.checkedXml()));
            } else {
                numbered.add(candidate);
            }
        }
        List<String> made = new ArrayList<>(batchNumbering.issueChecked(toNumber));
        made.addAll(selfNumbered.issue(numbered));
        return made;
    }
}
