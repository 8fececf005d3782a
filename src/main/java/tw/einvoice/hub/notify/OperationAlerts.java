package tw.einvoice.hub.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.runtime.MessageDeadLettered;
import tw.einvoice.hub.runtime.OutageBoard.PartDown;
import tw.einvoice.hub.runtime.OutageBoard.PartRecovered;
import tw.einvoice.hub.runtime.Outages;
import tw.einvoice.hub.transmit.TurnkeySigningFailed;

/**
 * What stops invoices short of the platform without the platform saying no: Turnkey unable to sign a seller's
 * envelopes, and a queue message that failed every attempt. Each becomes a line in the next finance digest.
 */
@Component
class OperationAlerts {

    private static final Logger log = LoggerFactory.getLogger(OperationAlerts.class);

    private final FinanceAlerts alerts;
    // outages whose first alert could not be recorded (the database itself was away): told when they end
    private final java.util.Set<String> untold = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // an outage is met inside someone's transaction (a hand-over), which then rolls back: its alert must outlive that
    private final org.springframework.transaction.support.TransactionTemplate ownTransaction;

    OperationAlerts(FinanceAlerts alerts, org.springframework.transaction.PlatformTransactionManager transactions) {
        this.alerts = alerts;
        this.ownTransaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void on(TurnkeySigningFailed failed) {
        alerts.turnkeySigningFailed(failed.partyId(), failed.sellerName(),
                failed.at() == null ? failed.eventDts() : DigestText.time(failed.at()), failed.messages());
    }

    @EventListener
    void on(MessageDeadLettered dead) {
        alerts.deadLettered(dead.queue(), dead.deadLetterQueue(), dead.body(), dead.attempts(), dead.reason());
    }

    @EventListener
    void on(PartDown down) {
        try {
            ownTransaction.executeWithoutResult(status ->
                    alerts.outage(down.part(), down.reason(), down.since(), null, down.failures()));
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            log.warn("Outage of {} recorded when it ends: {}", down.part(), e.getMessage());
            untold.add(down.part());
        }
    }

    @EventListener
    void on(PartRecovered recovered) {
        if (untold.remove(recovered.part())) {
            ownTransaction.executeWithoutResult(status -> alerts.outage(recovered.part(), recovered.reason(),
                    recovered.since(), recovered.at(), recovered.failures()));
        }
    }
}
