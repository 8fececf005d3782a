package tw.einvoice.hub.numbering;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigReader;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.numbering.AllocationRefused.Reason;
import tw.einvoice.hub.rules.TaxPeriod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Assignments, allocations and the blank report on the whole hub (real PostgreSQL, Artemis, simulator). */
class NumberingAllocationTest extends HubIntegrationTest {

    static final String ADMIN = "user:admin";
    static final String NEXT = TaxPeriod.of(LocalDate.now(tw.einvoice.hub.rules.RuleSettings.TAIPEI)).next().code();

    @Autowired
    Assignments assignments;
    @Autowired
    Allocations allocations;
    @Autowired
    PeriodEnd periodEnd;
    @Autowired
    NumberAllocator allocator;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MessageStore messages;
    @Autowired
    MigSchema schema;
    @Autowired
    JdbcClient jdbc;
    @Value("${hub.numbering.e0501-dir}")
    Path e0501Dir;

    // periods of their own, so numbers issued in one test never come from another test's ranges
    static final String LEGAL = TaxPeriod.parse(NEXT).next().code();
    static final String BLANK = TaxPeriod.parse(NEXT).next().next().code();

    void assign(String track, String begin, String end) {
        assign(NEXT, track, begin, end);
    }

    void assign(String period, String track, String begin, String end) {
        assignments.add(new Assignment(DEMO_SELLER, "08", period, track, begin, end, 0), "MANUAL", ADMIN);
    }

    Allocations.Request range(String branch, String track, int begin, int end) {
        return range(NEXT, branch, track, begin, end);
    }

    Allocations.Request range(String period, String branch, String track, int begin, int end) {
        return new Allocations.Request(DEMO_SELLER, branch, "08", period, track, begin, end, null, null);
    }

    void refused(Allocations.Request r, Reason reason, String says) {
        assertThatThrownBy(() -> allocations.allocate(r, ADMIN)).isInstanceOf(AllocationRefused.class)
                .satisfies(e -> assertThat(((AllocationRefused) e).reason()).isEqualTo(reason))
                .hasMessageContaining(says);
    }

    @Test
    void eachLegalityCheckRefusesTheBadAllocationWithItsReason() {
        assign(LEGAL, "KA", "00000000", "00000999");
        allocations.allocate(range(LEGAL, "TPE01", "KA", 0, 149), ADMIN);

        refused(range(LEGAL, "TPE01", "K1", 100, 149), Reason.TRACK_FORMAT, "two capital letters");
        refused(new Allocations.Request(DEMO_SELLER, "TPE01", "08", "11401", "KA", 100, 149, null, null), Reason.PERIOD_FORMAT, "even");
        refused(new Allocations.Request(DEMO_SELLER, "TPE01", "08", "11002", "KA", 100, 149, null, null), Reason.PERIOD_ENDED, "ended");
        refused(range(LEGAL, "TPE01", "KA", 1000, 1049), Reason.NOT_ASSIGNED, "not inside one assignment");
        refused(range(LEGAL, "TPE01", "KA", 100, 130), Reason.BOOKLET_BOUNDARY, "booklet");
        refused(range(LEGAL, "TPE01", "KA", 125, 174), Reason.BOOKLET_BOUNDARY, "booklet");
        refused(range(LEGAL, "KHH01", "KA", 100, 199), Reason.OVERLAP, "overlaps branch TPE01");
        refused(range(LEGAL, "NOPE", "KA", 100, 149), Reason.BRANCH_UNKNOWN, "no branch NOPE");
        refused(new Allocations.Request(DEMO_SELLER, "TPE01", "09", LEGAL, "KA", 100, 149, null, null), Reason.INVOICE_TYPE, "07");
        refused(new Allocations.Request(DEMO_SELLER, "TPE01", "08", LEGAL, "KA", null, null, 100, null), Reason.NO_FREE_BOOKLETS, "free booklets");

        // not already used: an invoice numbered at its source carries KA00000300
        jdbc.sql("""
                        INSERT INTO invoice (id, connector, source_ref, seller_id, invoice_type, invoice_number, issued_at, status, document)
                        VALUES (gen_random_uuid(), 'numbering-test', 'used-300', ?, '08', 'KA00000300', ?, 'ISSUED', '{}')""")
                .params(DEMO_SELLER, TaxPeriod.parse(LEGAL).firstDay().atStartOfDay(tw.einvoice.hub.rules.RuleSettings.TAIPEI).toOffsetDateTime().plusHours(1))
                .update();
        refused(range(LEGAL, "KHH01", "KA", 300, 349), Reason.ALREADY_USED, "KA00000300");

        // shrinking cuts only the unused tail, on a booklet boundary, and gives it back to HQ
        Allocations.Allocation a = allocations.list(List.of(DEMO_SELLER), LEGAL).stream()
                .filter(x -> x.track().equals("KA")).findFirst().orElseThrow();
        tx.execute(s -> allocator.allocate(DEMO_SELLER, "TPE01", "08", LEGAL, 60));
        assertThatThrownBy(() -> allocations.shrink(a.id(), 49, ADMIN)).isInstanceOf(AllocationRefused.class)
                .satisfies(e -> assertThat(((AllocationRefused) e).reason()).isEqualTo(Reason.SHRINK_USED));
        assertThatThrownBy(() -> allocations.shrink(a.id(), 70, ADMIN)).isInstanceOf(AllocationRefused.class)
                .satisfies(e -> assertThat(((AllocationRefused) e).reason()).isEqualTo(Reason.BOOKLET_BOUNDARY));
        assertThat(allocations.shrink(a.id(), 99, ADMIN).allocation().endNo()).isEqualTo(99);
        // the audit knows who allocated and who changed what
        List<Map<String, Object>> audit = allocations.audit(a.id());
        assertThat(audit).extracting(m -> m.get("action")).containsExactly("ALLOCATE", "SHRINK");
        assertThat(audit.get(1).get("actor")).isEqualTo(ADMIN);
        assertThat((String) audit.get(1).get("before")).contains("\"end_no\": 149");
    }

    @Test
    void twoAdminsAllocatingAtOnceNeverGetOverlappingRanges() throws Exception {
        assign("KB", "00000000", "00000999");
        int admins = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(admins);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < admins; i++) {
            String branch = i % 2 == 0 ? "TPE01" : "KHH01";
            boolean byBooklets = i >= admins / 2;
            results.add(pool.submit(() -> {
                go.await();
                try {
                    // half ask for the same block by numbers, half for the next two free booklets
                    return byBooklets
                            ? allocations.allocate(new Allocations.Request(DEMO_SELLER, branch, "08", NEXT, "KB", null, null, 2, null), ADMIN)
                            : allocations.allocate(range(branch, "KB", 0, 99), ADMIN);
                } catch (AllocationRefused e) {
                    return e.reason();
                }
            }));
        }
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        // every request for free booklets is served; of the four asking for the same block at most one gets it
        assertThat(outcomes.subList(admins / 2, admins)).allMatch(o -> o instanceof Allocations.Changed);
        List<Object> sameBlock = outcomes.subList(0, admins / 2);
        assertThat(sameBlock.stream().filter(o -> o instanceof Allocations.Changed).count()).isLessThanOrEqualTo(1);
        assertThat(sameBlock).allMatch(o -> o instanceof Allocations.Changed || o == Reason.OVERLAP);
        List<int[]> held = jdbc.sql("SELECT begin_no, end_no FROM number_range WHERE period = ? AND track = 'KB' ORDER BY begin_no")
                .param(NEXT).query((rs, n) -> new int[]{rs.getInt(1), rs.getInt(2)}).list();
        for (int i = 1; i < held.size(); i++) {
            assertThat(held.get(i)[0]).as("no overlap").isGreaterThan(held.get(i - 1)[1]);
        }
    }

    @Test
    void eachAllocationSendsAnE0401ThatValidatesAndReachesTheGateway() {
        assign("KC", "00000000", "00000499");
        Allocations.Changed c = allocations.allocate(range("KHH01", "KC", 100, 199), ADMIN);
        String xml = messages.find(c.messageId()).orElseThrow().xml();
        assertThat(schema.validate(MigMessage.E0401, xml)).isEmpty();
        var read = new MigReader().readBranchTrack(xml);
        assertThat(read.toString()).contains("KC").contains("00000100").contains("00000199").contains(NEXT);
        assertThat(messages.find(c.messageId()).orElseThrow().identifier()).isEqualTo("04595257-KC00000000-00000499");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                messages.find(c.messageId()).orElseThrow().status() == tw.einvoice.hub.invoice.InvoiceMessage.Status.CONFIRMED);
    }

    @Test
    void theBlankReportHoldsExactlyTheUnusedSubRanges() {
        assign(BLANK, "KD", "00001000", "00001999");
        allocations.allocate(range(BLANK, "TPE01", "KD", 1000, 1199), ADMIN);
        allocations.allocate(range(BLANK, "KHH01", "KD", 1500, 1599), ADMIN);
        var extended = allocations.allocate(range(BLANK, "TPE01", "KD", 1200, 1249), ADMIN);
        tx.execute(s -> allocator.allocate(DEMO_SELLER, "TPE01", "08", BLANK, 230));   // 1000–1199 used, 1200–1229 used
        tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", BLANK, 100));   // all of KHH01's
        assertThat(extended.allocation().id()).isPositive();

        List<PeriodEnd.BlankMessage> made = periodEnd.reportBlanks(TaxPeriod.parse(BLANK));
        List<PeriodEnd.BlankMessage> kd = made.stream().filter(m -> m.blank().track().equals("KD")).toList();
        // both branches report under the seller's BAN (no branch BAN configured): one E0402 for the track
        assertThat(kd).hasSize(1);
        String xml = messages.find(kd.get(0).messageId()).orElseThrow().xml();
        assertThat(schema.validate(MigMessage.E0402, xml)).isEmpty();
        var blank = new MigReader().readBranchTrackBlank(xml);
        // TPE01's unused tail 1230–1249 joins the never-allocated 1250–1499; 1600–1999 was never allocated
        assertThat(blank.toString()).contains("00001230").contains("00001499").contains("00001600").contains("00001999")
                .doesNotContain("00001000").doesNotContain("00001599");
        assertThat(kd.get(0).blank().ranges()).extracting(r -> r[0] + "-" + r[1]).containsExactly("1230-1499", "1600-1999");

        // idempotent: a second run makes nothing new
        assertThat(periodEnd.reportBlanks(TaxPeriod.parse(BLANK)).stream().filter(PeriodEnd.BlankMessage::made)).isEmpty();

        List<NumberUsage.Row> usage = NumberUsage.rows(jdbc, DEMO_SELLER, BLANK, LocalDate.now());
        assertThat(usage).filteredOn(r -> r.track().equals("KD") && r.branchId().equals("TPE01"))
                .extracting(r -> r.used() + "/" + r.remaining()).containsExactly("200/0", "30/20");
    }

    @Test
    void anE0501DroppedInTheWatchedFolderIsImportedOnce() throws Exception {
        String xml = """
                <InvoiceEnvelope xmlns="urn:GEINV:InvoiceEnvelope:4.1">
                  <From><PartyId>%s</PartyId></From>
                  <InvoicePack messageType="E0501" count="1" version="4.0">
                    <InvoiceAssignNo xmlns="urn:GEINV:E0501:4.0">
                      <Ban>%s</Ban><InvoiceType>08</InvoiceType><YearMonth>%s</YearMonth><InvoiceTrack>KE</InvoiceTrack>
                      <InvoiceBeginNo>12345600</InvoiceBeginNo><InvoiceEndNo>12345699</InvoiceEndNo><InvoiceBooklet>2</InvoiceBooklet>
                    </InvoiceAssignNo>
                  </InvoicePack>
                </InvoiceEnvelope>""".formatted(DEMO_SELLER, DEMO_SELLER, NEXT);
        Path file = e0501Dir.resolve("20260101").resolve("E0501_" + DEMO_SELLER + ".xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
        await().atMost(Duration.ofSeconds(30)).until(() -> assignments.list(List.of(DEMO_SELLER), NEXT).stream()
                .anyMatch(a -> a.track().equals("KE") && a.beginNo() == 12345600 && a.endNo() == 12345699
                        && a.booklets() == 2 && a.source().equals("E0501")));
        assertThat(jdbc.sql("SELECT assignments FROM track_assignment_file WHERE file_name LIKE ?").param("%E0501_" + DEMO_SELLER + ".xml")
                .query(Integer.class).single()).as("one file, with its one assignment").isEqualTo(1);

        // the file stays where Turnkey put it: the next look at the folder (or a restarted hub's first) finds it again
        String fileName = e0501Dir.relativize(file).toString();
        assertThat(assignments.importE0501(fileName, Files.readAllBytes(file))).as("known by name: not even read again")
                .isEqualTo(new Assignments.ImportResult(0, 0, List.of()));
        assertThat(assignments.list(List.of(DEMO_SELLER), NEXT)).filteredOn(a -> a.track().equals("KE")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM track_assignment_file WHERE file_name LIKE ?")
                .param("%E0501_" + DEMO_SELLER + ".xml").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theApiRefusesNonAdminsAndNamesTheReason() {
        HubClient.Response byKey = api.post("/api/v1/numbering/allocations",
                Map.of("sellerId", DEMO_SELLER, "branchId", "TPE01", "invoiceType", "08", "period", NEXT, "track", "KF", "booklets", 1));
        assertThat(byKey.status()).isEqualTo(403);
        HubClient admin = new HubClient("http://127.0.0.1:" + port).basic("admin", ADMIN_PASSWORD);
        HubClient.Response bad = admin.post("/api/v1/numbering/allocations",
                Map.of("sellerId", DEMO_SELLER, "branchId", "TPE01", "invoiceType", "08", "period", NEXT, "track", "kf", "booklets", 1));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("reason").asText()).isEqualTo("TRACK_FORMAT");

        HubClient.Response csv = admin.postText("/api/v1/numbering/assignments/import", "text/csv",
                "ban,invoiceType,yearMonth,track,beginNo,endNo,booklets\n" + DEMO_SELLER + ",08," + NEXT + ",KF,00000000,00000099,2\n");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().get("imported").asInt()).isEqualTo(1);
        HubClient.Response ok = admin.post("/api/v1/numbering/allocations",
                Map.of("sellerId", DEMO_SELLER, "branchId", "TPE01", "invoiceType", "08", "period", NEXT, "track", "KF", "booklets", 1));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.body().get("allocation").get("beginNo").asInt()).isZero();
        assertThat(admin.get("/api/v1/numbering/usage?period=" + NEXT).status()).isEqualTo(200);
    }
}
