package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only views of the ledger for people: search with paging and sorting, and the dashboard's counts. Every
 * query takes a {@link Scope}, the sellers (and, for branch users, branches) the caller may see, so no view can
 * show more than the API would.
 */
@Service
public class InvoiceQueries {

    private final JdbcClient jdbc;

    InvoiceQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sellers the caller may see; {@code branchIds} null means every branch of them. */
    public record Scope(Collection<String> sellerIds, Collection<String> branchIds) {
    }

    /** Every field optional; dates are half-open [{@code from}, {@code to}) on the invoice date. */
    public record Criteria(String invoiceNumber, OffsetDateTime from, OffsetDateTime to, String buyer, InvoiceStatus status,
                           String connector, String branchId, BigDecimal minAmount, BigDecimal maxAmount) {
    }

    public enum Sort {
        DATE("COALESCE(issued_at, created_at)"), NUMBER("invoice_number"), AMOUNT("total_amount"), STATUS("status"),
        RECEIVED("created_at");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /** One line of a search result. */
    public record Row(UUID id, String sellerId, String branchId, String connector, String sourceRef, String invoiceType,
                      String invoiceNumber, OffsetDateTime issuedAt, String buyerId, String buyerName,
                      BigDecimal totalAmount, InvoiceStatus status, String platformCode, OffsetDateTime createdAt,
                      OffsetDateTime updatedAt) {
    }

    public record Page(List<Row> rows, long total, int page, int size) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    public Page search(Scope scope, Criteria c, Sort sort, boolean ascending, int page, int size) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(scopeClause(scope, params));
        if (present(c.invoiceNumber())) {
            where.append(" AND invoice_number = ?");
            params.add(c.invoiceNumber().strip().toUpperCase());
        }
        if (c.from() != null) {
            where.append(" AND COALESCE(issued_at, created_at) >= ?");
            params.add(c.from());
        }
        if (c.to() != null) {
            where.append(" AND COALESCE(issued_at, created_at) < ?");
            params.add(c.to());
        }
        if (present(c.buyer())) {
            // a BAN is eight digits; anything else is looked for in the buyer's name
            if (c.buyer().strip().matches("\\d{8}")) {
                where.append(" AND buyer_id = ?");
                params.add(c.buyer().strip());
            } else {
                where.append(" AND document->'buyer'->>'name' ILIKE ?");
                params.add("%" + likeEscaped(c.buyer().strip()) + "%");
            }
        }
        if (c.status() != null) {
            where.append(" AND status = ?");
            params.add(c.status().name());
        }
        if (present(c.connector())) {
            where.append(" AND connector = ?");
            params.add(c.connector().strip());
        }
        if (present(c.branchId())) {
            where.append(" AND branch_id = ?");
            params.add(c.branchId().strip());
        }
        if (c.minAmount() != null) {
            where.append(" AND total_amount >= ?");
            params.add(c.minAmount());
        }
        if (c.maxAmount() != null) {
            where.append(" AND total_amount <= ?");
            params.add(c.maxAmount());
        }
        long total = jdbc.sql("SELECT count(*) FROM invoice WHERE " + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(size);
        paged.add((long) page * size);
        List<Row> rows = jdbc.sql("""
                        SELECT id, seller_id, branch_id, connector, source_ref, invoice_type, invoice_number, issued_at,
                               buyer_id, document->'buyer'->>'name', total_amount, status, platform_code, created_at, updated_at
                        FROM invoice WHERE\s""" + where + " ORDER BY " + sort.column + (ascending ? " ASC" : " DESC")
                        + " NULLS LAST, id LIMIT ? OFFSET ?")
                .params(paged)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getString(9), rs.getString(10), rs.getBigDecimal(11), InvoiceStatus.valueOf(rs.getString(12)),
                        rs.getString(13), rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class)))
                .list();
        return new Page(rows, total, page, size);
    }

    /** How many invoices were received in [{@code from}, {@code to}), by the value of one column. */
    public Map<String, Long> countBy(Scope scope, Dimension dimension, OffsetDateTime from, OffsetDateTime to) {
        List<Object> params = new ArrayList<>();
        String where = scopeClause(scope, params) + " AND created_at >= ? AND created_at < ?";
        params.add(from);
        params.add(to);
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT COALESCE(" + dimension.column + ", '-'), count(*) FROM invoice WHERE " + where
                        + " GROUP BY 1 ORDER BY 2 DESC, 1")
                .params(params)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
                .list();
        return counts;
    }

    public enum Dimension {
        STATUS("status"), CONNECTOR("connector"), BRANCH("branch_id");

        final String column;

        Dimension(String column) {
            this.column = column;
        }
    }

    /** Invoices received per hour in [{@code from}, {@code to}), hours counted in {@code zone}; 24 buckets for a day. */
    public long[] perHour(Scope scope, OffsetDateTime from, OffsetDateTime to, java.time.ZoneId zone) {
        List<Object> params = new ArrayList<>();
        params.add(zone.getId());
        String where = scopeClause(scope, params) + " AND created_at >= ? AND created_at < ?";
        params.add(from);
        params.add(to);
        long[] hours = new long[24];
        jdbc.sql("SELECT extract(hour FROM created_at AT TIME ZONE ?)::int, count(*) FROM invoice WHERE " + where + " GROUP BY 1")
                .params(params)
                .query((rs, n) -> hours[rs.getInt(1)] = rs.getLong(2))
                .list();
        return hours;
    }

    /**
     * Invoices in {@code statuses} whose last change is older than {@code before}, oldest first: held for a number,
     * stuck on the way to Turnkey, or rejected by the platform and not yet resent.
     */
    public List<Row> lingering(Scope scope, Collection<InvoiceStatus> statuses, OffsetDateTime before, int limit) {
        List<Object> params = new ArrayList<>();
        String where = scopeClause(scope, params) + " AND status = ANY(?) AND updated_at < ?";
        params.add(statuses.stream().map(Enum::name).toArray(String[]::new));
        params.add(before);
        params.add(limit);
        return jdbc.sql("""
                        SELECT id, seller_id, branch_id, connector, source_ref, invoice_type, invoice_number, issued_at,
                               buyer_id, document->'buyer'->>'name', total_amount, status, platform_code, created_at, updated_at
                        FROM invoice WHERE\s""" + where + " ORDER BY updated_at LIMIT ?")
                .params(params)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getString(9), rs.getString(10), rs.getBigDecimal(11), InvoiceStatus.valueOf(rs.getString(12)),
                        rs.getString(13), rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class)))
                .list();
    }

    /** Invoices issued before {@code issuedBefore}, of these types (B2B: buyer BAN not 0000000000), not yet confirmed. */
    public long unconfirmedIssuedBefore(Scope scope, boolean b2b, OffsetDateTime issuedBefore) {
        List<Object> params = new ArrayList<>();
        String where = scopeClause(scope, params) + " AND status IN ('ISSUED', 'SENT', 'REJECTED') AND issued_at < ?"
                + (b2b ? " AND buyer_id IS NOT NULL AND buyer_id <> '0000000000'" : " AND (buyer_id IS NULL OR buyer_id = '0000000000')");
        params.add(issuedBefore);
        return jdbc.sql("SELECT count(*) FROM invoice WHERE " + where).params(params).query(Long.class).single();
    }

    private static String scopeClause(Scope scope, List<Object> params) {
        params.add(scope.sellerIds().toArray(String[]::new));
        if (scope.branchIds() == null) {
            return "seller_id = ANY(?)";
        }
        params.add(scope.branchIds().toArray(String[]::new));
        return "seller_id = ANY(?) AND branch_id = ANY(?)";
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
