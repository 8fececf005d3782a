package tw.einvoice.hub.transmit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.rules.RuleSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Turnkey's verdicts from its database. Only {@code C} is success; {@code E} is a definite
 * error; P, G and I are still on their way. A C anywhere wins over a later E, because a duplicate
 * upload of a confirmed message is answered with an error the original does not deserve.
 */
@Service
class TurnkeyResults {

    private static final Logger log = LoggerFactory.getLogger(TurnkeyResults.class);
    private static final Pattern ERROR_CODE = Pattern.compile("E\\d{4}");

    private final TurnkeyDatabase turnkey;
    private final MessageStore messages;
    private final InvoiceStore invoices;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final java.time.Duration clockSlack;
    private static final java.time.format.DateTimeFormatter DTS = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    TurnkeyResults(TurnkeyDatabase turnkey, MessageStore messages, InvoiceStore invoices, TransactionTemplate tx,
                   ApplicationEventPublisher events,
                   @org.springframework.beans.factory.annotation.Value("${hub.turnkey.clock-slack:PT2M}") java.time.Duration clockSlack) {
        this.clockSlack = clockSlack;
        this.turnkey = turnkey;
        this.messages = messages;
        this.invoices = invoices;
        this.tx = tx;
        this.events = events;
    }

    record LogRow(String seqNo, String subSeqNo, String identifier, String status, String messageDts) {
    }

    private volatile String lastFailure;

    /** Applies every verdict Turnkey has for the messages we sent; returns how many were settled. */
    public int poll() {
        List<InvoiceMessage> waiting = messages.awaitingResult(1000);
        if (waiting.isEmpty()) {
            return 0;
        }
        Map<String, List<LogRow>> byIdentifier = new HashMap<>();
        String[] identifiers = waiting.stream().map(InvoiceMessage::identifier).distinct().toArray(String[]::new);
        try {
            turnkey.jdbc().sql("""
                            SELECT seqno, subseqno, invoice_identifier, status, message_dts FROM turnkey_message_log
                            WHERE in_out_bound = 'O' AND invoice_identifier = ANY(?)""")
                    .param(identifiers)
                    .query((rs, n) -> new LogRow(trim(rs.getString(1)), trim(rs.getString(2)), trim(rs.getString(3)),
                            trim(rs.getString(4)), trim(rs.getString(5))))
                    .list()
                    .forEach(r -> byIdentifier.computeIfAbsent(r.identifier(), k -> new ArrayList<>()).add(r));
        } catch (RuntimeException e) {
            // once per distinct failure: a poll every few seconds would otherwise bury the log in one message
            String failure = String.valueOf(e.getMessage());
            if (!failure.equals(lastFailure)) {
                log.warn("Turnkey's database could not be read ({}); will keep trying", failure);
            }
            lastFailure = failure;
            return 0;
        }
        if (lastFailure != null) {
            log.info("Turnkey's database is readable again");
            lastFailure = null;
        }
        Integer settled = tx.execute(status -> settle(waiting, byIdentifier));
        return settled == null ? 0 : settled;
    }

    /** One transaction for a whole poll: a commit per verdict would cap results at the database's commit rate. */
    private int settle(List<InvoiceMessage> waiting, Map<String, List<LogRow>> byIdentifier) {
        int settled = 0;
        for (InvoiceMessage m : waiting) {
            // a re-issued F0401 shares its identifier with the voided one: only rows since this message count
            String since = m.createdAt().minus(clockSlack).atZoneSameInstant(RuleSettings.TAIPEI).format(DTS);
            List<LogRow> rows = byIdentifier.getOrDefault(m.identifier(), List.of()).stream()
                    .filter(r -> r.messageDts() != null && r.messageDts().compareTo(since) >= 0).toList();
            if (rows.isEmpty()) {
                continue;
            }
            LogRow verdict = rows.stream().filter(r -> "C".equals(r.status())).findFirst()
                    .orElseGet(() -> rows.stream().max((a, b) -> a.messageDts().compareTo(b.messageDts())).orElseThrow());
            switch (verdict.status()) {
                case "C" -> settled += confirm(m) ? 1 : 0;
                case "E" -> settled += reject(m, verdict) ? 1 : 0;
                default -> messages.noteTurnkeyStatus(m.id(), verdict.status());
            }
        }
        return settled;
    }

    private boolean confirm(InvoiceMessage m) {
        Boolean done = tx.execute(s -> {
            if (!messages.markResult(m.id(), InvoiceMessage.Status.CONFIRMED, "C", null, null)) {
                return false;
            }
            InvoiceStatus target = confirmedStatus(m.messageType());
            if (target != null) {
                var invoice = invoices.findById(m.invoiceId()).orElseThrow();
                // the result first: the status change's event (result callbacks) reads it from the invoice
                invoices.notePlatformResult(m.invoiceId(), null, null);
                if (target.allowedFrom().contains(invoice.status())) {
                    invoices.transition(m.invoiceId(), invoice.status(), target, TurnkeyGateway.ACTOR,
                            m.messageType() + " confirmed by the platform (Turnkey C)", null);
                }
            }
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    private boolean reject(InvoiceMessage m, LogRow row) {
        String[] error = error(row);
        Boolean done = tx.execute(s -> {
            if (!messages.markResult(m.id(), InvoiceMessage.Status.REJECTED, "E", error[0], error[1])) {
                return false;
            }
            // the result first: the status change's event (result callbacks) carries the error code from the invoice
            if (m.invoiceId() != null) { // E0401/E0402 are about ranges, not an invoice
                invoices.notePlatformResult(m.invoiceId(), error[0], error[1]);
            }
            if (MigMessage.F0401.name().equals(m.messageType())) {
                invoices.transition(m.invoiceId(), InvoiceStatus.SENT, InvoiceStatus.REJECTED, TurnkeyGateway.ACTOR,
                        "rejected by the platform: " + error[0] + " " + error[1], null);
            }
            // listeners (finance alerts) record in this transaction: the alert exists exactly when the rejection does
            events.publishEvent(new MessageRejected(m.invoiceId(), m.id(), m.messageType(), m.reference(), m.sellerId(),
                    error[0], error[1]));
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            log.warn("{} {} rejected by the platform: {} {}", m.messageType(), m.reference(), error[0], error[1]);
        }
        return Boolean.TRUE.equals(done);
    }

    /** The platform code (E####) from MESSAGE1..6, else Turnkey's own ERRORCODE, and the joined messages. */
    private String[] error(LogRow row) {
        List<Map<String, Object>> events = turnkey.jdbc().sql("""
                        SELECT errorcode, message1, message2, message3, message4, message5, message6
                        FROM turnkey_sysevent_log WHERE seqno = ? AND subseqno = ? ORDER BY eventdts""")
                .params(row.seqNo(), row.subSeqNo()).query().listOfRows();
        String code = null;
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> e : events) {
            for (int i = 1; i <= 6; i++) {
                Object v = e.get("message" + i);
                if (v != null && !v.toString().isBlank()) {
                    if (!text.isEmpty()) {
                        text.append(" ");
                    }
                    text.append(v.toString().trim());
                    Matcher matcher = ERROR_CODE.matcher(v.toString());
                    if (code == null && matcher.find()) {
                        code = matcher.group();
                    }
                }
            }
            if (code == null && e.get("errorcode") != null) {
                code = e.get("errorcode").toString().trim();
            }
        }
        return new String[]{code == null ? "UNKNOWN" : code, text.isEmpty() ? "Turnkey reported status E" : text.toString()};
    }

    private static InvoiceStatus confirmedStatus(String messageType) {
        return switch (messageType) {
            case "F0401" -> InvoiceStatus.CONFIRMED;
            case "F0501" -> InvoiceStatus.CANCELLED;
            case "F0701" -> InvoiceStatus.VOIDED;
            default -> null;
        };
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
