package tw.einvoice.hub.invoice;

import java.util.List;
import java.util.Set;

/**
 * Whose invoices a figure counts: every seller ({@link #all()}), some sellers (a seller's users and keys), or some
 * branches of one seller (branch staff). Empty sets mean "no restriction".
 */
public record StatisticsScope(Set<String> sellerIds, Set<String> branchIds) {

    public StatisticsScope {
        sellerIds = sellerIds == null ? Set.of() : Set.copyOf(sellerIds);
        branchIds = branchIds == null ? Set.of() : Set.copyOf(branchIds);
    }

    public static StatisticsScope all() {
        return new StatisticsScope(Set.of(), Set.of());
    }

    public static StatisticsScope sellers(Set<String> sellerIds) {
        return new StatisticsScope(sellerIds, Set.of());
    }

    public static StatisticsScope branches(String sellerId, Set<String> branchIds) {
        return new StatisticsScope(Set.of(sellerId), branchIds);
    }

    /** {@code AND …} conditions on an invoice's seller and branch; their parameters are added to {@code params}. */
    String where(List<Object> params) {
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
