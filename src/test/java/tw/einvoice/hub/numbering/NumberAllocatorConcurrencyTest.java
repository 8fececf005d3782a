package tw.einvoice.hub.numbering;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The allocator against real PostgreSQL, without the rest of the hub: its correctness rests on the
 * database alone (row locks held to commit), so "two hub processes" are two independent connection
 * pools and transaction managers on one database — exactly what two JVMs would share. Each issued
 * number is written in the allocating transaction with {@code clock_timestamp()} as its issue time,
 * as the issue stage writes it onto the invoice.
 */
class NumberAllocatorConcurrencyTest {

    static EmbeddedPostgres postgres;
    static final String SELLER = "04595257";

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        JdbcClient.create(postgres.getPostgresDatabase()).sql("""
                CREATE TABLE issued (number varchar(10) PRIMARY KEY, track varchar(2) NOT NULL, no integer NOT NULL,
                    hub text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())""").update();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** One "process": its own pool, transaction manager and allocator. */
    record Hub(String name, HikariDataSource pool, TransactionTemplate tx, JdbcClient jdbc, RangeAllocator allocator)
            implements AutoCloseable {
        static Hub start(String name, int poolSize) {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
            ds.setPassword("postgres");
            ds.setMaximumPoolSize(poolSize);
            JdbcClient jdbc = JdbcClient.create(ds);
            return new Hub(name, ds, new TransactionTemplate(new DataSourceTransactionManager(ds)), jdbc,
                    new RangeAllocator(jdbc));
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    static void range(String branch, String period, String track, int begin, int end, String effectiveFrom) {
        JdbcClient.create(postgres.getPostgresDatabase()).sql("""
                        INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no, next_no,
                            effective_from, source) VALUES (?, ?, '07', ?, ?, ?, ?, ?, ?::timestamptz, 'ALLOCATION')""")
                .params(SELLER, branch, period, track, begin, end, begin, effectiveFrom).update();
    }

    /**
     * Each branch has two ranges (the second effective later) holding 11,000 numbers; 10,000 are issued per
     * branch, so the last 1,000 of the second range are the blank tail.
     */
    static void twoBranches(String period, String trackA, String trackB) {
        range("TPE01", period, trackA, 0, 5_999, "-infinity");
        range("TPE01", period, trackA, 6_000, 10_999, "2020-01-01T00:00:00Z");
        range("KHH01", period, trackB, 100_000, 103_999, "-infinity");
        range("KHH01", period, trackB, 104_000, 110_999, "2020-01-01T00:00:00Z");
    }

    /** Issues {@code quota} numbers for the branch in batches of 1–50; about one transaction in ten rolls back. */
    static Integer worker(Hub hub, String branch, String period, int quota) {
        int issued = 0;
        int rolledBack = 0;
        while (issued < quota) {
            int k = Math.min(quota - issued, ThreadLocalRandom.current().nextInt(1, 51));
            boolean rollback = ThreadLocalRandom.current().nextInt(10) == 0;
            try {
                hub.tx().executeWithoutResult(s -> {
                    List<String> numbers = hub.allocator().allocate(SELLER, branch, "07", period, k);
                    for (String n : numbers) {
                        hub.jdbc().sql("INSERT INTO issued (number, track, no, hub) VALUES (?, ?, ?, ?)")
                                .params(n, n.substring(0, 2), Integer.parseInt(n.substring(2)), hub.name()).update();
                    }
                    if (rollback) {
                        throw new IllegalStateException("rolled back on purpose");
                    }
                });
                issued += k;
            } catch (IllegalStateException expected) {
                rolledBack++;
            }
        }
        return rolledBack;
    }

    static void assertGaplessAndInTimeOrder(String track, int begin, int count, int[][] ranges) {
        JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        List<Integer> numbers = jdbc.sql("SELECT no FROM issued WHERE track = ? ORDER BY no").param(track).query(Integer.class).list();
        assertThat(numbers).as("no duplicate (primary key) and no gap before the blank tail").hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(numbers.get(i)).isEqualTo(begin + i);
        }
        for (int[] r : ranges) {
            List<Integer> byTime = jdbc.sql("SELECT no FROM issued WHERE track = ? AND no BETWEEN ? AND ? ORDER BY at, no")
                    .params(track, r[0], r[1]).query(Integer.class).list();
            assertThat(byTime).as("numbers of range %d–%d rise with issue time", r[0], r[1]).isSorted();
        }
    }

    @Test
    void eightConcurrentWorkersIssueTwentyThousandNumbersFromTwoBranchesWithoutDuplicateOrGap() throws Exception {
        twoBranches("11512", "AA", "AB");
        List<Integer> rolledBack = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Hub hub = Hub.start("one", 10)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String branch = w % 2 == 0 ? "TPE01" : "KHH01";
                done.add(pool.submit(() -> worker(hub, branch, "11512", 2_500)));
            }
            for (Future<Integer> f : done) {
                rolledBack.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rolledBack.stream().mapToInt(Integer::intValue).sum()).as("some transactions rolled back").isPositive();
        assertGaplessAndInTimeOrder("AA", 0, 10_000, new int[][]{{0, 5_999}, {6_000, 10_999}});
        assertGaplessAndInTimeOrder("AB", 100_000, 10_000, new int[][]{{100_000, 103_999}, {104_000, 110_999}});
        assertBlankTail("AA", 10_000, 10_999);
        assertBlankTail("AB", 110_000, 110_999);
    }

    @Test
    void twoHubProcessesOnOneDatabaseIssueTwentyThousandNumbersWithoutDuplicateOrGap() throws Exception {
        twoBranches("11602", "BA", "BB");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Hub first = Hub.start("first", 5); Hub second = Hub.start("second", 5)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Hub hub = w < 4 ? first : second;
                String branch = w % 2 == 0 ? "TPE01" : "KHH01";
                done.add(pool.submit(() -> worker(hub, branch, "11602", 2_500)));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertGaplessAndInTimeOrder("BA", 0, 10_000, new int[][]{{0, 5_999}, {6_000, 10_999}});
        assertGaplessAndInTimeOrder("BB", 100_000, 10_000, new int[][]{{100_000, 103_999}, {104_000, 110_999}});
        assertBlankTail("BA", 10_000, 10_999);
        assertBlankTail("BB", 110_000, 110_999);
        for (String track : List.of("BA", "BB")) {
            assertThat(issuedBy(track)).as("both processes drew on track %s's ranges", track)
                    .containsOnly(Map.entry("first", 5_000L), Map.entry("second", 5_000L));
        }
    }

    /** How many numbers of {@code track} each process issued. */
    static Map<String, Long> issuedBy(String track) {
        return JdbcClient.create(postgres.getPostgresDatabase())
                .sql("SELECT hub, count(*) FROM issued WHERE track = ? GROUP BY hub").param(track)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void aRolledBackTransactionReturnsItsNumbersToTheNextCaller() {
        range("TPE01", "11604", "CA", 500, 549, "-infinity");
        try (Hub hub = Hub.start("one", 2)) {
            List<String> lost = new ArrayList<>();
            assertThatThrownBy(() -> hub.tx().executeWithoutResult(s -> {
                lost.addAll(hub.allocator().allocate(SELLER, "TPE01", "07", "11604", 3));
                throw new IllegalStateException("the invoice could not be stored");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(lost).containsExactly("CA00000500", "CA00000501", "CA00000502");

            List<String> next = hub.tx().execute(s -> hub.allocator().allocate(SELLER, "TPE01", "07", "11604", 3));
            assertThat(next).isEqualTo(lost);
        }
    }

    @Test
    void anExhaustedBranchGetsAClearErrorAndKeepsItsNumbers() {
        range("KHH01", "11606", "CB", 0, 9, "-infinity");
        try (Hub hub = Hub.start("one", 2)) {
            assertThatThrownBy(() -> hub.tx().execute(s -> hub.allocator().allocate(SELLER, "KHH01", "07", "11606", 11)))
                    .isInstanceOf(RangeExhaustedException.class).hasMessageContaining("KHH01").hasMessageContaining("add a range");
            List<String> all = hub.tx().execute(s -> hub.allocator().allocate(SELLER, "KHH01", "07", "11606", 10));
            assertThat(all).as("the refused call took none of them").containsExactly("CB00000000", "CB00000001",
                    "CB00000002", "CB00000003", "CB00000004", "CB00000005", "CB00000006", "CB00000007", "CB00000008",
                    "CB00000009");
        }
    }

    static void assertBlankTail(String track, int from, int to) {
        Integer nextNo = JdbcClient.create(postgres.getPostgresDatabase())
                .sql("SELECT next_no FROM number_range WHERE track = ? AND end_no = ?").params(track, to)
                .query(Integer.class).single();
        assertThat(nextNo).as("the blank tail %d–%d is untouched", from, to).isEqualTo(from);
    }
}
