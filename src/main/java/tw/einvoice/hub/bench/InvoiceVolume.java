package tw.einvoice.hub.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongConsumer;

/**
 * A year of one seller's invoices written straight into the ledger with {@code generate_series}, for measuring the
 * console's and the query API's reads at volume ({@code bench query}) and for the tests that hold their plans to
 * the indexes. Deterministic: row {@code i} always gets the same values, so a test can count what to expect.
 * <ul>
 *   <li>seller {@link #SELLER}, {@link #BRANCHES} branches {@code B01}…, connectors pos 50 %, erp-sample 20 %,
 *       shopee-tw 20 %, api 10 %;</li>
 *   <li>arrival spread evenly over the {@link #DAYS} days before {@code now}; those of the last ten minutes are still
 *       on their way (RECEIVED, ISSUED, SENT, or CONFIRMED), older ones CONFIRMED but for 0.5 % REJECTED, 1 %
 *       CANCELLED, 1 % VOIDED and one in 10,000 stuck in SENT;</li>
 *   <li>buyers: 70 % consumers ({@code 0000000000}), 30 % one of 5,000 businesses (named {@code 測試商行 <BAN>});
 *   totals NT$50 to 20,049.</li>
 * </ul>
 * Invoices only: no history rows and no messages (the reads measured do not join them).
 */
public final class InvoiceVolume {

    public static final String SELLER = "04595257";
    public static final int BRANCHES = 20;
    public static final int DAYS = 365;
    public static final String CONNECTOR_PREFIX_SOURCE = "vol-";

    private InvoiceVolume() {
    }

    /**
     * Inserts invoices {@code first} … {@code first + count - 1} (numbers {@code QA00000000} upward), in statements
     * of {@code chunk} rows, telling {@code progress} how many are in after each.
     */
    public static void generate(JdbcClient jdbc, long first, long count, Instant now, int chunk, LongConsumer progress) {
        long total = first + count;
        for (long from = first; from < total; from += chunk) {
            long to = Math.min(total, from + chunk) - 1;
            jdbc.sql(INSERT).params(now.atOffset(ZoneOffset.UTC), total, from, to).update();
            progress.accept(to - first + 1);
        }
    }

    /** Branch of row {@code i}, as the generator gives it. */
    public static String branch(long i) {
        return "B%02d".formatted(i % BRANCHES + 1);
    }

    /**
     * Number ranges of the current period for every branch, partly used (branch n has used n × 1,000 of 50,000), so
     * remaining numbers per branch have something to count.
     */
    public static void ranges(JdbcClient jdbc, Instant now) {
        var today = now.atZone(ZoneId.of("Asia/Taipei")).toLocalDate();
        String period = "%03d%02d".formatted(today.getYear() - 1911, (today.getMonthValue() + 1) / 2 * 2);
        for (int b = 1; b <= BRANCHES; b++) {
            jdbc.sql("""
                            INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no,
                                next_no, effective_from, source)
                            VALUES (?, ?, '07', ?, 'QB', ?, ?, ?, '-infinity', 'DEMO')""")
                    .params(SELLER, "B%02d".formatted(b), period, b * 100_000, b * 100_000 + 49_999, b * 100_000 + b * 1_000)
                    .update();
        }
    }

    // ages: row i arrives (i * 7919 mod total) / total of the span before now, so any slice of rows covers the year
    private static final String INSERT = """
            WITH n AS (
                SELECT i, ?::timestamptz AS now_, ?::bigint AS total_ FROM generate_series(?::bigint, ?::bigint) AS i),
            r AS (
                SELECT i, now_,
                    now_ - make_interval(secs => ((i * 7919) % total_)::double precision / total_ * 365 * 86400 + 1) AS created,
                    CASE i % 10 WHEN 0 THEN 'pos' WHEN 1 THEN 'pos' WHEN 2 THEN 'pos' WHEN 3 THEN 'pos' WHEN 4 THEN 'pos'
                        WHEN 5 THEN 'erp-sample' WHEN 6 THEN 'erp-sample' WHEN 7 THEN 'shopee-tw' WHEN 8 THEN 'shopee-tw'
                        ELSE 'api' END AS connector,
                    'B' || lpad((i % 20 + 1)::text, 2, '0') AS branch,
                    CASE WHEN (i * 13) % 10 < 7 THEN '0000000000'
                        ELSE lpad(((i * 31) % 5000 + 10000000)::text, 8, '0') END AS buyer,
                    50 + (i * 37) % 20000 AS amount,
                    'QA' || lpad(i::text, 8, '0') AS number
                FROM n),
            s AS (
                SELECT r.*, CASE
                    WHEN created > now_ - interval '10 minutes' THEN
                        (ARRAY['RECEIVED', 'ISSUED', 'SENT', 'CONFIRMED', 'CONFIRMED'])[i % 5 + 1]
                    WHEN i % 10000 = 4321 THEN 'SENT'
                    WHEN i % 200 = 17 THEN 'REJECTED'
                    WHEN i % 100 = 41 THEN 'CANCELLED'
                    WHEN i % 100 = 73 THEN 'VOIDED'
                    ELSE 'CONFIRMED' END AS status
                FROM r)
            INSERT INTO invoice (id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number, random_code,
                issued_at, buyer_id, total_amount, status, platform_code, platform_message, document, created_at,
                updated_at, enqueued_at, confirmed_by)
            SELECT gen_random_uuid(), connector, 'vol-' || i, '04595257', branch, '07',
                CASE WHEN status = 'RECEIVED' THEN NULL ELSE number END,
                CASE WHEN status = 'RECEIVED' THEN NULL ELSE lpad((i % 10000)::text, 4, '0') END,
                created + interval '1 second', buyer, amount, status,
                CASE WHEN status = 'REJECTED' THEN 'E200' END,
                CASE WHEN status = 'REJECTED' THEN 'simulated refusal' END,
                jsonb_build_object('connector', connector, 'sourceRef', 'vol-' || i, 'sellerId', '04595257',
                    'branchId', branch, 'invoiceType', '07',
                    'issuedAt', to_char((created + interval '1 second') AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
                    'invoiceNumber', CASE WHEN status = 'RECEIVED' THEN NULL ELSE number END,
                    'randomCode', CASE WHEN status = 'RECEIVED' THEN NULL ELSE lpad((i % 10000)::text, 4, '0') END,
                    'buyer', CASE WHEN buyer = '0000000000' THEN jsonb_build_object('id', buyer)
                        ELSE jsonb_build_object('id', buyer, 'name', '測試商行 ' || buyer) END, 'print', false, 'taxType', '1', 'taxRate', 0.05,
                    'pricesIncludeTax', true,
                    'items', jsonb_build_array(jsonb_build_object('description', '商品', 'quantity', 1, 'unitPrice', amount,
                        'amount', amount, 'taxType', '1')),
                    'salesAmount', amount - round(amount * 0.05 / 1.05), 'freeTaxSalesAmount', 0, 'zeroTaxSalesAmount', 0,
                    'taxAmount', round(amount * 0.05 / 1.05), 'totalAmount', amount),
                created,
                CASE WHEN status IN ('CONFIRMED', 'REJECTED', 'CANCELLED', 'VOIDED') THEN created + interval '5 seconds'
                    ELSE created END,
                created, CASE WHEN status IN ('CONFIRMED', 'CANCELLED', 'VOIDED') THEN 'simulator' END
            FROM s""";
}
