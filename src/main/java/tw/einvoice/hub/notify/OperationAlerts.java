package tw.einvoice.hub.notify;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.runtime.MessageDeadLettered;
import tw.einvoice.hub.transmit.TurnkeySigningFailed;

/**
 * What stops invoices short of the platform without the platform saying no: Turnkey unable to sign a seller's
 * envelopes, and a queue message that failed every attempt. Each becomes a line in the next finance digest.
 */
@Component
class OperationAlerts {

    private final FinanceAlerts alerts;

    OperationAlerts(FinanceAlerts alerts) {
        this.alerts = alerts;
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
}
