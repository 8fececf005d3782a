package tw.einvoice.hub.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench --connector erp}: an ERP of its own (PostgreSQL from the same embedded binaries, in its own folder and
 * processes, so its CPU is the ERP's and not counted as the hub's database) with the reference staging tables, which
 * the shipped {@code erp-sample} route polls. The feeder does what an ERP does: one transaction per batch inserting the
 * header rows and their lines; the hub claims them, and writes each outcome back into the staging row.
 */
final class BenchErp implements AutoCloseable {

    static final String NAME = "erp-sample";

    private final EmbeddedPostgres server;

    private BenchErp(EmbeddedPostgres server) {
        this.server = server;
    }

    static BenchErp start() throws IOException {
        Path folder = Files.createTempDirectory("hub-bench-erp");
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(folder).setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on").start();
        BenchErp erp = new BenchErp(server);
        try (InputStream ddl = BenchErp.class.getResourceAsStream("/erp/erp-staging.sql")) {
            if (ddl == null) {
                throw new IllegalStateException("the jar has no erp/erp-staging.sql (the ERP's reference staging tables)");
            }
            JdbcClient.create(erp.database()).sql(new String(ddl.readAllBytes(), StandardCharsets.UTF_8)).update();
        } catch (RuntimeException | IOException e) {
            erp.close();
            throw e;
        }
        return erp;
    }

    DataSource database() {
        return server.getPostgresDatabase();
    }

    /** The hub's settings for this ERP: polled every 100 ms, {@code batch} rows a claim. */
    List<String> hubArguments(int batch) {
        String prefix = "--hub.erp." + NAME + ".";
        return List.of(prefix + "url=jdbc:postgresql://localhost:" + server.getPort() + "/postgres",
                prefix + "user=postgres", prefix + "password=", prefix + "poll-interval=100", prefix + "batch-size=" + batch);
    }

    /** Staging rows of {@code run} whose outcome the hub wrote back as {@code status}. */
    long writtenBack(String run, String status) {
        return JdbcClient.create(database()).sql("""
                        SELECT count(*) FROM einvoice_staging WHERE source_ref LIKE ? AND invoice_status = ?""")
                .params(run + "-%", status).query(Long.class).single();
    }

    BenchEndToEnd.Feeder feeder(String run, String seller) {
        return new Feeder(database(), run, seller);
    }

    @Override
    public void close() throws IOException {
        // the server removes its own data folder on close (clean data directory)
        server.close();
    }

    /** The bench's sample invoice (three lines of 105 incl. 5 % tax, a mobile-barcode carrier) as staging rows. */
    private static final class Feeder implements BenchEndToEnd.Feeder {
        private static final int LINES = 3;
        private static final BigDecimal PRICE = new BigDecimal("105");

        private final DataSource erp;
        private final String run;
        private final String seller;
        private final AtomicLong offered = new AtomicLong();

        Feeder(DataSource erp, String run, String seller) {
            this.erp = erp;
            this.run = run;
            this.seller = seller;
        }

        @Override
        public CompletableFuture<?> offer(int first, int count) throws Exception {
            try (Connection c = erp.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement header = c.prepareStatement("""
                        INSERT INTO einvoice_staging (source_ref, seller_id, carrier_type, carrier_id, print_flag, tax_type,
                                                      tax_rate, prices_include_tax)
                        VALUES (?, ?, '3J0002', '/ABC+123', false, '1', 0.05, true)""");
                     PreparedStatement line = c.prepareStatement("""
                             INSERT INTO einvoice_staging_line (source_ref, line_no, description, quantity, unit, unit_price,
                                                                amount, tax_type)
                             VALUES (?, ?, ?, 1, '個', ?, ?, '1')""")) {
                    for (int i = first; i < first + count; i++) {
                        String ref = run + "-" + i;
                        header.setString(1, ref);
                        header.setString(2, seller);
                        header.addBatch();
                        for (int n = 1; n <= LINES; n++) {
                            line.setString(1, ref);
                            line.setInt(2, n);
                            line.setString(3, "商品 " + n);
                            line.setBigDecimal(4, PRICE);
                            line.setBigDecimal(5, PRICE);
                            line.addBatch();
                        }
                    }
                    header.executeBatch();
                    line.executeBatch();
                }
                // an ERP stages an invoice's header and lines in one transaction, so no header is claimed without them
                c.commit();
            }
            offered.addAndGet(count);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long offered() {
            return offered.get();
        }
    }
}
