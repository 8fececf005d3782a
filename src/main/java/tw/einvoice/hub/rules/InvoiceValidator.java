package tw.einvoice.hub.rules;

import tw.einvoice.hub.invoice.CanonicalInvoice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Business validation of a canonical invoice. Plain Java so the CLI can use it without Spring. */
public final class InvoiceValidator {

    private final RuleSettings settings;
    private final SellerRegistry sellers;
    private final Clock clock;

    public InvoiceValidator(RuleSettings settings, SellerRegistry sellers, Clock clock) {
        this.settings = settings;
        this.sellers = sellers;
        this.clock = clock;
    }

    /**
     * Fills defaults and derived amounts in place (see README "Amounts and rounding"), then returns every
     * violation; an empty list means the invoice is valid.
     */
    public List<Violation> validate(CanonicalInvoice invoice) {
        return new ArrayList<>(); // TODO rules helper
    }
}
