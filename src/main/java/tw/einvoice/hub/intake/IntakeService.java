package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.NoTypeConversionAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.carrier.Members;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.numbering.SelfNumbering;
import tw.einvoice.hub.rules.CanonicalShape;
import tw.einvoice.hub.rules.InvoiceText;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.rules.ViolationCode;
import tw.einvoice.hub.runtime.Outages;
import tw.einvoice.hub.seller.SellerDirectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The work behind {@code direct:intake}: map, read, dedupe, validate, then store the invoice or
 * keep the rejected record. A bad record is rejected on its own and never blocks the others of a
 * delivery; the valid ones of a delivery are stored in one transaction.
 * <p>
 * Nothing a record holds may fail a delivery: the form of every field ({@link CanonicalShape}) is checked before
 * anything is looked up or stored, and what still goes wrong with one record (a rule that throws, a database that
 * refuses a value the rules let through) rejects that record as a hub defect, logged, instead of failing the
 * delivery. Only an outage of the database or the broker ({@link Outages}) fails it, since then sending it again helps.
 */
@Service
class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    /** The fields the check of a self-numbered invoice's number reads (and sends to the database). */
    private static final Set<String> NUMBER_INPUTS = Set.of("invoiceNumber", "sellerId", "branchId", "invoiceType", "issuedAt");

    private final Mappings mappings;
    private final InvoiceValidator validator;
    private final InvoiceStore invoices;
    private final RejectedRecordStore rejected;
    private final SellerDirectory sellers;
    private final SelfNumbering selfNumbering;
    private final TransactionTemplate tx;
    private final Members members;

    IntakeService(Mappings mappings, InvoiceValidator validator, InvoiceStore invoices, RejectedRecordStore rejected,
                  SellerDirectory sellers, SelfNumbering selfNumbering, TransactionTemplate tx, Members members) {
        this.tx = tx;
        this.members = members;
        this.selfNumbering = selfNumbering;
        this.mappings = mappings;
        this.validator = validator;
        this.invoices = invoices;
        this.rejected = rejected;
        this.sellers = sellers;
    }

    /**
     * The delivered body as JSON. Text is read by the canonical reader, which keeps numbers exact: Camel's converter
     * reads them as doubles, rounding a 20-digit quantity and turning 1e400 into Infinity. Text that is not JSON
     * stays text, and is kept as a rejected record like any other record that is not an invoice.
     */
    public JsonNode json(Object body, Exchange exchange) throws NoTypeConversionAvailableException {
        if (body == null || body instanceof JsonNode) {
            return (JsonNode) body;
        }
        if (body instanceof String text) {
            try {
                return InvoiceJson.tree(text);
            } catch (InvoiceFormatException notJson) {
                return InvoiceJson.mapper().getNodeFactory().textNode(text);
            }
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(JsonNode.class, exchange, body);
    }

    public List<IntakeOutcome> receive(JsonNode record,
                                       @Header(IntakeHeaders.CONNECTOR) String connector,
                                       @Header(IntakeHeaders.SOURCE_REF) String sourceRef,
                                       @Header(IntakeHeaders.MAPPING) String mapping,
                                       @Header(IntakeHeaders.ACTOR) String actor,
                                       @Header(IntakeHeaders.REPLAY_OF) Long replayOf,
                                       @Header(IntakeHeaders.SOURCE_REF_FIELD) String sourceRefField) {
        String who = actor == null ? "connector:" + connector : actor;
        JsonNode canonical;
        if (mapping != null && !mapping.isBlank()) {
            try {
                canonical = mappings.apply(mapping, record);
            } catch (RuntimeException e) {
                if (record.isArray() && record.size() > 1) {
                    // a delivery of several source records (a Shopee detail batch): one that breaks the mapping must
                    // not keep the others out, so each is mapped on its own and only the broken one is rejected
                    List<IntakeOutcome> outcomes = new ArrayList<>();
                    for (JsonNode element : record) {
                        String key = sourceRefField == null || !element.path(sourceRefField).isValueNode() ? null
                                : element.path(sourceRefField).asText();
                        outcomes.addAll(receive(element, connector, key, mapping, actor, replayOf, null));
                    }
                    return outcomes;
                }
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
                steps.add(guarded(element, element, null, connector, null, who, replayOf, known));
            }
        } else {
            known = null;
            steps.add(guarded(canonical, record, mapping, connector, sourceRef, who, replayOf, null));
        }
        return store(refuseRepeatedNumbers(steps, who, replayOf), who, replayOf, known);
    }

    /**
     * Either what became of a record already, or a valid invoice still to be stored with what a later rejection of
     * it would keep (the record as it came and its mapping).
     */
    private record Step(IntakeOutcome outcome, CanonicalInvoice valid, JsonNode original, String mapping) {
        static Step done(IntakeOutcome outcome) {
            return new Step(outcome, null, null, null);
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
            // a key that cannot be kept is rejected on its own below; in the query it would fail every record
            if (IntakeKeys.usableConnector(conn) && IntakeKeys.usableSourceRef(ref)) {
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
     * per invoice. Rejections were decided before, so only the database can undo it: an outage fails the whole
     * delivery, which may be sent again (repeats are recognised); a refusal of one invoice's data would otherwise
     * fail every delivery it is in, so the invoices are then stored one by one and the refused one is rejected.
     */
    private List<IntakeOutcome> store(List<Step> steps, String actor, Long replayOf, Known known) {
        if (steps.stream().noneMatch(s -> s.valid() != null)) {
            return steps.stream().map(Step::outcome).toList();
        }
        try {
            return tx.execute(status -> storeAll(steps, actor, replayOf, known));
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw e;
            }
            List<Step> valid = steps.stream().filter(s -> s.valid() != null).toList();
            if (valid.size() == 1) {
                return steps.stream().map(step -> step.valid() == null ? step.outcome() : refused(step, e, actor, replayOf))
                        .toList();
            }
            log.warn("A delivery of {} invoices could not be stored together ({}); storing them one by one",
                    valid.size(), StorageRefusals.describe(e));
            return steps.stream().map(step -> step.valid() == null ? step.outcome() : storeAlone(step, actor, replayOf, known))
                    .toList();
        }
    }

    private IntakeOutcome storeAlone(Step step, String actor, Long replayOf, Known known) {
        try {
            return tx.execute(status -> storeOne(step.valid(), actor, replayOf, known));
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw e;
            }
            return refused(step, e, actor, replayOf);
        }
    }

    /** A valid invoice the database would not take, kept as a rejected record. */
    private IntakeOutcome refused(Step step, RuntimeException failure, String actor, Long replayOf) {
        CanonicalInvoice invoice = step.valid();
        Violation refusal = StorageRefusals.violation(failure, invoice);
        if (ViolationCode.HUB_DEFECT.name().equals(refusal.code())) {
            log.error("DEFECT: the database refused invoice {}/{} ({}), which passed every rule; kept as a rejected record",
                    InvoiceText.shown(invoice.getConnector()), InvoiceText.shown(invoice.getSourceRef()),
                    StorageRefusals.describe(failure), failure);
        }
        return reject(replayOf, invoice.getConnector(), invoice.getSourceRef(), step.mapping(), invoice.getSellerId(),
                step.original(), List.of(refusal), actor);
    }

    private List<IntakeOutcome> storeAll(List<Step> steps, String actor, Long replayOf, Known known) {
        List<CanonicalInvoice> valid = steps.stream().map(Step::valid).filter(Objects::nonNull).toList();
        Iterator<InvoiceStore.Received> received = invoices.receiveAll(valid, actor, reason(replayOf)).iterator();
        return steps.stream()
                .map(step -> step.valid() == null ? step.outcome() : settle(step.valid(), received.next(), actor, replayOf, known))
                .toList();
    }

    private IntakeOutcome storeOne(CanonicalInvoice invoice, String actor, Long replayOf, Known known) {
        return settle(invoice, invoices.receive(invoice, actor, reason(replayOf), null), actor, replayOf, known);
    }

    private static String reason(Long replayOf) {
        return replayOf == null ? "received" : "received by replay of rejected record #" + replayOf;
    }

    private IntakeOutcome settle(CanonicalInvoice invoice, InvoiceStore.Received received, String actor, Long replayOf,
                                 Known known) {
        if (!received.created() && !received.invoice().sellerId().equals(invoice.getSellerId())) {
            // another seller's record of the same key came in at the same moment and won the insert
            return reject(replayOf, invoice.getConnector(), invoice.getSourceRef(), null, invoice.getSellerId(),
                    InvoiceJson.toTree(invoice),
                    List.of(ViolationCode.SOURCE_REF_OF_ANOTHER_SELLER.at("sourceRef", invoice.getConnector(),
                            invoice.getSourceRef())), actor);
        }
        if (received.created() && (known == null || replayOf != null
                || known.rejectedOpen(invoice.getConnector(), invoice.getSourceRef()))) {
            rejected.resolve(replayOf, invoice.getConnector(), invoice.getSourceRef(), received.invoice().id(), actor);
        }
        return outcome(received.created() ? IntakeOutcome.Result.ACCEPTED : IntakeOutcome.Result.DUPLICATE,
                received.invoice());
    }

    /**
     * Two invoices of one delivery numbered alike would each pass the check against the database and then fail the
     * unique index together: the later one is refused here instead.
     */
    private List<Step> refuseRepeatedNumbers(List<Step> steps, String actor, Long replayOf) {
        Set<String> numbers = new HashSet<>();
        List<Step> out = new ArrayList<>(steps.size());
        for (Step step : steps) {
            CanonicalInvoice invoice = step.valid();
            if (invoice != null && invoice.getInvoiceNumber() != null
                    && !numbers.add(invoice.getSellerId() + ':' + invoice.getInvoiceNumber())) {
                out.add(Step.done(reject(replayOf, invoice.getConnector(), invoice.getSourceRef(), step.mapping(),
                        invoice.getSellerId(), step.original(),
                        List.of(ViolationCode.NUMBER_ALREADY_USED.at("invoiceNumber", invoice.getInvoiceNumber())), actor)));
            } else {
                out.add(step);
            }
        }
        return out;
    }

    /**
     * One record through {@link #receiveOne}; whatever it throws besides an outage is a defect of the hub that this
     * record happened to reach, and the record is kept as rejected rather than failing its whole delivery for ever.
     */
    private Step guarded(JsonNode canonical, JsonNode original, String mapping, String connector, String sourceRef,
                         String actor, Long replayOf, Known known) {
        try {
            return receiveOne(canonical, original, mapping, connector, sourceRef, actor, replayOf, known);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw e;
            }
            String conn = connector != null ? connector : text(canonical, "connector");
            String ref = sourceRef(canonical, sourceRef);
            log.error("DEFECT: checking record {}/{} failed inside the hub; kept as a rejected record",
                    InvoiceText.shown(conn), InvoiceText.shown(ref), e);
            Violation defect = ViolationCode.HUB_DEFECT.at("$", "$", e.getClass().getSimpleName());
            return Step.done(reject(replayOf, conn, ref, mapping, text(canonical, "sellerId"), original, List.of(defect), actor));
        }
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
        String sellerId = text(doc, "sellerId");
        // the form first: nothing below may send a value to the database that it cannot take
        List<Violation> shape = CanonicalShape.check(doc);
        if (!CanonicalShape.readable(shape)) {
            return Step.done(reject(replayOf, conn, ref, mapping, sellerId, original, shape, actor));
        }
        CanonicalInvoice invoice;
        try {
            invoice = InvoiceJson.read(doc);
        } catch (InvoiceFormatException e) {
            return Step.done(reject(replayOf, conn, ref, mapping, sellerId, original, List.of(IntakeViolations.format(e)), actor));
        }
        List<Violation> missing = IntakeViolations.missingKey(invoice);
        if (!missing.isEmpty() || !IntakeKeys.usableConnector(conn) || !IntakeKeys.usableSourceRef(ref)) {
            // a tab is blank, but the form has said what is wrong with it
            List<Violation> all = new ArrayList<>(shape);
            missing.stream().filter(m -> shape.stream().noneMatch(v -> v.field().equals(m.field()))).forEach(all::add);
            return Step.done(reject(replayOf, conn, ref, mapping, sellerId, original, all, actor));
        }
        var existing = known != null ? known.invoice(conn, ref) : invoices.findBySource(conn, ref);
        if (existing.isPresent()) {
            if (!existing.get().sellerId().equals(sellerId)) {
                return Step.done(reject(replayOf, conn, ref, mapping, sellerId, original,
                        List.of(ViolationCode.SOURCE_REF_OF_ANOTHER_SELLER.at("sourceRef", conn, ref)), actor));
            }
            return Step.done(outcome(IntakeOutcome.Result.DUPLICATE, existing.get()));
        }
        List<Violation> memberViolations = List.of();
        if (shape.isEmpty()) {
            applySellerDefaults(invoice);
            // before validation: the member's carrier is what the rules then check
            memberViolations = members.attach(invoice);
        }
        List<Violation> violations = new ArrayList<>(validator.validate(invoice, shape));
        violations.addAll(memberViolations);
        if (shape.isEmpty()) {
            checkOwnNumber(invoice, violations);
        }
        if (!violations.isEmpty()) {
            return Step.done(reject(replayOf, conn, ref, mapping, invoice.getSellerId(), original, violations, actor));
        }
        return new Step(null, invoice, original, mapping);
    }

    /** A self-numbered invoice must carry a number of its branch's SOURCE range, or the allocator could reuse it. */
    private void checkOwnNumber(CanonicalInvoice invoice, List<Violation> violations) {
        if (invoice.getInvoiceNumber() == null || violations.stream().anyMatch(v -> NUMBER_INPUTS.contains(v.field()))) {
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

    /**
     * Keeps the record as rejected. The outcome names the connector the record is filed under and the sourceRef as the
     * record gave it, which is how a caller matches results to what it sent.
     */
    private IntakeOutcome reject(Long replayOf, String connector, String sourceRef, String mapping, String sellerId,
                                 JsonNode payload, List<Violation> violations, String actor) {
        String conn = IntakeKeys.usableConnector(connector) ? connector : IntakeKeys.NO_CONNECTOR;
        JsonNode kept = payload == null ? InvoiceJson.mapper().nullNode() : payload;
        long id = rejected.reject(replayOf, conn, sourceRef, mapping, sellerId, kept, violations, actor);
        log.info("Rejected record #{} from {} ({}): {}", id, InvoiceText.shown(conn), InvoiceText.shown(sourceRef), violations);
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

    /** A field's text; null when absent, blank or not text at all (a number is not quietly taken for one). */
    private static String text(JsonNode doc, String field) {
        if (doc == null || !doc.isObject()) {
            return null;
        }
        JsonNode v = doc.get(field);
        return v == null || !v.isTextual() || v.textValue().isBlank() ? null : v.textValue();
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
