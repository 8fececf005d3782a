package tw.einvoice.hub.invoice;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The dashboard's figures and the search on a ledger of seven invoices whose every count is known: today (Taipei)
 * is 2026-12-01, now 12:30.
 */
class InvoiceStatisticsTest {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final Instant NOW = OffsetDateTime.parse("2026-12-01T12:30:00+08:00").toInstant();
    static final Instant TODAY = OffsetDateTime.parse("2026-12-01T00:00:00+08:00").toInstant();
    static final String DEMO = "04595257";
    static final String OTHER = "12345676";

    static EmbeddedPostgres postgres;
    static JdbcClient jdbc;
    static InvoiceStatistics statistics;
    static InvoiceSearch search;
    static UUID stuck;
    static UUID rejected;

    @BeforeAll
    static void ledger() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        statistics = InvoiceStatistics.on(jdbc);
        search = InvoiceSearch.on(jdbc);
        invoice(DEMO, "B01", "pos", "CONFIRMED", "09:10", "09:11", "AA00000001", "0000000000", 105);
        invoice(DEMO, "B02", "api", "CONFIRMED", "09:40", "09:41", "AA00000002", "12345676", 2000);
        rejected = invoice(DEMO, "B01", "pos", "REJECTED", "11:05", "11:06", "AA00000003", "12345676", 500);
        invoice(DEMO, "B01", "erp-sample", "RECEIVED", "12:20", "12:20", null, "0000000000", 105);
        invoice(OTHER, "HQ", "api", "CONFIRMED", "10:00", "10:01", "YY00000001", "0000000000", 50);
        // yesterday: outside today's counts
        invoice(DEMO, "B01", "pos", "CONFIRMED", "-01:00", "-00:59", "AA00000004", "0000000000", 105);
        stuck = invoice(DEMO, "B02", "shopee-tw", "SENT", "-09:00", "-08:59", "AA00000005", "0000000000", 330);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** "-hh:mm" is that long before today's midnight. */
    static Instant at(String time) {
        if (time.startsWith("-")) {
            String[] hm = time.substring(1).split(":");
            return TODAY.minus(Duration.ofHours(Long.parseLong(hm[0])).plusMinutes(Long.parseLong(hm[1])));
        }
        return OffsetDateTime.parse("2026-12-01T" + time + ":00+08:00").toInstant();
    }

    static UUID invoice(String seller, String branch, String connector, String status, String created, String updated,
                        String number, String buyer, int amount) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO invoice (id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number,
                            issued_at, buyer_id, total_amount, status, document, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, '07', ?, ?, ?, ?, ?, '{}'::jsonb, ?, ?)""")
                .params(id, connector, id.toString(), seller, branch, number, at(created).atOffset(java.time.ZoneOffset.UTC),
                        buyer, amount, status, at(created).atOffset(java.time.ZoneOffset.UTC),
                        at(updated).atOffset(java.time.ZoneOffset.UTC))
                .update();
        return id;
    }

    @Test
    void deadlineCountsTellIssuedUnconfirmedBusinessInvoicesFromConsumerOnesByIssueTime() {
        // the SENT consumer invoice was issued yesterday 15:00, the REJECTED business one today 11:05
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.CONSUMER, NOW, StatisticsScope.all())).isEqualTo(1);
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.BUSINESS, NOW, StatisticsScope.all())).isEqualTo(1);
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.BUSINESS, at("11:00"), StatisticsScope.all())).isZero();
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.CONSUMER, at("-10:00"), StatisticsScope.all())).isZero();
        var b01 = StatisticsScope.branches(DEMO, Set.of("B01"));
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.BUSINESS, NOW, b01)).isEqualTo(1);
        assertThat(statistics.unconfirmedCount(InvoiceStatistics.Buyer.CONSUMER, NOW, b01)).isZero();
    }

    @Test
    void aBranchUserWithoutBranchesOrFilteringAnotherBranchSeesNoInvoice() {
        var noBranches = StatisticsScope.caller(Set.of(DEMO), true, Set.of());
        var b01 = StatisticsScope.caller(Set.of(DEMO), true, Set.of("B01"));

        assertThat(search.search(InvoiceSearch.Criteria.any().within(noBranches)).rows()).isEmpty();
        assertThat(statistics.received(TODAY, NOW, noBranches).total()).isZero();
        assertThat(search.search(InvoiceSearch.Criteria.any().within(b01.branch("B02"))).rows()).isEmpty();
        assertThat(search.search(InvoiceSearch.Criteria.any().within(b01.branch("B01"))).rows())
                .extracting(InvoiceSearch.Row::branchId).containsOnly("B01").hasSize(4);
    }

    @Test
    void aBuyerFieldOfEightDigitsIsABanAndAnythingElseAPartOfTheName() {
        assertThat(InvoiceSearch.Criteria.any().buyerBanOrName(" 12345676 ").buyerId()).isEqualTo("12345676");
        assertThat(InvoiceSearch.Criteria.any().buyerBanOrName("測試商行").buyerName()).isEqualTo("測試商行");
        assertThatThrownBy(() -> InvoiceSearch.Criteria.any().buyerBanOrName("測試"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 characters");
    }

    @Test
    void todaysCountsByStatusConnectorAndBranchCountEverySellerReceivedToday() {
        InvoiceStatistics.Counts today = statistics.received(TODAY, NOW, StatisticsScope.all());

        assertThat(today.total()).isEqualTo(5);
        assertThat(today.byStatus()).containsExactly(entry(InvoiceStatus.RECEIVED, 1L), entry(InvoiceStatus.CONFIRMED, 3L),
                entry(InvoiceStatus.REJECTED, 1L));
        assertThat(today.byConnector()).containsExactly(entry("api", 2L), entry("erp-sample", 1L), entry("pos", 2L));
        assertThat(today.byBranch()).containsExactly(entry(DEMO + "/B01", 3L), entry(DEMO + "/B02", 1L),
                entry(OTHER + "/HQ", 1L));
    }

    @Test
    void aSellersAndABranchsCountsLeaveTheOthersOut() {
        assertThat(statistics.received(TODAY, NOW, StatisticsScope.sellers(Set.of(DEMO))).total()).isEqualTo(4);
        InvoiceStatistics.Counts b02 = statistics.received(TODAY, NOW, StatisticsScope.branches(DEMO, Set.of("B02")));
        assertThat(b02.total()).isEqualTo(1);
        assertThat(b02.byStatus()).containsExactly(entry(InvoiceStatus.CONFIRMED, 1L));
    }

    @Test
    void thePeriodsCountsIncludeYesterday() {
        Instant periodStart = OffsetDateTime.parse("2026-11-01T00:00:00+08:00").toInstant();

        InvoiceStatistics.Counts period = statistics.received(periodStart, NOW, StatisticsScope.all());

        assertThat(period.total()).isEqualTo(7);
        assertThat(period.byStatus()).containsEntry(InvoiceStatus.CONFIRMED, 4L).containsEntry(InvoiceStatus.SENT, 1L);
    }

    @Test
    void invoicesPerHourListEveryHourOfTodayInTaipeiTime() {
        List<InvoiceStatistics.Hour> hours = statistics.perHour(TODAY, NOW, TAIPEI, StatisticsScope.all());

        assertThat(hours).hasSize(13);
        assertThat(hours.get(0).hour()).isEqualTo(OffsetDateTime.parse("2026-12-01T00:00:00+08:00"));
        assertThat(hours.stream().mapToLong(InvoiceStatistics.Hour::count).toArray())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 1);
    }

    @Test
    void anInvoiceInFlightUnchangedForLongerThanTheThresholdIsStuckAndARecentOneIsNot() {
        assertThat(statistics.stuckCount(Duration.ofHours(1), NOW, StatisticsScope.all())).isEqualTo(1);
        assertThat(statistics.stuck(Duration.ofHours(1), NOW, StatisticsScope.all(), 10))
                .extracting(InvoiceSearch.Row::id, InvoiceSearch.Row::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(stuck, InvoiceStatus.SENT));
        // the RECEIVED one of 12:20 is stuck too once an hour has no more than 5 minutes
        assertThat(statistics.stuckCount(Duration.ofMinutes(5), NOW, StatisticsScope.all())).isEqualTo(2);
    }

    @Test
    void rejectedCountsThePlatformsRefusals() {
        assertThat(statistics.rejectedCount(StatisticsScope.all())).isEqualTo(1);
        assertThat(statistics.rejected(StatisticsScope.all(), 10)).extracting(InvoiceSearch.Row::id)
                .containsExactly(rejected);
        assertThat(statistics.rejectedCount(StatisticsScope.sellers(Set.of(OTHER)))).isZero();
    }

    @Test
    void totalsCountEveryInvoiceByStatusListingStatusesWithNone() {
        Map<InvoiceStatus, Long> totals = statistics.totals();

        assertThat(totals).containsExactly(entry(InvoiceStatus.RECEIVED, 1L), entry(InvoiceStatus.ISSUED, 0L),
                entry(InvoiceStatus.SENT, 1L), entry(InvoiceStatus.CONFIRMED, 4L), entry(InvoiceStatus.REJECTED, 1L),
                entry(InvoiceStatus.CANCELLED, 0L), entry(InvoiceStatus.VOIDED, 0L));
    }

    @Test
    void searchFindsByBuyerNewestFirstAndPagesWithHasMore() {
        var criteria = InvoiceSearch.Criteria.any().buyer("12345676").page(0, 1);

        InvoiceSearch.Page first = search.search(criteria);
        InvoiceSearch.Page second = search.search(criteria.page(1, 1));

        assertThat(first.rows()).extracting(InvoiceSearch.Row::invoiceNumber).containsExactly("AA00000003");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.rows()).extracting(InvoiceSearch.Row::invoiceNumber).containsExactly("AA00000002");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void searchCombinesStatusBranchAmountAndDate() {
        var demo = StatisticsScope.branches(DEMO, Set.of("B01"));

        assertThat(search.search(InvoiceSearch.Criteria.any().within(demo).status(InvoiceStatus.CONFIRMED)).rows())
                .extracting(InvoiceSearch.Row::invoiceNumber).containsExactly("AA00000001", "AA00000004");
        assertThat(search.search(InvoiceSearch.Criteria.any().amounts(new BigDecimal("300"), new BigDecimal("2000"))
                .sorted(InvoiceSearch.Sort.AMOUNT_ASC)).rows())
                .extracting(InvoiceSearch.Row::invoiceNumber).containsExactly("AA00000005", "AA00000003", "AA00000002");
        assertThat(search.search(InvoiceSearch.Criteria.any().dates(at("09:00").atOffset(java.time.ZoneOffset.UTC),
                at("10:00").atOffset(java.time.ZoneOffset.UTC))).rows())
                .extracting(InvoiceSearch.Row::invoiceNumber).containsExactly("AA00000002", "AA00000001");
        assertThat(search.search(InvoiceSearch.Criteria.any().number("YY00000001")).rows())
                .extracting(InvoiceSearch.Row::sellerId).containsExactly(OTHER);
    }
}
