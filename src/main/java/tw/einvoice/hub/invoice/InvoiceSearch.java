package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finding invoices for the console's search and the query API: by number, invoice date, buyer BAN or part of the
 * buyer's name, status, connector, branch and amount, sorted and paged. Each criterion is optional; every combination
 * the console offers is served by an index of V21 or V22 (plans in docs/benchmarks.md, held by InvoiceQueryPlanTest). A page is fetched with one row more than asked, which says whether
 * another page follows without counting every match.
 */
@Service
public class InvoiceSearch {

    public static final int MAX_PAGE_SIZE = 200;
    /** Shorter parts of a name have no trigram to look up, so they would read every invoice. */
    public static final int MIN_NAME_LENGTH = 3;

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
        AMOUNT_ASC("total_amount ASC, id ASC"),
        /** newest arrival first: what came in last, issued or not */
        RECEIVED_DESC("created_at DESC, id DESC"),
        RECEIVED_ASC("created_at ASC, id ASC");

        final String sql;

        Sort(String sql) {
            this.sql = sql;
        }

        /** The sort by {@code column} (DATE, AMOUNT, RECEIVED) in one direction, as the console's two choices give it. */
        public static Sort of(String column, boolean ascending) {
            String wanted = column == null ? "" : column.strip().toUpperCase(java.util.Locale.ROOT);
            if (!columns().contains(wanted)) {
                throw new IllegalArgumentException("sort is one of " + columns() + ", not "
                        + shown(column));
            }
            return valueOf(wanted + (ascending ? "_ASC" : "_DESC"));
        }

        /** The sortable columns, for the console's choice. */
        public static List<String> columns() {
            return java.util.Arrays.stream(values()).map(s -> s.name().substring(0, s.name().lastIndexOf('_')))
                    .distinct().toList();
        }
    }

    /**
     * What to look for; null means "any". Dates are of the invoice ({@code issuedAt}), half-open {@code [from, to)};
     * amounts are the invoice total, inclusive; {@code buyerName} is a part of the buyer's name, any case.
     * {@code page} counts from 0.
     */
    public record Criteria(String invoiceNumber, OffsetDateTime from, OffsetDateTime to, String buyerId,
                           String buyerName, InvoiceStatus status, String connector, BigDecimal minAmount,
                           BigDecimal maxAmount, StatisticsScope scope, Sort sort, int page, int size) {
        public Criteria {
            invoiceNumber = blankToNull(invoiceNumber);
            buyerId = blankToNull(buyerId);
            buyerName = blankToNull(buyerName);
            connector = blankToNull(connector);
            scope = scope == null ? StatisticsScope.all() : scope;
            sort = sort == null ? Sort.DATE_DESC : sort;
            if (page < 0) {
                throw new IllegalArgumentException("page counts from 0, not " + page);
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE_SIZE + " invoices, not " + size);
            }
            if (buyerName != null && buyerName.codePointCount(0, buyerName.length()) < MIN_NAME_LENGTH) {
                throw new IllegalArgumentException("a buyer name to look for has at least " + MIN_NAME_LENGTH
                        + " characters, not " + shown(buyerName));
            }
        }

        public static Criteria any() {
            return new Criteria(null, null, null, null, null, null, null, null, null, null, null, 0, 50);
        }

        public Criteria number(String n) {
            return new Criteria(n == null ? null : n.strip().toUpperCase(java.util.Locale.ROOT), from, to, buyerId,
                    buyerName, status, connector, minAmount, maxAmount, scope, sort, page, size);
        }

        public Criteria dates(OffsetDateTime f, OffsetDateTime t) {
            return new Criteria(invoiceNumber, f, t, buyerId, buyerName, status, connector, minAmount, maxAmount, scope,
                    sort, page, size);
        }

        public Criteria buyer(String b) {
            return new Criteria(invoiceNumber, from, to, b, buyerName, status, connector, minAmount, maxAmount, scope,
                    sort, page, size);
        }

        public Criteria buyerName(String name) {
            return new Criteria(invoiceNumber, from, to, buyerId, name, status, connector, minAmount, maxAmount, scope,
                    sort, page, size);
        }

        /** One field for both, as people type it: eight digits are a BAN, anything else a part of the name. */
        public Criteria buyerBanOrName(String text) {
            if (text == null || text.isBlank()) {
                return this;
            }
            return text.strip().matches("\\d{8}") ? buyer(text.strip()) : buyerName(text.strip());
        }

        public Criteria status(InvoiceStatus s) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, s, connector, minAmount, maxAmount, scope,
                    sort, page, size);
        }

        public Criteria connector(String c) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, status, c, minAmount, maxAmount, scope,
                    sort, page, size);
        }

        public Criteria amounts(BigDecimal min, BigDecimal max) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, status, connector, min, max, scope, sort,
                    page, size);
        }

        public Criteria within(StatisticsScope s) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, status, connector, minAmount, maxAmount, s,
                    sort, page, size);
        }

        public Criteria sorted(Sort s) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, status, connector, minAmount, maxAmount,
                    scope, s, page, size);
        }

        public Criteria page(int p, int s) {
            return new Criteria(invoiceNumber, from, to, buyerId, buyerName, status, connector, minAmount, maxAmount,
                    scope, sort, p, s);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    /** One line of a result, of the search and of the dashboard's lists: enough to list it and open it. */
    public record Row(UUID id, String sellerId, String branchId, String connector, String sourceRef, String invoiceNumber,
                      OffsetDateTime issuedAt, String buyerId, String buyerName, BigDecimal totalAmount,
                      InvoiceStatus status, String platformCode, String confirmedBy, OffsetDateTime updatedAt) {
    }

    static final String ROW_COLUMNS = """
            id, seller_id, branch_id, connector, source_ref, invoice_number, issued_at, buyer_id,
                document->'buyer'->>'name', total_amount, status, platform_code, confirmed_by, updated_at""";

    static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
            rs.getString(8), rs.getString(9), rs.getBigDecimal(10), InvoiceStatus.valueOf(rs.getString(11)),
            rs.getString(12), rs.getString(13), rs.getObject(14, OffsetDateTime.class));

    public record Page(List<Row> rows, int page, int size, boolean hasMore) {
    }

    public Page search(Criteria criteria) {
        InvoiceQuery q = query(criteria);
        List<Row> rows = jdbc.sql(q.sql()).params(q.params()).query(ROW).list();
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
        if (c.buyerName() != null) {
            // served by the trigram index of V22 (pg_trgm), whatever part of the name is typed
            where.append(" AND document->'buyer'->>'name' ILIKE ?");
            params.add("%" + likeEscaped(c.buyerName()) + "%");
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
        return new InvoiceQuery("search", "SELECT " + ROW_COLUMNS + " FROM invoice" + where + " ORDER BY " + c.sort().sql
                + " LIMIT ? OFFSET ?", params);
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Someone's input in a message: quoted, and cut short (the rules package's own helper would be a cycle). */
    private static String shown(String text) {
        return text == null ? "nothing" : '"' + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + '"';
    }
}
