package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.numbering.NumberAllocator;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Numbers a batch of one seller, branch and invoice type from the branch's range in the order the invoices arrived,
 * all at one issue time: numbers then rise with issue time, and a rollback of the caller's transaction returns them.
 */
@Component
class BatchNumbering {

    private final NumberAllocator allocator;
    private final InvoiceIssuer issuer;
    private final Clock clock;

    BatchNumbering(NumberAllocator allocator, InvoiceIssuer issuer, Clock clock) {
        this.allocator = allocator;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** Issues every invoice of {@code batch}; returns the ids of their F0401 messages. */
    List<String> issue(List<StoredInvoice> batch) {
        return issueChecked(batch.stream().map(i -> new Checked(i, null, null)).toList());
    }

    /**
     * An invoice that passed the render check, with the document it passed as (null: render from the stored one)
     * and, when checked as F0401, the XML checked (null: render it).
     */
    record Checked(StoredInvoice invoice, CanonicalInvoice document, String xml) {
    }

    /** The issue time a batch started now gets: Taiwan's, to the second. */
    OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Issues every invoice of {@code batch}; returns the ids of their F0401 messages. */
    List<String> issueChecked(List<Checked> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Checked> ordered = batch.stream().sorted(Comparator.comparing(c -> c.invoice().createdAt())).toList();
        StoredInvoice first = ordered.get(0).invoice();
        // taken just before the numbers, not when the batch was checked: a batch numbered after another of the range
        // then never carries an earlier time, whichever was checked first
        OffsetDateTime now = now();
        List<String> numbers = allocator.allocate(first.sellerId(), first.branchId(), first.document().getInvoiceType(),
                TaxPeriod.of(now.toLocalDate()).code(), ordered.size());
        List<InvoiceIssuer.Rendered> rendered = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Checked c = ordered.get(i);
            rendered.add(c.xml() != null && CheckedRendering.sameDay(c.document().getIssuedAt(), now)
                    ? issuer.finish(c.invoice(), c.document(), c.xml(), numbers.get(i), InvoiceIssuer.randomCode(), now)
                    : issuer.render(c.invoice(), c.document(), numbers.get(i), InvoiceIssuer.randomCode(), now));
        }
        return issuer.store(rendered).stream().map(UUID::toString).toList();
    }
}
