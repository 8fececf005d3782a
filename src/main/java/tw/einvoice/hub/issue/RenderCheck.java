package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.TurnkeyRules;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.Violation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Renders an invoice with a placeholder number before it takes a real one, so a document that cannot become a
 * valid F0401, or one Turnkey would refuse, never uses up a number (the gapless range would otherwise need a blank
 * report for it). An invoice to an exchange partner is held to A0101's schema and rules instead.
 */
@Component
class RenderCheck {

    private final InvoiceIssuer issuer;
    private final MigSchema schema;
    private final Clock clock;

    RenderCheck(InvoiceIssuer issuer, MigSchema schema, Clock clock) {
        this.issuer = issuer;
        this.schema = schema;
        this.clock = clock;
    }

    /** The message the invoice is issued as: A0101 to an exchange partner, else F0401. */
    MigMessage messageFor(StoredInvoice candidate) {
        return issuer.throughExchange(candidate.document()) ? MigMessage.A0101 : MigMessage.F0401;
    }

    /** Why {@code candidate} cannot be issued as F0401 (A0101 to an exchange partner), or null when it can. */
    String problem(StoredInvoice candidate) {
        try {
            CanonicalInvoice doc = candidate.document().copy();
            if (doc.getInvoiceNumber() == null) {
                doc.setInvoiceNumber("AA00000000");
            }
            if (doc.getRandomCode() == null) {
                doc.setRandomCode("0000");
            }
            if (doc.getIssuedAt() == null) {
                doc.setIssuedAt(OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS));
            }
            if (issuer.throughExchange(doc)) {
                issuer.renderForExchange(doc);
                return null;
            }
            String xml = issuer.render(doc);
            List<MigSchema.Problem> problems = schema.validate(MigMessage.F0401, xml);
            if (!problems.isEmpty()) {
                return problems.toString();
            }
            // Intake holds canonical invoices to Turnkey's rules already; this catches what only the rendering
            // decides (the seller's registered address, the consumer-name placeholder) and any rule intake misses.
            List<Violation> refused = TurnkeyRules.check(MigMessage.F0401, xml);
            return refused.isEmpty() ? null : "Turnkey would refuse it: " + refused;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
