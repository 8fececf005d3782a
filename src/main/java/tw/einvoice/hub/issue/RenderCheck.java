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

    /**
     * What checking one invoice found: a problem, or none and the document as checked (a copy with the seller's
     * registered details and placeholders where it had no number, random code or time), for the issuer to finish;
     * for an invoice the hub numbers as F0401, also the F0401 checked, which becomes the issued one.
     */
    record Outcome(String problem, CanonicalInvoice checked, String checkedXml) {

        static Outcome refused(String problem) {
            return new Outcome(problem, null, null);
        }
    }

    /** Why {@code candidate} cannot be issued as F0401 (A0101 to an exchange partner), or null when it can. */
    String problem(StoredInvoice candidate) {
        return check(candidate, OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS))
                .problem();
    }

    /**
     * @param checkedAt the time the batch is checked at: an invoice the hub numbers is checked as issued then (its
     *                  own issue time, if it gave one, gives way to the batch's as it will when numbered)
     */
    Outcome check(StoredInvoice candidate, OffsetDateTime checkedAt) {
        try {
            CanonicalInvoice doc = candidate.document().copy();
            boolean hubNumbered = doc.getInvoiceNumber() == null;
            if (hubNumbered) {
                doc.setInvoiceNumber(CheckedRendering.NUMBER_PLACEHOLDER);
                doc.setIssuedAt(checkedAt);
                // the hub draws the random code of every invoice it numbers, whatever the source sent: the checked
                // rendering must hold the placeholder the issued one replaces
                doc.setRandomCode(CheckedRendering.RANDOM_CODE_PLACEHOLDER);
            } else {
                if (doc.getIssuedAt() == null) {
                    doc.setIssuedAt(checkedAt);
                }
                if (doc.getRandomCode() == null) {
                    doc.setRandomCode(CheckedRendering.RANDOM_CODE_PLACEHOLDER);
                }
            }
            if (issuer.throughExchange(doc)) {
                issuer.renderForExchange(doc);
                return new Outcome(null, doc, null);
            }
            // one parse serves both checks: the schema validates while the DOM for Turnkey's rules is built
            String xml = issuer.render(doc);
            MigSchema.Parsed parsed = schema.parse(MigMessage.F0401, xml);
            if (!parsed.valid()) {
                return Outcome.refused(parsed.problems().toString());
            }
            // Intake holds canonical invoices to Turnkey's rules already; this catches what only the rendering
            // decides (the seller's registered address, the consumer-name placeholder) and any rule intake misses.
            List<Violation> refused = TurnkeyRules.check(MigMessage.F0401, parsed.document());
            if (!refused.isEmpty()) {
                return Outcome.refused("Turnkey would refuse it: " + refused);
            }
            // a self-numbered invoice is rendered afresh from its stored document when issued (SelfNumberedIssuing)
            return new Outcome(null, doc, hubNumbered ? xml : null);
        } catch (RuntimeException e) {
            return Outcome.refused(e.getMessage());
        }
    }
}
