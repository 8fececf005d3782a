package tw.einvoice.hub.transmit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.runtime.OutageBoard;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Confirmed;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.InFlight;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Key;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.LogRow;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Rejected;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Rejection;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.SysEvent;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Unanswered;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Verdict;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Polls Turnkey's database for the verdicts on the messages the hub handed over, and applies them to the ledger.
 * Messages are matched by the INVOICE_IDENTIFIER Turnkey writes for them ({@link InvoiceMessage#identifier()}); the
 * rules are {@link TurnkeyVerdicts}'.
 */
@Service
class TurnkeyResults {

    private static final Logger log = LoggerFactory.getLogger(TurnkeyResults.class);

    private final TurnkeyLog turnkey;
    private final String answeredBy;
    private final MessageStore messages;
    private final InvoiceStore invoices;
    private final TransactionTemplate poll;
    private final TransactionTemplate eachMessage;
    private final ApplicationEventPublisher events;
    private final Duration clockSlack;
    private final int batchSize;
    private final ReadFailures failures = new ReadFailures(log, "Results");
    private final OutageBoard outages;

    // where the next poll continues: more may be waiting than one poll reads
    private OffsetDateTime afterSentAt;
    private UUID afterId;

    TurnkeyResults(TurnkeyDatabase turnkey, MessageStore messages, InvoiceStore invoices,
                   PlatformTransactionManager transactions, ApplicationEventPublisher events, TransmitProperties settings,
                   OutageBoard outages) {
        this.outages = outages;
        this.turnkey = new TurnkeyLog(turnkey);
        this.answeredBy = turnkey.answeredBy();
        this.messages = messages;
        this.invoices = invoices;
        this.poll = new TransactionTemplate(transactions);
        // a savepoint per message: one that cannot be applied (a listener failing) must not hold back the others
        this.eachMessage = new TransactionTemplate(transactions);
        eachMessage.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.events = events;
        this.clockSlack = settings.clockSlack();
        this.batchSize = settings.batchSize();
    }

    /** What one message's rows say, with the rejection's details when they say E. */
    private record Answer(InvoiceMessage message, Verdict verdict, Rejection rejection) {
    }

    /** Applies Turnkey's verdicts on the next batch of waiting messages; returns how many were settled. */
    public synchronized int poll() {
        List<InvoiceMessage> waiting = nextWaiting();
        if (waiting.isEmpty()) {
            return 0;
        }
        List<Answer> answers;
        try {
            answers = answers(waiting);
            failures.succeeded();
            outages.up(TurnkeyGateway.DATABASE_PART);
        } catch (RuntimeException e) {
            failures.failed(turnkey.where(), e);
            outages.down(TurnkeyGateway.DATABASE_PART, String.valueOf(e.getMessage()));
            return 0;
        }
        if (answers.isEmpty()) {
            return 0;
        }
        // one transaction for the whole poll: a commit per verdict would cap results at the database's commit rate
        Integer settled = poll.execute(status -> {
            messages.lockForVerdicts();
            List<Answer> confirmations = answers.stream().filter(TurnkeyResults::confirmsInvoice).toList();
            int batched = confirmAll(confirmations);
            boolean together = batched >= 0;
            int n = Math.max(batched, 0);
            for (Answer a : answers) {
                if (!together || !confirmsInvoice(a)) {
                    n += apply(a) ? 1 : 0;
                }
            }
            return n;
        });
        return Objects.requireNonNullElse(settled, 0);
    }

    /** An F0401's C: the bulk of every poll, settled together by {@link #confirmAll}. */
    private static boolean confirmsInvoice(Answer a) {
        return a.verdict() instanceof Confirmed && MigMessage.F0401.name().equals(a.message().messageType());
    }

    /**
     * The F0401s Turnkey confirmed, in a few statements for all of them rather than a handful per invoice: their
     * messages, then their invoices with history and events. Returns how many it settled, or -1 when the batch could
     * not be applied (a listener failing on one invoice): its savepoint is rolled back and the caller applies them one
     * by one, so one bad invoice holds up no other.
     */
    private int confirmAll(List<Answer> confirmations) {
        if (confirmations.isEmpty()) {
            return 0;
        }
        try {
            return Objects.requireNonNull(eachMessage.execute(status -> {
                Set<UUID> waiting = messages.confirmAll(confirmations.stream().map(a -> a.message().id()).toList(),
                        answeredBy);
                List<InvoiceMessage> confirmed = confirmations.stream().map(Answer::message)
                        .filter(m -> waiting.contains(m.id())).toList();
                invoices.confirmAll(confirmed.stream()
                        .map(m -> new InvoiceStore.Move(m.invoiceId(), confirmedReason(m))).toList(), answeredBy,
                        TurnkeyGateway.ACTOR);
                return confirmed.size();
            }));
        } catch (RuntimeException e) {
            log.warn("{} confirmations could not be applied together ({}); applying them one by one",
                    confirmations.size(), e.toString());
            return -1;
        }
    }

    private List<InvoiceMessage> nextWaiting() {
        List<InvoiceMessage> page = messages.awaitingResult(afterSentAt, afterId, batchSize);
        if (page.isEmpty() && afterSentAt != null) {
            afterSentAt = null;
            afterId = null;
            page = messages.awaitingResult(null, null, batchSize);
        }
        if (page.size() < batchSize) {
            afterSentAt = null;
            afterId = null;
        } else {
            InvoiceMessage last = page.get(page.size() - 1);
            afterSentAt = last.sentAt();
            afterId = last.id();
        }
        return page;
    }

    /** Reads Turnkey's rows for the waiting messages (and the entries of those it rejected) and decides each. */
    private List<Answer> answers(List<InvoiceMessage> waiting) {
        // a hand-over's messages share its time: each time written out once, not once per message
        Map<OffsetDateTime, String> since = new HashMap<>();
        String earliest = since.computeIfAbsent(waiting.stream().map(TurnkeyResults::handedOver)
                .min(OffsetDateTime::compareTo).orElseThrow(), this::since);
        Map<String, List<LogRow>> rows = new HashMap<>();
        for (LogRow r : turnkey.outbound(waiting.stream().map(InvoiceMessage::identifier).toList(), earliest)) {
            rows.computeIfAbsent(r.identifier(), k -> new ArrayList<>()).add(r);
        }
        List<Answer> answers = new ArrayList<>();
        for (InvoiceMessage m : waiting) {
            Verdict v = TurnkeyVerdicts.decide(rows.getOrDefault(m.identifier(), List.of()),
                    since.computeIfAbsent(handedOver(m), this::since));
            // a message still on its way with the status already noted has nothing to apply
            if (!(v instanceof Unanswered) && !(v instanceof InFlight f && Objects.equals(m.turnkeyStatus(), f.status()))) {
                answers.add(new Answer(m, v, null));
            }
        }
        List<Key> rejected = answers.stream().map(Answer::verdict)
                .filter(Rejected.class::isInstance).map(v -> ((Rejected) v).row().key()).toList();
        if (rejected.isEmpty()) {
            return answers;
        }
        Map<Key, List<SysEvent>> entries = new HashMap<>();
        for (SysEvent e : turnkey.events(rejected)) {
            entries.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        return answers.stream().map(a -> a.verdict() instanceof Rejected r
                ? new Answer(a.message(), r, TurnkeyVerdicts.rejection(entries.getOrDefault(r.row().key(), List.of())))
                : a).toList();
    }

    private static OffsetDateTime handedOver(InvoiceMessage m) {
        return m.sentAt() != null ? m.sentAt() : m.createdAt();
    }

    /** The earliest MESSAGE_DTS that may answer a message handed over then: less the clock slack. */
    private String since(OffsetDateTime handedOver) {
        return TurnkeyVerdicts.since(handedOver, clockSlack);
    }

    /** True when the answer settled the message (CONFIRMED or REJECTED). */
    private boolean apply(Answer answer) {
        InvoiceMessage m = answer.message();
        try {
            return Boolean.TRUE.equals(eachMessage.execute(status -> {
                Verdict v = answer.verdict();
                if (v instanceof Confirmed) {
                    return confirm(m);
                }
                if (v instanceof Rejected) {
                    return reject(m, answer.rejection());
                }
                if (v instanceof InFlight f) {
                    note(m, f.status());
                }
                return false;
            }));
        } catch (RuntimeException e) {
            log.warn("Turnkey's verdict on {} {} could not be applied; trying again next poll", m.messageType(),
                    m.reference(), e);
            return false;
        }
    }

    private void note(InvoiceMessage m, String turnkeyStatus) {
        if (!Objects.equals(m.turnkeyStatus(), turnkeyStatus)) {
            messages.noteTurnkeyStatus(m.id(), turnkeyStatus);
        }
    }

    private boolean confirm(InvoiceMessage m) {
        if (!messages.markResult(m.id(), InvoiceMessage.Status.CONFIRMED, "C", null, null, answeredBy)) {
            return false;
        }
        InvoiceStatus target = confirmedStatus(m.messageType());
        if (target != null) {
            var invoice = invoices.findById(m.invoiceId()).orElseThrow();
            // the result first: the status change's event (result callbacks) reads it from the invoice
            invoices.notePlatformResult(m.invoiceId(), null, null);
            if (MigMessage.F0401.name().equals(m.messageType())) {
                invoices.noteConfirmedBy(m.invoiceId(), answeredBy);
            }
            if (target.allowedFrom().contains(invoice.status())) {
                invoices.transition(m.invoiceId(), invoice.status(), target, TurnkeyGateway.ACTOR, confirmedReason(m), null);
            }
        }
        return true;
    }

    /** The history says who confirmed: no one may take the simulator's C for the MOF's. */
    private String confirmedReason(InvoiceMessage m) {
        return TurnkeyDatabase.SIMULATOR.equals(answeredBy)
                ? m.messageType() + " confirmed by the Turnkey simulator, not the MOF platform (simulated Turnkey C)"
                : m.messageType() + " confirmed by the platform (Turnkey C)";
    }

    private boolean reject(InvoiceMessage m, Rejection rejection) {
        if (!messages.markResult(m.id(), InvoiceMessage.Status.REJECTED, "E", rejection.code(), rejection.message())) {
            return false;
        }
        // the result first: the status change's event (result callbacks) carries the error code from the invoice
        if (m.invoiceId() != null) { // E0401/E0402 are about ranges, not an invoice
            invoices.notePlatformResult(m.invoiceId(), rejection.code(), rejection.message());
        }
        if (MigMessage.F0401.name().equals(m.messageType())) {
            invoices.transition(m.invoiceId(), InvoiceStatus.SENT, InvoiceStatus.REJECTED, TurnkeyGateway.ACTOR,
                    (TurnkeyDatabase.SIMULATOR.equals(answeredBy) ? "rejected by the Turnkey simulator: "
                            : "rejected by the platform: ") + rejection.code() + " " + rejection.message(), null);
        }
        // listeners (finance alerts) record in this transaction: the alert exists exactly when the rejection does
        events.publishEvent(new MessageRejected(m.invoiceId(), m.id(), m.messageType(), m.reference(), m.sellerId(),
                rejection.code(), rejection.message()));
        log.warn("{} {} rejected by the platform: {} {}", m.messageType(), m.reference(), rejection.code(), rejection.message());
        return true;
    }

    private static InvoiceStatus confirmedStatus(String messageType) {
        return switch (messageType) {
            case "F0401" -> InvoiceStatus.CONFIRMED;
            case "F0501" -> InvoiceStatus.CANCELLED;
            case "F0701" -> InvoiceStatus.VOIDED;
            default -> null;
        };
    }
}
