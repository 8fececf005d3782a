package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * One read of the ledger as SQL and its parameters: what {@link InvoiceStatistics} and {@link InvoiceSearch} run, and
 * what {@link #explain} shows the plan of, so the plan measured is the plan of the query the console runs.
 */
public record InvoiceQuery(String name, String sql, List<Object> params) {

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of this query: it runs once; the plan's lines. */
    public List<String> explain(JdbcClient jdbc) {
        return jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql).params(params).query(String.class).list();
    }

    /** Whether the plan reads the whole invoice table rather than through an index. */
    public static boolean scansInvoiceTable(List<String> plan) {
        return plan.stream().anyMatch(line -> line.matches(".*Seq Scan on invoice( .*|$)"));
    }
}
