package tw.einvoice.hub.numbering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ranges a source (a POS) numbers itself: intake accepts only their numbers, the allocator never takes them. */
class SelfNumberedRangeTest extends HubIntegrationTest {

    static final String SOURCE_TRACK = "SA";

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Assignments assignments;
    @Autowired
    Allocations allocations;
    @Autowired
    NumberAllocator allocator;
    @Autowired
    TransactionTemplate tx;

    ObjectNode selfNumbered(String number) {
        ObjectNode doc = Invoices.valid("self-" + UUID.randomUUID());
        doc.put("branchId", "TPE01");
        doc.put("invoiceNumber", number);
        doc.put("randomCode", "4821");
        return doc;
    }

    String status(ObjectNode doc) {
        return jdbc.sql("SELECT status FROM invoice WHERE connector = 'test' AND source_ref = ?")
                .param(doc.get("sourceRef").asText()).query(String.class).optional().orElse(null);
    }

    static List<String> codes(HubClient.Response r) {
        return r.body().get("violations").findValuesAsText("code");
    }

    @Test
    void numberInTheBranchesSourceRangeIsIssuedAsSentAndConfirmedByTheSimulator() {
        SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", SOURCE_TRACK);
        ObjectNode doc = selfNumbered("SA00000417");

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(201);
        JsonNode view = InvoiceAwait.bySource(api, doc.get("sourceRef").asText()).reaches("CONFIRMED");
        assertThat(view.get("history").findValuesAsText("toStatus")).containsExactly("RECEIVED", "ISSUED", "SENT", "CONFIRMED");
        assertThat(view.get("invoiceNumber").asText()).isEqualTo("SA00000417");
        assertThat(view.get("randomCode").asText()).isEqualTo("4821");
        assertThat(view.get("messages").findValuesAsText("reference")).as("its F0401 under its own number")
                .containsExactly("SA00000417");
        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code();
        assertThat(jdbc.sql("SELECT next_no FROM number_range WHERE seller_id = ? AND period = ? AND track = ?")
                .params(DEMO_SELLER, period, SOURCE_TRACK).query(Integer.class).single())
                .as("issuing raises the SOURCE range's high-water mark, so E0402 does not report it blank").isGreaterThanOrEqualTo(418);
    }

    @Test
    void numberOutsideEverySourceRangeIsRejectedNamingInvoiceNumberAndKept() {
        ObjectNode doc = selfNumbered("QQ00000001");

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(422);
        JsonNode v = r.body().get("violations").get(0);
        assertThat(v.get("field").asText()).isEqualTo("invoiceNumber");
        assertThat(v.get("code").asText()).isEqualTo("NUMBER_NOT_IN_SOURCE_RANGE");
        assertThat(v.get("messageEn").asText()).contains("QQ00000001").contains("TPE01");
        long id = r.body().get("rejectedId").asLong();
        assertThat(api.get("/api/v1/rejected/" + id).body().get("originalPayload").get("invoiceNumber").asText())
                .isEqualTo("QQ00000001");
        assertThat(status(doc)).isNull();
    }

    @Test
    void numberOfARangeTheHubNumbersIsRejectedSoTheAllocatorCanNeverHandItOutAgain() {
        // ZZ is the demo seller's demo range, numbered by the hub
        HubClient.Response r = api.post("/api/v1/invoices", selfNumbered("ZZ00000003"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(codes(r)).containsExactly("NUMBER_IN_HUB_RANGE");
        assertThat(r.body().get("violations").get(0).get("field").asText()).isEqualTo("invoiceNumber");
    }

    @Test
    void numberOfAnotherBranchesSourceRangeIsRejected() {
        SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", SOURCE_TRACK);
        ObjectNode doc = selfNumbered("SA00000900");
        doc.put("branchId", "KHH01");

        assertThat(codes(api.post("/api/v1/invoices", doc))).containsExactly("NUMBER_NOT_IN_SOURCE_RANGE");
    }

    @Test
    void numberAlreadyUsedAndBadRandomCodeAreRejected() {
        SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", SOURCE_TRACK);
        assertThat(api.post("/api/v1/invoices", selfNumbered("SA00000500")).status()).isEqualTo(201);

        assertThat(codes(api.post("/api/v1/invoices", selfNumbered("SA00000500")))).containsExactly("NUMBER_ALREADY_USED");
        ObjectNode badCode = selfNumbered("SA00000501");
        badCode.put("randomCode", "12a");
        HubClient.Response r = api.post("/api/v1/invoices", badCode);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("violations").findValuesAsText("field")).containsExactly("randomCode");
    }

    @Test
    void allocatorNeverHandsOutNumbersOfASourceRange() {
        String period = TaxPeriod.parse(TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code()).next().next().next().code();
        assignments.add(new Assignment(DEMO_SELLER, "08", period, "SC", "00000000", "00000049", 0), "MANUAL", "user:admin");
        assignments.add(new Assignment(DEMO_SELLER, "08", period, "SD", "00000000", "00000049", 0), "MANUAL", "user:admin");
        var source = allocations.allocate(new Allocations.Request(DEMO_SELLER, "KHH01", "08", period, "SC", 0, 49, null, null,
                Allocations.NumberedBy.SOURCE), "user:admin").allocation();
        assertThat(source.numberedBy()).isEqualTo(Allocations.NumberedBy.SOURCE);

        assertThatThrownBy(() -> tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", period, 1)))
                .isInstanceOf(RangeExhaustedException.class);

        allocations.allocate(new Allocations.Request(DEMO_SELLER, "KHH01", "08", period, "SD", 0, 49, null, null), "user:admin");
        List<String> numbers = tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", period, 3));
        assertThat(numbers).containsExactly("SD00000000", "SD00000001", "SD00000002");
        assertThat(allocations.find(source.id()).orElseThrow().nextNo()).as("the SOURCE range is untouched").isZero();
    }
}
