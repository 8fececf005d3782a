package tw.einvoice.hub.issue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.numbering.NumberAllocator;
import tw.einvoice.hub.numbering.RangeExhaustedException;
import tw.einvoice.hub.numbering.SelfNumbering;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.signing.MessageSigner;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The issue stage: numbers a batch of accepted invoices in one transaction, renders and signs each
 * F0401 and stores it. The issue time is the moment of numbering, so numbers rise with issue time
 * within a range; a rollback returns the numbers.
 */
@Service
class IssueService {

    private static final Logger log = LoggerFactory.getLogger(IssueService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final String ACTOR = "stage:issue";

    private final InvoiceStore invoices;
    private final MessageStore messages;
    private final NumberAllocator allocator;
    private final SelfNumbering selfNumbering;
    private final MigWriter writer;
    private final MigSchema schema;
    private final MessageSigner signer;
    private final SellerDirectory sellers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int batchSize;

    IssueService(InvoiceStore invoices, MessageStore messages, NumberAllocator allocator, SelfNumbering selfNumbering,
                 MigWriter writer,
                 MigSchema schema, MessageSigner signer, SellerDirectory sellers, TransactionTemplate tx, Clock clock,
                 @Value("${hub.issue.batch-size:200}") int batchSize) {
        this.invoices = invoices;
        this.messages = messages;
        this.allocator = allocator;
        this.selfNumbering = selfNumbering;
        this.writer = writer;
        this.schema = schema;
        this.signer = signer;
        this.sellers = sellers;
        this.tx = tx;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Issues the invoices named (comma-separated ids, as intake queues them) and, batched with them,
     * their waiting peers; returns the ids of the messages made.
     */
    public List<String> issue(String invoiceIds) {
        List<String> made = new ArrayList<>();
        for (String id : invoiceIds.split(",")) {
            if (!id.isBlank()) {
                made.addAll(issueOne(UUID.fromString(id.trim())));
            }
        }
        return made;
    }

    private List<String> issueOne(UUID trigger) {
        List<UUID> claimed = new ArrayList<>();
        try {
            List<String> made = tx.execute(status -> issueBatch(trigger, claimed));
            return made == null ? List.of() : made;
        } catch (RangeExhaustedException e) {
            log.warn("Invoices wait for numbers: {}", e.getMessage());
            tx.executeWithoutResult(s -> invoices.block(claimed, e.getMessage(), true));
            return List.of();
        }
    }

    /** The transmit queue's message: the new messages' ids, comma-separated; null when none. */
    public static String toTransmit(List<String> messageIds) {
        return messageIds.isEmpty() ? null : String.join(",", messageIds);
    }

    public void enqueued(List<String> messageIds) {
        messages.markEnqueued(messageIds.stream().map(UUID::fromString).toList());
    }

    private List<String> issueBatch(UUID trigger, List<UUID> claimedOut) {
        List<StoredInvoice> claimed = invoices.claimForIssue(trigger, batchSize);
        claimed.forEach(i -> claimedOut.add(i.id()));
        if (claimed.isEmpty()) {
            return List.of(); // already issued, or another worker holds it
        }
        List<StoredInvoice> renderable = new ArrayList<>();
        for (StoredInvoice candidate : claimed) {
            String problem = renderProblem(candidate);
            if (problem == null) {
                renderable.add(candidate);
            } else {
                log.error("Invoice {} cannot be rendered as F0401: {}", candidate.id(), problem);
                invoices.block(List.of(candidate.id()), "cannot be rendered as F0401: " + problem, false);
            }
        }
        List<StoredInvoice> toNumber = renderable.stream().filter(i -> i.invoiceNumber() == null)
                .sorted(Comparator.comparing(StoredInvoice::createdAt)).toList();
        List<String> made = new ArrayList<>();
        if (!toNumber.isEmpty()) {
            StoredInvoice first = toNumber.get(0);
            OffsetDateTime now = OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
            String period = TaxPeriod.of(now.toLocalDate()).code();
            List<String> numbers = allocator.allocate(first.sellerId(), first.branchId(), first.document().getInvoiceType(),
                    period, toNumber.size());
            for (int i = 0; i < toNumber.size(); i++) {
                made.add(issueOne(toNumber.get(i), numbers.get(i), randomCode(), now).toString());
            }
        }
        for (StoredInvoice selfNumbered : renderable) {
            if (selfNumbered.invoiceNumber() != null) {
                CanonicalInvoice doc = selfNumbered.document();
                OffsetDateTime at = doc.getIssuedAt() != null ? doc.getIssuedAt()
                        : OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
                String code = doc.getRandomCode() != null ? doc.getRandomCode() : randomCode();
                made.add(issueOne(selfNumbered, selfNumbered.invoiceNumber(), code, at).toString());
                // intake checked the number against the branch's SOURCE range; issuing uses it up there
                selfNumbering.issued(selfNumbered.sellerId(), selfNumbered.branchId(), doc.getInvoiceType(), at,
                        selfNumbered.invoiceNumber());
            }
        }
        return made;
    }

    private UUID issueOne(StoredInvoice stored, String number, String randomCode, OffsetDateTime issuedAt) {
        CanonicalInvoice doc = withSeller(stored.document());
        doc.setInvoiceNumber(number);
        doc.setRandomCode(randomCode);
        doc.setIssuedAt(issuedAt);
        // the placeholder render passed, so only a defect of ours fails here, and it undoes the whole batch
        String xml = schema.check(MigMessage.F0401, writer.invoice(doc));
        String signed = signer.sign(stored.sellerId(), xml);
        String date = issuedAt.format(YMD);
        InvoiceMessage message = messages.add(stored.id(), MigMessage.F0401.name(), stored.sellerId(), number, date,
                MigMessage.F0401.fileName(stored.sellerId(), number, issuedAt), signed);
        if (!invoices.markIssued(stored.id(), doc, ACTOR, "issued as " + number)) {
            throw new IllegalStateException("invoice " + stored.id() + " left RECEIVED while locked");
        }
        return message.id();
    }

    /** Renders with a placeholder number so a document that cannot become valid MIG never takes a number. */
    private String renderProblem(StoredInvoice candidate) {
        try {
            CanonicalInvoice doc = withSeller(candidate.document().copy());
            if (doc.getInvoiceNumber() == null) {
                doc.setInvoiceNumber("AA00000000");
            }
            if (doc.getRandomCode() == null) {
                doc.setRandomCode("0000");
            }
            if (doc.getIssuedAt() == null) {
                doc.setIssuedAt(OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS));
            }
            List<MigSchema.Problem> problems = schema.validate(MigMessage.F0401, writer.invoice(doc));
            return problems.isEmpty() ? null : problems.toString();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private CanonicalInvoice withSeller(CanonicalInvoice doc) {
        var seller = sellers.find(doc.getSellerId()).orElseThrow(() ->
                new IllegalStateException("seller " + doc.getSellerId() + " is no longer configured"));
        var given = doc.getSeller();
        doc.setSeller(new CanonicalInvoice.Party(doc.getSellerId(),
                given != null && given.name() != null ? given.name() : seller.name(),
                given != null ? given.email() : null, given != null ? given.phone() : null,
                given != null && given.address() != null ? given.address() : seller.address()));
        return doc;
    }


    private static String randomCode() {
        return String.format("%04d", RANDOM.nextInt(10_000));
    }
}
