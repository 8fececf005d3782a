package tw.einvoice.hub.invoice;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Whose invoices a read sees: every seller ({@link #all()}), some sellers (a seller's users and keys), or some
 * branches of them (branch staff). Empty sets mean "no restriction"; {@link #nothing()} sees no invoice at all (a
 * branch user without branches, or a branch filter outside the caller's branches).
 */
public record StatisticsScope(Set<String> sellerIds, Set<String> branchIds, boolean none) {

    public StatisticsScope {
        sellerIds = sellerIds == null ? Set.of() : Set.copyOf(sellerIds);
        branchIds = branchIds == null ? Set.of() : Set.copyOf(branchIds);
    }

    public StatisticsScope(Set<String> sellerIds, Set<String> branchIds) {
        this(sellerIds, branchIds, false);
    }

    public static StatisticsScope all() {
        return new StatisticsScope(Set.of(), Set.of());
    }

    public static StatisticsScope nothing() {
        return new StatisticsScope(Set.of(), Set.of(), true);
    }

    public static StatisticsScope sellers(Set<String> sellerIds) {
        return new StatisticsScope(sellerIds, Set.of());
    }

    public static StatisticsScope branches(String sellerId, Set<String> branchIds) {
        return new StatisticsScope(Set.of(sellerId), branchIds);
    }

    /**
     * A caller's scope: its sellers, and its branches when {@code branchScoped} (then no branches means no invoice,
     * never every branch).
     */
    public static StatisticsScope caller(Collection<String> sellerIds, boolean branchScoped, Collection<String> branchIds) {
        if (branchScoped && (branchIds == null || branchIds.isEmpty())) {
            return nothing();
        }
        return new StatisticsScope(Set.copyOf(sellerIds), branchScoped ? Set.copyOf(branchIds) : Set.of());
    }

    /** Only {@code branchId} (blank: unchanged); a branch outside this scope's branches sees nothing. */
    public StatisticsScope branch(String branchId) {
        if (branchId == null || branchId.isBlank() || none) {
            return this;
        }
        String wanted = branchId.strip();
        if (!branchIds.isEmpty() && !branchIds.contains(wanted)) {
            return nothing();
        }
        return new StatisticsScope(sellerIds, Set.of(wanted));
    }

    /** Whether an invoice of this seller and branch is within the scope. */
    public boolean covers(String sellerId, String branchId) {
        return !none && (sellerIds.isEmpty() || sellerIds.contains(sellerId))
                && (branchIds.isEmpty() || branchIds.contains(branchId));
    }

    /** {@code AND …} conditions on an invoice's seller and branch; their parameters are added to {@code params}. */
    String where(List<Object> params) {
        if (none) {
            return " AND false";
        }
        StringBuilder sql = new StringBuilder();
        if (!sellerIds.isEmpty()) {
            sql.append(" AND seller_id = ANY(?)");
            params.add(sellerIds.stream().sorted().toArray(String[]::new));
        }
        if (!branchIds.isEmpty()) {
            sql.append(" AND branch_id = ANY(?)");
            params.add(branchIds.stream().sorted().toArray(String[]::new));
        }
        return sql.toString();
    }
}
