package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finding invoices for the console's search and the query API: by number, invoice date, buyer BAN, status, connector,
 * branch and amount, sorted and paged. Each criterion is optional; every combination the console offers is served by
 * an index of V21 (plans in docs/benchmarks.md). A page is fetched with one row more than asked, which says whether
 * another page follows without counting every match.
 */
@Service
public class InvoiceSearch {

    public static final int MAX_PAGE_SIZE = 200;

    private final JdbcClient jdbc;

    InvoiceSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static InvoiceSearch on(JdbcClient jdbc) {
        return new InvoiceSearch(jdbc);
    }

    public enum Sort {
        /** newest invoice date first (the default) */
        DATE_DESC("issued_at DESC, id DESC"),
        DATE_ASC("issued_at ASC, id ASC"),
        AMOUNT_DESC("total_amount DESC, id DESC"),
        AMOUNT_ASC("total_amount ASC, id ASC");

        final String sql;

        Sort(String sql) {
            this.sql = sql;
        }
    }

    /**
     * What to look for; null means "any". Dates are of the invoice ({@code issuedAt}), half-open {@code [from, to)};
     * amounts are the invoice total, inclusive. {@code page} counts from 0.
     */
    public record Criteria(String invoiceNumber, OffsetDateTime from, OffsetDateTime to, String buyerId,
                           InvoiceStatus status, String connector, BigDecimal minAmount, BigDecimal maxAmount,
                           StatisticsScope scope, Sort sort, int page, int size) {
        public Criteria {
            scope = scope == null ? StatisticsScope.all() : scope;
            sort = sort == null ? Sort.DATE_DESC : sort;
            if (page < 0) {
                throw new IllegalArgumentException("page counts from 0, not " + page);
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE_SIZE + " invoices, not " + size);
            }
        }

        public static Criteria any() {
            return new Criteria(null, null, null, null, null, null, null, null, null, null, 0, 50);
        }

        public Criteria number(String n) {
            return new Criteria(n, from, to, buyerId, status, connector, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria dates(OffsetDateTime f, OffsetDateTime t) {
            return new Criteria(invoiceNumber, f, t, buyerId, status, connector, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria buyer(String b) {
            return new Criteria(invoiceNumber, from, to, b, status, connector, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria status(InvoiceStatus s) {
            return new Criteria(invoiceNumber, from, to, buyerId, s, connector, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria connector(String c) {
            return new Criteria(invoiceNumber, from, to, buyerId, status, c, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria amounts(BigDecimal min, BigDecimal max) {
            return new Criteria(invoiceNumber, from, to, buyerId, status, connector, min, max, scope, sort, page, size);
        }

        public Criteria within(StatisticsScope s) {
            return new Criteria(invoiceNumber, from, to, buyerId, status, connector, minAmount, maxAmount, s, sort, page, size);
        }

        public Criteria sorted(Sort s) {
            return new Criteria(invoiceNumber, from, to, buyerId, status, connector, minAmount, maxAmount, scope, s, page, size);
        }

        public Criteria page(int p, int s) {
            return new Criteria(invoiceNumber, from, to, buyerId, status, connector, minAmount, maxAmount, scope, sort, p, s);
        }
    }

    /** One line of a result: enough to list it and open it. */
    public record Row(UUID id, String sellerId, String branchId, String connector, String sourceRef, String invoiceNumber,
                      OffsetDateTime issuedAt, String buyerId, BigDecimal totalAmount, InvoiceStatus status,
                      String confirmedBy, OffsetDateTime updatedAt) {
    }

    public record Page(List<Row> rows, int page, int size, boolean hasMore) {
    }

    public Page search(Criteria criteria) {
        InvoiceQuery q = query(criteria);
        List<Row> rows = jdbc.sql(q.sql()).params(q.params()).query((rs, n) -> new Row(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getBigDecimal(9),
                InvoiceStatus.valueOf(rs.getString(10)), rs.getString(11), rs.getObject(12, OffsetDateTime.class))).list();
        boolean more = rows.size() > criteria.size();
        return new Page(more ? rows.subList(0, criteria.size()) : rows, criteria.page(), criteria.size(), more);
    }

    public InvoiceQuery query(Criteria c) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (c.invoiceNumber() != null) {
            where.append(" AND invoice_number = ?");
            params.add(c.invoiceNumber());
        }
        if (c.from() != null) {
            where.append(" AND issued_at >= ?");
            params.add(c.from());
        }
        if (c.to() != null) {
            where.append(" AND issued_at < ?");
            params.add(c.to());
        }
        if (c.buyerId() != null) {
            where.append(" AND buyer_id = ?");
            params.add(c.buyerId());
        }
        if (c.status() != null) {
            where.append(" AND status = ?");
            params.add(c.status().name());
        }
        if (c.connector() != null) {
            where.append(" AND connector = ?");
            params.add(c.connector());
        }
        if (c.minAmount() != null) {
            where.append(" AND total_amount >= ?");
            params.add(c.minAmount());
        }
        if (c.maxAmount() != null) {
            where.append(" AND total_amount <= ?");
            params.add(c.maxAmount());
        }
        where.append(c.scope().where(params));
        params.add(c.size() + 1);
        params.add((long) c.page() * c.size());
        return new InvoiceQuery("search", """
                SELECT id, seller_id, branch_id, connector, source_ref, invoice_number, issued_at, buyer_id, total_amount,
                    status, confirmed_by, updated_at
                FROM invoice""" + where + " ORDER BY " + c.sort().sql + " LIMIT ? OFFSET ?", params);
    }
}
