package tw.einvoice.hub.notify;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.transmit.MessageRejected;

/** Every platform rejection becomes a line in the next finance digest. */
@Component
class RejectionAlerts {

    private final FinanceAlerts alerts;

    RejectionAlerts(FinanceAlerts alerts) {
        this.alerts = alerts;
    }

    @EventListener
    void on(MessageRejected rejected) {
        String what = rejected.messageType().equals("F0401") ? rejected.message()
                : rejected.messageType() + " " + rejected.reference() + ": " + rejected.message();
        alerts.rejected(rejected.invoiceId(), rejected.messageType().startsWith("G") ? null : rejected.reference(),
                rejected.sellerId(), rejected.code(), what);
    }
}
