package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
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
        if (batch.isEmpty()) {
            return List.of();
        }
        List<StoredInvoice> ordered = batch.stream().sorted(Comparator.comparing(StoredInvoice::createdAt)).toList();
        StoredInvoice first = ordered.get(0);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
        List<String> numbers = allocator.allocate(first.sellerId(), first.branchId(), first.document().getInvoiceType(),
                TaxPeriod.of(now.toLocalDate()).code(), ordered.size());
        List<String> made = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            made.add(issuer.issue(ordered.get(i), numbers.get(i), InvoiceIssuer.randomCode(), now).toString());
        }
        return made;
    }
}
