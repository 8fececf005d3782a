package tw.einvoice.hub.erp;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming on a real, separate PostgreSQL with the reference schema; no Spring, no hub. */
class ErpStagingClaimTest {

    static EmbeddedPostgres erp;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        erp = EmbeddedPostgres.builder().start();
        url = erp.getJdbcUrl("postgres", "postgres");
        JdbcClient.create(erp.getPostgresDatabase()).sql(Files.readString(Path.of("docs/erp-staging.sql"))).update();
    }

    @AfterAll
    static void stop() throws Exception {
        erp.close();
    }

    private static ErpDatabase database(String table, Duration claimTimeout) {
        return new ErpDatabase(new ErpSettings("test", url, "postgres", "postgres", table, null, null, claimTimeout));
    }

    private static void stage(JdbcClient jdbc, String ref) {
        jdbc.sql("INSERT INTO einvoice_staging (source_ref, seller_id) VALUES (?, '04595257')").param(ref).update();
        jdbc.sql("""
                        INSERT INTO einvoice_staging_line (source_ref, line_no, description, quantity, unit_price, amount)
                        VALUES (?, 1, '乾電池', 1, 105, 105)""").param(ref).update();
    }

    @Test
    void twoConsumersPollingTogetherNeverTakeTheSameRow() throws Exception {
        int rows = 400;
        try (ErpDatabase a = database(null, null); ErpDatabase b = database(null, null)) {
            for (int i = 0; i < rows; i++) {
                stage(a.jdbc(), String.format("RACE-%04d", i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Callable<List<String>> loop1 = () -> drain(a, "node-a");
            Callable<List<String>> loop2 = () -> drain(b, "node-b");
            long t0 = System.nanoTime();
            List<Future<List<String>>> done = pool.invokeAll(List.of(loop1, loop2));
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            List<String> first = done.get(0).get();
            List<String> second = done.get(1).get();

            Set<String> overlap = new HashSet<>(first);
            overlap.retainAll(second);
            assertThat(overlap).as("rows taken by both consumers").isEmpty();
            assertThat(first.size() + second.size()).isEqualTo(rows);
            assertThat(first).as("both consumers got work").isNotEmpty();
            assertThat(second).isNotEmpty();
            assertThat(a.jdbc().sql("SELECT count(*) FROM einvoice_staging WHERE hub_status = 'CLAIMED' AND source_ref LIKE 'RACE-%'")
                    .query(Integer.class).single()).isEqualTo(rows);
            System.out.printf("claimed %d rows with two consumers in %.2f s (%.0f rows/s); split %d/%d%n",
                    rows, seconds, rows / seconds, first.size(), second.size());
        }
    }

    private static List<String> drain(ErpDatabase db, String node) {
        List<String> taken = new ArrayList<>();
        while (true) {
            List<ErpRecord> batch = db.claim(7, node);
            if (batch.isEmpty()) {
                return taken;
            }
            batch.forEach(r -> taken.add(r.getSourceRef()));
        }
    }

    @Test
    void aClaimedRowCarriesItsLinesAndAStaleClaimIsTakenAgain() {
        try (ErpDatabase db = database(null, Duration.ofSeconds(5))) {
            db.jdbc().sql("DELETE FROM einvoice_staging_line").update();
            db.jdbc().sql("DELETE FROM einvoice_staging").update();
            stage(db.jdbc(), "STALE-1");

            List<ErpRecord> first = db.claim(10, "dead-node");
            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.getJson()).contains("\"source_ref\":\"STALE-1\"").contains("\"lines\":[{")
                        .contains("\"description\":\"乾電池\"");
            });
            assertThat(db.claim(10, "other")).as("claimed recently: left alone").isEmpty();

            db.jdbc().sql("UPDATE einvoice_staging SET claimed_at = claimed_at - interval '6 seconds'").update();
            assertThat(db.claim(10, "other")).as("the claimer died: taken again").hasSize(1);
        }
    }
}
