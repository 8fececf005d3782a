package tw.einvoice.hub.mediafile;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A real PostgreSQL with the hub's schema, and the rows a media file is made from, written as the hub stores them:
 * invoices in the ledger, the MOF's assignments and the branches' ranges.
 */
public final class Ledger implements AutoCloseable {

    public static final String SELLER = "04595257";

    private final EmbeddedPostgres postgres;
    public final JdbcClient jdbc;

    private Ledger(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.jdbc = JdbcClient.create(postgres.getPostgresDatabase());
    }

    public static Ledger start() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return new Ledger(postgres);
    }

    public String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public void clear() {
        jdbc.sql("DELETE FROM allowance").update();
        jdbc.sql("DELETE FROM invoice").update();
        jdbc.sql("DELETE FROM number_range").update();
        jdbc.sql("DELETE FROM track_assignment").update();
    }

    /** An invoice of the seller with its amounts; {@code buyer} null for a consumer. */
    public UUID invoice(String seller, String number, String issuedAt, String status, String buyer, String taxType,
                        long sales, long tax) {
        UUID id = UUID.randomUUID();
        String buyerId = buyer == null ? "0000000000" : buyer;
        String document = """
                {"sellerId": "%s", "invoiceType": "07", "invoiceNumber": "%s", "buyer": {"id": "%s"}, "taxType": "%s",
                 "salesAmount": %d, "zeroTaxSalesAmount": %d, "freeTaxSalesAmount": %d, "taxAmount": %d, "totalAmount": %d%s}"""
                .formatted(seller, number, buyerId, taxType, "1".equals(taxType) ? sales : 0, "2".equals(taxType) ? sales : 0,
                        "3".equals(taxType) ? sales : 0, tax, sales + tax,
                        "2".equals(taxType) ? ", \"zeroTaxRateReason\": \"71\", \"customsClearanceMark\": \"2\"" : "");
        jdbc.sql("""
                        INSERT INTO invoice (id, connector, source_ref, seller_id, invoice_type, invoice_number, issued_at, buyer_id,
                            total_amount, status, document)
                        VALUES (?, 'test', ?, ?, '07', ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(id, "SO-" + id, seller, number, OffsetDateTime.parse(issuedAt), buyerId, sales + tax, status, document)
                .update();
        return id;
    }

    /** The MOF's assignment of numbers {@code begin}–{@code end} of the track to the seller. */
    public void assignment(String seller, String period, String track, int begin, int end) {
        jdbc.sql("""
                        INSERT INTO track_assignment (seller_id, invoice_type, period, track, begin_no, end_no, booklets, source)
                        VALUES (?, '07', ?, ?, ?, ?, ?, 'MANUAL')""")
                .params(seller, period, track, begin, end, (end - begin + 1) / 50).update();
    }

    /** A range held by a branch; numbers {@code begin} to {@code next - 1} are used. */
    public void range(String seller, String branch, String period, String track, int begin, int end, int next) {
        jdbc.sql("""
                        INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no, next_no, source)
                        VALUES (?, ?, '07', ?, ?, ?, ?, ?, 'ALLOCATION')""")
                .params(seller, branch, period, track, begin, end, next).update();
    }

    public void allowance(String seller, UUID invoice, String date) {
        jdbc.sql("""
                        INSERT INTO allowance (id, seller_id, allowance_number, invoice_id, allowance_date, amount, tax, created_by)
                        VALUES (?, ?, ?, ?, ?::date, 100, 5, 'test')""")
                .params(UUID.randomUUID(), seller, "A" + System.nanoTime(), invoice, date).update();
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
