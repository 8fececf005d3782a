package tw.einvoice.hub.numbering;

import java.util.List;

/**
 * Hands out invoice numbers. Numbers are taken in increasing order from the branch's active range
 * (then the next range by effective time) inside the caller's database transaction, so a rollback
 * returns them and no gap is left.
 */
public interface NumberAllocator {

    /**
     * The next {@code count} numbers (e.g. {@code AB12345678}) for the branch, in issuing order.
     * Must run inside a transaction; throws {@link RangeExhaustedException} when the branch's
     * ranges for the period hold fewer than {@code count} numbers.
     */
    List<String> allocate(String sellerId, String branchId, String invoiceType, String period, int count);

    /** The allocator on a plain {@code JdbcClient}, without Spring (benchmarks, tools); no low-stock check. */
    static NumberAllocator on(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        return new RangeAllocator(jdbc);
    }
}
