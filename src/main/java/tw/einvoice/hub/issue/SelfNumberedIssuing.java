package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.numbering.SelfNumbering;
import tw.einvoice.hub.rules.RuleSettings;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues invoices that arrived with their own number (a SOURCE range, checked by intake): they keep the source's
 * number, issue time and random code, and the range's high-water mark rises so E0402 does not report them blank.
 */
@Component
class SelfNumberedIssuing {

    private final InvoiceIssuer issuer;
    private final SelfNumbering selfNumbering;
    private final Clock clock;

    SelfNumberedIssuing(InvoiceIssuer issuer, SelfNumbering selfNumbering, Clock clock) {
        this.issuer = issuer;
        this.selfNumbering = selfNumbering;
        this.clock = clock;
    }

    List<String> issue(List<StoredInvoice> numbered) {
        List<String> made = new ArrayList<>();
        for (StoredInvoice invoice : numbered) {
            CanonicalInvoice doc = invoice.document();
            OffsetDateTime at = doc.getIssuedAt() != null ? doc.getIssuedAt()
                    : OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
            String code = doc.getRandomCode() != null ? doc.getRandomCode() : InvoiceIssuer.randomCode();
            made.add(issuer.issue(invoice, invoice.invoiceNumber(), code, at).toString());
            selfNumbering.issued(invoice.sellerId(), invoice.branchId(), doc.getInvoiceType(), at, invoice.invoiceNumber());
        }
        return made;
    }
}
