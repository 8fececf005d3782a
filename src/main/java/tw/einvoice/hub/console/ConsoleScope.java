package tw.einvoice.hub.console;

import tw.einvoice.hub.invoice.StatisticsScope;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.Set;

/** The invoices a person may see, in the form the ledger's reads take, and the check for one invoice. */
final class ConsoleScope {

    private ConsoleScope() {
    }

    /** HQ admins see every seller without listing them (the reads' plans need no seller list then). */
    static StatisticsScope of(HubPrincipal p, Callers callers) {
        return StatisticsScope.caller(p.allSellers() ? Set.of() : callers.visibleSellers(p), p.branchScoped(),
                p.branchIds());
    }

    /** Another seller's or branch's invoice answers as if it did not exist (404), like the API. */
    static StoredInvoice visible(StoredInvoice invoice, HubPrincipal p) {
        if (invoice == null || !p.maySee(invoice.sellerId(), invoice.branchId())) {
            throw new ConsoleRefusal.NotFound("no such invoice for your sellers and branches");
        }
        return invoice;
    }
}
