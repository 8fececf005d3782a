package tw.einvoice.hub.invoice;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.bench.InvoiceVolume;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's reads use V21's indexes: on 50,000 generated invoices (a year of one seller, {@link InvoiceVolume}),
 * no search and no dashboard figure over a span reads the whole invoice table. The plans of 1,000,000 are in
 * docs/benchmarks.md ({@code bench query}); this keeps them from regressing.
 */
class InvoiceQueryPlanTest {

    static final int ROWS = 50_000;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    static EmbeddedPostgres postgres;
    static JdbcClient jdbc;

    @BeforeAll
    static void ledger() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        InvoiceVolume.generate(jdbc, 0, ROWS, NOW, 25_000, done -> { });
        // what autovacuum does to a table that has grown: statistics for the planner, the visibility map for
        // index-only scans
        jdbc.sql("VACUUM ANALYZE invoice").update();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static Stream<InvoiceQuery> reads() {
        InvoiceStatistics statistics = InvoiceStatistics.on(jdbc);
        InvoiceSearch search = InvoiceSearch.on(jdbc);
        Instant today = NOW.atZone(TAIPEI).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant periodStart = NOW.atZone(TAIPEI).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
                .minusMonths(NOW.atZone(TAIPEI).getMonthValue() % 2 == 0 ? 1 : 0).toInstant();
        var branch = StatisticsScope.branches(InvoiceVolume.SELLER, Set.of("B03"));
        var day = NOW.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC);
        var any = InvoiceSearch.Criteria.any();
        return Stream.of(
                statistics.receivedQuery(today, NOW, StatisticsScope.all()),
                statistics.receivedQuery(today, NOW, branch),
                statistics.receivedQuery(periodStart, NOW, StatisticsScope.all()),
                statistics.perHourQuery(today, NOW, TAIPEI, StatisticsScope.all()),
                statistics.stuckCountQuery(Duration.ofHours(1), NOW, StatisticsScope.all()),
                statistics.stuckQuery(Duration.ofHours(1), NOW, StatisticsScope.all(), 50),
                statistics.rejectedCountQuery(StatisticsScope.all()),
                statistics.rejectedQuery(StatisticsScope.all(), 50),
                search.query(any.number("QA00012345")),
                search.query(any.number("QA00012345").within(StatisticsScope.sellers(Set.of(InvoiceVolume.SELLER)))),
                search.query(any.dates(day, day.plusDays(1))),
                search.query(any.buyer("10000093")),
                search.query(any.within(branch).status(InvoiceStatus.REJECTED)),
                search.query(any.within(branch).status(InvoiceStatus.CONFIRMED)),
                search.query(any.amounts(new BigDecimal("1000"), new BigDecimal("1010"))),
                search.query(any),
                search.query(any.page(20, 50)),
                search.query(any.dates(day, day.plusDays(7)).within(branch).sorted(InvoiceSearch.Sort.DATE_ASC)),
                // what the console adds: buyer name (V22 trigrams), arrival and amount sorts, deadline counts
                search.query(any.buyerName("商行 10000093")),
                search.query(any.buyerName("10000093").within(branch)),
                search.query(any.buyerName("測試商行").dates(day, day.plusDays(1))),
                search.query(any.sorted(InvoiceSearch.Sort.RECEIVED_DESC)),
                search.query(any.sorted(InvoiceSearch.Sort.RECEIVED_ASC).page(20, 50)),
                search.query(any.sorted(InvoiceSearch.Sort.AMOUNT_DESC)),
                search.query(any.within(branch).sorted(InvoiceSearch.Sort.RECEIVED_DESC)),
                statistics.stuckQuery(Duration.ofMinutes(15), NOW, branch, 20),
                statistics.rejectedQuery(branch, 20),
                statistics.perHourQuery(today, today.plus(Duration.ofDays(1)), TAIPEI, branch),
                statistics.unconfirmedCountQuery(InvoiceStatistics.Buyer.CONSUMER, NOW.minus(Duration.ofHours(36)),
                        StatisticsScope.all()),
                statistics.unconfirmedCountQuery(InvoiceStatistics.Buyer.BUSINESS, NOW.minus(Duration.ofDays(7)),
                        branch));
    }

    @org.junit.jupiter.api.Test
    void theGeneratedBuyerIsFoundOnEveryRowTheGeneratorGaveIt() {
        // rows 3, 5003, 10003, …: the business buyer 10000093 (row i % 10 in {3, 6, 9} is a business)
        var page = InvoiceSearch.on(jdbc).search(InvoiceSearch.Criteria.any().buyer("10000093").page(0, 50));

        assertThat(page.rows()).hasSize(ROWS / 5000).extracting(InvoiceSearch.Row::sourceRef)
                .containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, ROWS / 5000)
                        .mapToObj(k -> "vol-" + (3 + 5000 * k)).toArray(String[]::new));
        assertThat(page.hasMore()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aPartOfTheBuyerNameFindsEveryInvoiceOfThatBuyerAndNoOther() {
        // the same rows as the BAN 10000093, found through the name the generator gives it ("測試商行 10000093")
        var page = InvoiceSearch.on(jdbc).search(InvoiceSearch.Criteria.any().buyerName("商行 10000093").page(0, 50));

        assertThat(page.rows()).hasSize(ROWS / 5000).allSatisfy(row -> {
            assertThat(row.buyerId()).isEqualTo("10000093");
            assertThat(row.buyerName()).isEqualTo("測試商行 10000093");
        });
        assertThat(page.hasMore()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("reads")
    void readsTheInvoiceTableThroughAnIndex(InvoiceQuery query) {
        List<String> plan = query.explain(jdbc);

        assertThat(InvoiceQuery.scansInvoiceTable(plan)).as("%s%n%s", query.sql(), String.join("\n", plan)).isFalse();
        assertThat(String.join("\n", plan)).contains("Index");
    }
}
