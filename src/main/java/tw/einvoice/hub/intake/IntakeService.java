package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.numbering.SelfNumbering;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.seller.SellerDirectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The work behind {@code direct:intake}: map, read, dedupe, validate, then store the invoice or
 * keep the rejected record. A bad record is rejected on its own and never blocks the others of a
 * delivery; the valid ones of a delivery are stored in one transaction.
 */
@Service
class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    private final Mappings mappings;
    private final InvoiceValidator validator;
    private final InvoiceStore invoices;
    private final RejectedRecordStore rejected;
    private final SellerDirectory sellers;
    private final SelfNumbering selfNumbering;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    IntakeService(Mappings mappings, InvoiceValidator validator, InvoiceStore invoices, RejectedRecordStore rejected,
                  SellerDirectory sellers, SelfNumbering selfNumbering,
                  org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.selfNumbering = selfNumbering;
        this.mappings = mappings;
        this.validator = validator;
        this.invoices = invoices;
        this.rejected = rejected;
        this.sellers = sellers;
    }

    public List<IntakeOutcome> receive(JsonNode record,
                                       @Header(IntakeHeaders.CONNECTOR) String connector,
                                       @Header(IntakeHeaders.SOURCE_REF) String sourceRef,
                                       @Header(IntakeHeaders.MAPPING) String mapping,
                                       @Header(IntakeHeaders.ACTOR) String actor,
                                       @Header(IntakeHeaders.REPLAY_OF) Long replayOf) {
        String who = actor == null ? "connector:" + connector : actor;
        JsonNode canonical;
        if (mapping != null && !mapping.isBlank()) {
            try {
                canonical = mappings.apply(mapping, record);
            } catch (RuntimeException e) {
                Violation v = IntakeViolations.mappingFailed(mapping, e);
                return List.of(reject(replayOf, connector, sourceRef(record, sourceRef), mapping, null, record, List.of(v), who));
            }
        } else {
            canonical = record;
        }
        List<Step> steps = new ArrayList<>();
        Known known;
        if (canonical != null && canonical.isArray()) {
            // one source record (a file, a sheet) that maps to several invoices: each stands alone
            known = known(canonical, connector);
            for (JsonNode element : canonical) {
                steps.add(receiveOne(element, element, null, connector, null, who, replayOf, known));
            }
        } else {
            known = null;
            steps.add(receiveOne(canonical, record, mapping, connector, sourceRef, who, replayOf, null));
        }
        return store(steps, who, replayOf, known);
    }

    /** Either what became of a record already, or a valid invoice still to be stored. */
    private record Step(IntakeOutcome outcome, CanonicalInvoice valid) {
        static Step done(IntakeOutcome outcome) {
            return new Step(outcome, null);
        }
    }

    /**
     * What the database already holds for a delivery's source references, read in two queries rather than two
     * per invoice: the invoices made from them, and which of them have an open rejected record to close.
     */
    private record Known(Map<String, Map<String, StoredInvoice>> invoices,
                         Set<String> openRejected) {

        Optional<StoredInvoice> invoice(String connector, String sourceRef) {
            var of = invoices.get(connector);
            return Optional.ofNullable(of == null ? null : of.get(sourceRef));
        }

        boolean rejectedOpen(String connector, String sourceRef) {
            return openRejected.contains(connector + '\u0000' + sourceRef);
        }
    }

    private Known known(JsonNode canonical, String connector) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (JsonNode element : canonical) {
            String conn = connector != null ? connector : text(element, "connector");
            String ref = text(element, "sourceRef");
            if (conn != null && ref != null) {
                refs.computeIfAbsent(conn, c -> new HashSet<>()).add(ref);
            }
        }
        Map<String, Map<String, StoredInvoice>> found = new HashMap<>();
        Set<String> open = new HashSet<>();
        refs.forEach((conn, of) -> {
            found.put(conn, invoices.findBySources(conn, of));
            rejected.openSourceRefs(conn, of).forEach(ref -> open.add(conn + '\u0000' + ref));
        });
        return new Known(found, open);
    }

    /**
     * Stores the valid invoices of one delivery in one transaction: one commit for a batch instead of one
     * per invoice. Rejections were decided before, so only a database failure can undo it, and then the
     * whole delivery fails and may be sent again (repeats are recognised).
     */
    private List<IntakeOutcome> store(List<Step> steps, String actor, Long replayOf, Known known) {
        if (steps.stream().noneMatch(s -> s.valid() != null)) {
            return steps.stream().map(Step::outcome).toList();
        }
        String reason = replayOf == null ? "received" : "received by replay of rejected record #" + replayOf;
        return tx.execute(status -> steps.stream().map(step -> {
            if (step.valid() == null) {
                return step.outcome();
            }
            CanonicalInvoice invoice = step.valid();
            InvoiceStore.Received received = invoices.receive(invoice, actor, reason, null);
            if (received.created() && (known == null || replayOf != null
                    || known.rejectedOpen(invoice.getConnector(), invoice.getSourceRef()))) {
                rejected.resolve(replayOf, invoice.getConnector(), invoice.getSourceRef(), received.invoice().id(), actor);
            }
            return outcome(received.created() ? IntakeOutcome.Result.ACCEPTED : IntakeOutcome.Result.DUPLICATE,
                    received.invoice());
        }).toList());
    }

    private Step receiveOne(JsonNode canonical, JsonNode original, String mapping, String connector,
                            String sourceRef, String actor, Long replayOf, Known known) {
        String ref = sourceRef(canonical, sourceRef);
        String conn = connector != null ? connector : text(canonical, "connector");
        if (canonical == null || !canonical.isObject()) {
            return Step.done(reject(replayOf, conn, ref, mapping, null, original, List.of(IntakeViolations.notAnObject()), actor));
        }
        ObjectNode doc = ((ObjectNode) canonical).deepCopy();
        if (conn != null) {
            doc.put("connector", conn);
        }
        if (ref != null) {
            doc.put("sourceRef", ref);
        }
        CanonicalInvoice invoice;
        try {
            invoice = InvoiceJson.read(doc);
        } catch (InvoiceFormatException e) {
            return Step.done(reject(replayOf, conn, ref, mapping, text(doc, "sellerId"), original, List.of(IntakeViolations.format(e)), actor));
        }
        List<Violation> missing = IntakeViolations.missingKey(invoice);
        if (!missing.isEmpty()) {
            return Step.done(reject(replayOf, conn, ref, mapping, invoice.getSellerId(), original, missing, actor));
        }
        var existing = known != null ? known.invoice(conn, ref) : invoices.findBySource(conn, ref);
        if (existing.isPresent()) {
            return Step.done(outcome(IntakeOutcome.Result.DUPLICATE, existing.get()));
        }
        applySellerDefaults(invoice);
        List<Violation> violations = new ArrayList<>(validator.validate(invoice));
        checkOwnNumber(invoice, violations);
        if (!violations.isEmpty()) {
            return Step.done(reject(replayOf, conn, ref, mapping, invoice.getSellerId(), original, violations, actor));
        }
        return new Step(null, invoice);
    }

    /** A self-numbered invoice must carry a number of its branch's SOURCE range, or the allocator could reuse it. */
    private void checkOwnNumber(CanonicalInvoice invoice, List<Violation> violations) {
        if (invoice.getInvoiceNumber() == null || violations.stream().anyMatch(v -> "invoiceNumber".equals(v.field())
                || "sellerId".equals(v.field()) || "branchId".equals(v.field()))) {
            return;
        }
        Violation v = selfNumbering.check(invoice.getSellerId(), invoice.getBranchId(), invoice.getInvoiceType(),
                invoice.getIssuedAt(), invoice.getInvoiceNumber());
        if (v != null) {
            violations.add(v);
        }
    }

    private void applySellerDefaults(CanonicalInvoice invoice) {
        if (invoice.getBranchId() == null && invoice.getInvoiceNumber() != null) {
            // a format without a branch (MIG XML): the SOURCE range holding the number names it
            invoice.setBranchId(selfNumbering.branchOf(invoice.getSellerId(), invoice.getInvoiceType(),
                    invoice.getIssuedAt(), invoice.getInvoiceNumber()));
        }
        if (invoice.getBranchId() == null) {
            sellers.find(invoice.getSellerId()).ifPresent(s -> invoice.setBranchId(s.defaultBranch()));
        }
    }

    private IntakeOutcome reject(Long replayOf, String connector, String sourceRef, String mapping, String sellerId,
                                 JsonNode payload, List<Violation> violations, String actor) {
        String conn = connector == null ? "unknown" : connector;
        JsonNode kept = payload == null ? InvoiceJson.mapper().nullNode() : payload;
        long id = rejected.reject(replayOf, conn, sourceRef, mapping, sellerId, kept, violations, actor);
        log.info("Rejected record #{} from {} ({}): {}", id, conn, sourceRef, violations);
        return new IntakeOutcome(IntakeOutcome.Result.REJECTED, conn, sourceRef, null, null, null, id, violations);
    }

    private static IntakeOutcome outcome(IntakeOutcome.Result result, StoredInvoice stored) {
        return new IntakeOutcome(result, stored.connector(), stored.sourceRef(), stored.id(), stored.status(),
                stored.invoiceNumber(), null, null);
    }

    private static String sourceRef(JsonNode doc, String header) {
        String inDoc = text(doc, "sourceRef");
        return inDoc != null ? inDoc : header;
    }

    private static String text(JsonNode doc, String field) {
        if (doc == null || !doc.isObject()) {
            return null;
        }
        JsonNode v = doc.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** The issue queue's message for this delivery: the new invoices' ids, comma-separated; null when none. */
    public static String toIssue(List<IntakeOutcome> outcomes) {
        List<UUID> ids = accepted(outcomes);
        return ids.isEmpty() ? null : String.join(",", ids.stream().map(UUID::toString).toList());
    }

    public List<IntakeOutcome> markEnqueued(List<IntakeOutcome> outcomes) {
        invoices.markEnqueued(accepted(outcomes));
        return outcomes;
    }

    private static List<UUID> accepted(List<IntakeOutcome> outcomes) {
        return outcomes.stream().filter(o -> o.result() == IntakeOutcome.Result.ACCEPTED).map(IntakeOutcome::invoiceId).toList();
    }
}
