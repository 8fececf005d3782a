package tw.einvoice.hub.numbering;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Allocation on the {@code number_range} table, from ranges the hub numbers ({@code numbered_by = 'HUB'}) only:
 * a SOURCE range's numbers are given by the source itself, so handing one out would issue it twice. One UPDATE
 * per range touched: the row lock held until the caller commits is what keeps concurrent callers from taking
 * the same number and keeps numbers in commit order within a range.
 */
@Service
class RangeAllocator implements NumberAllocator {

    /** Told after a commit that took numbers, so the low-stock check runs off the issuing path. */
    interface AfterTaken {
        void taken(String sellerId, String branchId, String invoiceType, String period);
    }

    private final JdbcClient jdbc;
    private final AfterTaken afterTaken;

    /** Plain construction (tests, the benchmark): no low-stock check. */
    RangeAllocator(JdbcClient jdbc) {
        this(jdbc, (AfterTaken) null);
    }

    RangeAllocator(JdbcClient jdbc, AfterTaken afterTaken) {
        this.jdbc = jdbc;
        this.afterTaken = afterTaken;
    }

    @Autowired
    RangeAllocator(JdbcClient jdbc, ObjectProvider<AfterTaken> afterTaken) {
        this(jdbc, afterTaken.getIfAvailable());
    }

    private record Taken(String track, int from, int to) {
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> allocate(String sellerId, String branchId, String invoiceType, String period, int count) {
        List<String> numbers = new ArrayList<>(count);
        while (numbers.size() < count) {
            int wanted = count - numbers.size();
            Taken taken = jdbc.sql("""
                            WITH r AS (
                                SELECT id, next_no AS first FROM number_range
                                WHERE seller_id = ? AND branch_id = ? AND invoice_type = ? AND period = ?
                                  AND next_no <= end_no AND effective_from <= now() AND numbered_by = 'HUB'
                                ORDER BY effective_from, begin_no
                                LIMIT 1
                                FOR UPDATE)
                            UPDATE number_range n SET next_no = LEAST(n.next_no + ?, n.end_no + 1)
                            FROM r WHERE n.id = r.id
                            RETURNING n.track, r.first, n.next_no""")
                    .params(sellerId, branchId, invoiceType, period, wanted)
                    .query((rs, i) -> new Taken(rs.getString(1), rs.getInt(2), rs.getInt(3)))
                    .optional()
                    .orElse(null);
            if (taken == null) {
                // a range another transaction used up while we waited for its lock drops out of
                // LIMIT 1 FOR UPDATE without the next one being looked at: look again
                if (activeRanges(sellerId, branchId, invoiceType, period) == 0) {
                    throw new RangeExhaustedException(sellerId, branchId, invoiceType, period, count);
                }
                continue;
            }
            for (int n = taken.from(); n < taken.to(); n++) {
                numbers.add(taken.track() + String.format("%08d", n));
            }
        }
        notifyAfterCommit(sellerId, branchId, invoiceType, period);
        return numbers;
    }

    private void notifyAfterCommit(String sellerId, String branchId, String invoiceType, String period) {
        if (afterTaken == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterTaken.taken(sellerId, branchId, invoiceType, period);
            }
        });
    }

    private long activeRanges(String sellerId, String branchId, String invoiceType, String period) {
        return jdbc.sql("""
                        SELECT count(*) FROM number_range
                        WHERE seller_id = ? AND branch_id = ? AND invoice_type = ? AND period = ?
                          AND next_no <= end_no AND effective_from <= now() AND numbered_by = 'HUB'""")
                .params(sellerId, branchId, invoiceType, period).query(Long.class).single();
    }
}
