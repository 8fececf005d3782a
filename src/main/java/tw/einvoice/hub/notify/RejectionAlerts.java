package tw.einvoice.hub.notify;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.transmit.MessageRejected;
import tw.einvoice.hub.transmit.SummaryReconciler;

/**
 * Every platform rejection, and every place a daily SummaryResult disagrees with the ledger, becomes a
 * line in the next finance digest's platform section.
 */
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

    @EventListener
    void on(SummaryReconciler.SummaryDifferences summary) {
        for (SummaryReconciler.Difference d : summary.differences()) {
            alerts.rejected(null, d.messageType().startsWith("F") ? d.reference() : null, null, "SUMMARY_DIFF",
                    "SummaryResult " + summary.fileName() + ": " + d + " — 平台彙總與本系統不符，請查 Turnkey 紀錄 "
                            + "(the platform's daily summary disagrees with the hub: check Turnkey's log)");
        }
    }
}
