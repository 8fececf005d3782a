package tw.einvoice.hub.console;

import tw.einvoice.hub.invoice.InvoiceQueries;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

/** The invoices a person may see, in the form the ledger's queries take, and the check for one invoice. */
final class ConsoleScope {

    private ConsoleScope() {
    }

    static InvoiceQueries.Scope of(HubPrincipal p, Callers callers) {
        return new InvoiceQueries.Scope(callers.visibleSellers(p), p.branchScoped() ? p.branchIds() : null);
    }

    /** Another seller's or branch's invoice answers as if it did not exist (404), like the API. */
    static StoredInvoice visible(StoredInvoice invoice, HubPrincipal p) {
        if (invoice == null || !p.maySee(invoice.sellerId(), invoice.branchId())) {
            throw new ConsoleRefusal.NotFound("no such invoice for your sellers and branches");
        }
        return invoice;
    }
}
