package tw.einvoice.hub.numbering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.notify.Mailer;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.transmit.TurnkeyGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Period end: the unused numbers of each BranchBan, invoice type and track go to the platform as E0402
 * (空白未使用字軌). Idempotent: a group whose E0402 is already on its way or confirmed is skipped, so the
 * daily Quartz firings between the 3rd and the 9th make it exactly once and retry what was rejected.
 */
@Service
public class PeriodEnd {

    private static final Logger log = LoggerFactory.getLogger(PeriodEnd.class);

    /** One E0402 made (or already made) for the period. */
    public record BlankMessage(NumberUsage.Blank blank, UUID messageId, boolean made) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final BranchMessages messages;
    private final MessageStore store;
    private final TurnkeyGateway gateway;
    private final Mailer mailer;

    PeriodEnd(JdbcClient jdbc, TransactionTemplate tx, BranchMessages messages, MessageStore store, TurnkeyGateway gateway,
              Mailer mailer) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.messages = messages;
        this.store = store;
        this.gateway = gateway;
        this.mailer = mailer;
    }

    /** Makes and queues the E0402 messages of the period; the core of the Quartz job, callable with any period. */
    public List<BlankMessage> reportBlanks(TaxPeriod period) {
        List<BlankMessage> result = new ArrayList<>();
        for (NumberUsage.Blank blank : NumberUsage.blanks(jdbc, period.code())) {
            var existing = filed(blank, period).stream()
                    .filter(m -> m.status() != InvoiceMessage.Status.REJECTED).findFirst();
            if (existing.isPresent()) {
                result.add(new BlankMessage(blank, existing.get().id(), false));
                continue;
            }
            InvoiceMessage m = tx.execute(s -> messages.branchTrackBlank(blank.sellerId(), blank.branchBan(),
                    blank.invoiceType(), period.code(), blank.track(), blank.ranges()));
            gateway.enqueue(m.id());
            log.info("E0402 for {} track {} period {}: {} blank numbers in {} ranges", blank.branchBan(), blank.track(),
                    period.code(), blank.count(), blank.ranges().size());
            result.add(new BlankMessage(blank, m.id(), true));
        }
        return result;
    }

    /**
     * The E0402 of the period that the platform has not confirmed (or that were never made); finance is mailed
     * about them when there are any. Returns what was reported.
     */
    public List<String> unconfirmed(TaxPeriod period) {
        List<String> open = unconfirmedReports(period);
        if (!open.isEmpty()) {
            String subject = "[einvoice-hub] 空白字軌未確認 E0402 not confirmed for period " + period.code() + ": " + open.size();
            String text = "以下空白未使用字軌 (E0402) 尚未經平台確認，期限為次期 10 日前。\n"
                    + "These blank-number reports are not confirmed by the platform; they are due before the 10th:\n\n"
                    + String.join("\n", open) + "\n\n處理方式 What to do: check Turnkey and the numbering usage "
                    + "(GET /api/v1/numbering/usage?period=" + period.code() + ").\n";
            if (!mailer.send(mailer.financeTo(), subject, text)) {
                log.warn("{}\n{}", subject, text);
            }
        }
        return open;
    }

    /** The E0402 of the period not yet confirmed, one line each, without telling anyone (the console shows them). */
    public List<String> unconfirmedReports(TaxPeriod period) {
        List<String> open = new ArrayList<>();
        for (NumberUsage.Blank blank : NumberUsage.blanks(jdbc, period.code())) {
            var latest = filed(blank, period).stream().findFirst();
            if (latest.isEmpty() || latest.get().status() != InvoiceMessage.Status.CONFIRMED) {
                open.add("E0402 " + blank.branchBan() + " type " + blank.invoiceType() + " track " + blank.track() + ": "
                        + latest.map(m -> m.status() + (m.errorCode() != null ? " " + m.errorCode() + " " + m.errorMessage() : ""))
                        .orElse("not made"));
            }
        }
        return open;
    }

    /** This period's E0402 of the blank's branch, track and type, newest first. */
    private List<InvoiceMessage> filed(NumberUsage.Blank blank, TaxPeriod period) {
        return store.filedAs(MigMessage.E0402.name(),
                MigMessage.branchTrackBlankIdentifier(blank.branchBan(), blank.track(), blank.invoiceType()), period.code());
    }
}
