package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InvoiceApiTest extends HubIntegrationTest {

    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    tw.einvoice.hub.invoice.InvoiceStore invoices;

    @Test
    void batchPostedTwiceYieldsEachInvoiceOnceAndTheSameIds() {
        String prefix = "twice-" + UUID.randomUUID();
        ArrayNode batch = Invoices.batch(prefix, 25);

        HubClient.Response first = api.post("/api/v1/invoices", batch);
        HubClient.Response second = api.post("/api/v1/invoices", batch);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("accepted").asInt()).isEqualTo(25);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("accepted").asInt()).isZero();
        assertThat(second.body().get("duplicates").asInt()).isEqualTo(25);
        for (int i = 0; i < 25; i++) {
            JsonNode a = first.body().get("results").get(i);
            JsonNode b = second.body().get("results").get(i);
            assertThat(a.get("sourceRef").asText()).isEqualTo(prefix + "-" + i);
            assertThat(b.get("invoiceId").asText()).isEqualTo(a.get("invoiceId").asText());
            assertThat(b.get("result").asText()).isEqualTo("DUPLICATE");
        }
        Long rows = jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref LIKE ?").param(prefix + "-%")
                .query(Long.class).single();
        assertThat(rows).isEqualTo(25);
    }

    @Test
    void aBatchIsStoredInItsOrderAndARecordRepeatedInItIsItsFirstInvoice() {
        String prefix = "order-" + UUID.randomUUID();
        ArrayNode batch = Invoices.batch(prefix, 25);
        batch.add(batch.get(3).deepCopy());

        HubClient.Response response = api.post("/api/v1/invoices", batch);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(25);
        JsonNode repeat = response.body().get("results").get(25);
        assertThat(repeat.get("result").asText()).isEqualTo("DUPLICATE");
        assertThat(repeat.get("invoiceId").asText())
                .isEqualTo(response.body().get("results").get(3).get("invoiceId").asText());
        List<String> arrival = jdbc.sql("SELECT source_ref FROM invoice WHERE source_ref LIKE ? ORDER BY created_at")
                .param(prefix + "-%").query(String.class).list();
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            given.add(prefix + "-" + i);
        }
        assertThat(arrival).containsExactlyElementsOf(given);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                        WHERE i.source_ref LIKE ? AND h.to_status = 'RECEIVED' AND h.from_status IS NULL""")
                .param(prefix + "-%").query(Long.class).single()).isEqualTo(25);
    }

    @Test
    void concurrentDeliveriesOfOneRecordMakeOneInvoice() throws Exception {
        ObjectNode doc = Invoices.valid("race-" + UUID.randomUUID());
        List<Callable<HubClient.Response>> calls = new ArrayList<>(Collections.nCopies(8, () -> api.post("/api/v1/invoices", doc)));
        var pool = Executors.newFixedThreadPool(8);
        List<String> ids = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (var f : pool.invokeAll(calls)) {
            HubClient.Response r = f.get();
            statuses.add(r.status());
            ids.add(r.body().get("invoiceId").asText());
        }
        pool.shutdown();
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(statuses).as("one delivery made it, the others were told it exists")
                .containsOnlyOnce(201).containsOnly(200, 201);
        assertThat(jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref = ?").param(doc.get("sourceRef").asText())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void oneInvoiceIsAcceptedThenAnsweredAsDuplicate() {
        ObjectNode doc = Invoices.valid("single-" + UUID.randomUUID());

        HubClient.Response created = api.post("/api/v1/invoices", doc);
        HubClient.Response again = api.post("/api/v1/invoices", doc);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("result").asText()).isEqualTo("ACCEPTED");
        assertThat(created.body().get("invoiceStatus").asText()).isEqualTo("RECEIVED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("result").asText()).isEqualTo("DUPLICATE");
        assertThat(again.body().get("invoiceId").asText()).isEqualTo(created.body().get("invoiceId").asText());
    }

    @Test
    void aSourceRefAnotherSellerAlreadyUsedIsRejectedOnTheSourceRefAndTellsNothingOfThatSellersInvoice() {
        String ref = "shared-" + UUID.randomUUID();
        ObjectNode demo = Invoices.valid(ref);
        ObjectNode other = Invoices.valid(ref);
        other.put("sellerId", OTHER_SELLER);

        // the administrator may submit for both sellers, as a connector serving several sellers does
        HubClient admin = new HubClient("http://127.0.0.1:" + port).basic("admin", ADMIN_PASSWORD);
        HubClient.Response created = admin.post("/api/v1/invoices", demo);
        HubClient.Response refused = admin.post("/api/v1/invoices", other);
        HubClient.Response again = admin.post("/api/v1/invoices", demo);

        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("invoiceId").asText();
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.body().get("result").asText()).isEqualTo("REJECTED");
        assertThat(refused.body().get("violations")).singleElement().satisfies(v -> {
            assertThat(v.get("field").asText()).isEqualTo("sourceRef");
            assertThat(v.get("code").asText()).isEqualTo("SOURCE_REF_OF_ANOTHER_SELLER");
        });
        assertThat(refused.body().has("invoiceId")).isFalse();
        assertThat(refused.text()).doesNotContain(id).doesNotContain(DEMO_SELLER);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("invoiceId").asText()).isEqualTo(id);
        assertThat(jdbc.sql("SELECT seller_id FROM invoice WHERE connector = 'test' AND source_ref = ?").param(ref)
                .query(String.class).list()).containsExactly(DEMO_SELLER);
        // the invoice goes on through the pipeline meanwhile: only its arrival is counted
        assertThat(jdbc.sql("SELECT count(*) FROM invoice_history WHERE invoice_id = ?::uuid AND to_status = 'RECEIVED'")
                .param(id).query(Long.class).single()).as("one history entry: received").isEqualTo(1);
        assertThat(jdbc.sql("SELECT seller_id FROM rejected_record WHERE source_ref = ? AND status = 'OPEN'").param(ref)
                .query(String.class).list()).as("the other seller's record is kept, not dropped").containsExactly(OTHER_SELLER);
    }

    @Test
    void twoSellersSendingOneSourceRefAtOnceMakeOneInvoiceAndEveryLosingRecordIsKeptRejected() throws Exception {
        String ref = "shared-race-" + UUID.randomUUID();
        ObjectNode demo = Invoices.valid(ref);
        ObjectNode other = Invoices.valid(ref);
        other.put("sellerId", OTHER_SELLER);
        HubClient admin = new HubClient("http://127.0.0.1:" + port).basic("admin", ADMIN_PASSWORD);
        List<Callable<HubClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ObjectNode doc = i % 2 == 0 ? demo : other;
            calls.add(() -> admin.post("/api/v1/invoices", doc));
        }
        var pool = Executors.newFixedThreadPool(8);
        List<HubClient.Response> answers = new ArrayList<>();
        for (var f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();

        List<String> sellers = jdbc.sql("SELECT seller_id FROM invoice WHERE connector = 'test' AND source_ref = ?")
                .param(ref).query(String.class).list();
        assertThat(sellers).hasSize(1);
        String winner = sellers.get(0);
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(3);
        assertThat(answers.stream().filter(r -> r.status() == 422)).hasSize(4)
                .allSatisfy(r -> assertThat(r.body().get("violations").get(0).get("code").asText())
                        .isEqualTo("SOURCE_REF_OF_ANOTHER_SELLER"));
        String loser = winner.equals(DEMO_SELLER) ? OTHER_SELLER : DEMO_SELLER;
        assertThat(jdbc.sql("SELECT seller_id FROM rejected_record WHERE source_ref = ? AND status = 'OPEN'").param(ref)
                .query(String.class).list()).as("one open record per (connector, sourceRef)").containsExactly(loser);
    }

    @Test
    void acceptedInvoiceIsHandedToTheIssueStage() {
        String sourceRef = "queued-" + UUID.randomUUID();
        HubClient.Response created = api.post("/api/v1/invoices", Invoices.valid(sourceRef));
        UUID id = UUID.fromString(created.body().get("invoiceId").asText());

        assertThat(jdbc.sql("SELECT enqueued_at IS NOT NULL FROM invoice WHERE id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
        JsonNode issued = InvoiceAwait.bySource(api, sourceRef).atMost(java.time.Duration.ofSeconds(30))
                .until("issued", v -> v.hasNonNull("invoiceNumber"));
        assertThat(issued.get("history").findValuesAsText("actor")).contains("stage:issue");
    }

    @Test
    void sweeperQueuesAnInvoiceWhoseHandOverWasLost() {
        // as if the process died between the commit and the send: stored, never queued
        var doc = tw.einvoice.hub.invoice.InvoiceJson.read(Invoices.valid("lost-" + UUID.randomUUID()));
        doc.setBranchId("TPE01");
        doc.setInvoiceType("07");
        UUID id = invoices.receive(doc, "test", "received", null).invoice().id();
        jdbc.sql("UPDATE invoice SET created_at = now() - interval '1 minute' WHERE id = ?").param(id).update();

        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT enqueued_at IS NOT NULL AND status <> 'RECEIVED' FROM invoice WHERE id = ?").param(id)
                .query(Boolean.class).single());
    }

    @Test
    void invoiceIsFoundBySourceWithStatusAndHistory() {
        ObjectNode doc = Invoices.valid("lookup-" + UUID.randomUUID());
        // self-numbered: only a number of the branch's SOURCE range is accepted
        tw.einvoice.hub.numbering.SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", "ZX");
        doc.put("invoiceNumber", "ZX" + String.format("%08d", (int) (Math.random() * 1e8)));
        doc.put("randomCode", "1234");
        api.post("/api/v1/invoices", doc);

        HubClient.Response bySource = api.get("/api/v1/invoices?connector=test&sourceRef=" + doc.get("sourceRef").asText());
        HubClient.Response byNumber = api.get("/api/v1/invoices/" + doc.get("invoiceNumber").asText());

        assertThat(bySource.status()).isEqualTo(200);
        JsonNode view = bySource.body();
        assertThat(view.get("status").asText()).isIn("RECEIVED", "ISSUED", "SENT", "CONFIRMED", "REJECTED");
        assertThat(view.get("uploaded").asBoolean()).isEqualTo(!List.of("RECEIVED", "ISSUED").contains(view.get("status").asText()));
        assertThat(view.get("history").get(0).get("toStatus").asText()).isEqualTo("RECEIVED");
        assertThat(view.get("history").get(0).get("actor").asText()).isEqualTo("api-key:HUB_API_KEY");
        assertThat(view.get("invoice").get("salesAmount").asInt()).isEqualTo(100);
        assertThat(view.get("invoice").get("taxAmount").asInt()).isEqualTo(5);
        assertThat(view.get("branchId").asText()).isEqualTo("TPE01");
        assertThat(byNumber.status()).isEqualTo(200);
        assertThat(byNumber.body().get("id").asText()).isEqualTo(view.get("id").asText());
    }

    @Test
    void badRecordIsRejectedWithFieldAndCodeAndKept() {
        ObjectNode doc = Invoices.valid("bad-" + UUID.randomUUID());
        doc.putObject("donation").put("npoban", "8585");

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("result").asText()).isEqualTo("REJECTED");
        assertThat(r.body().get("violations")).anySatisfy(v -> {
            assertThat(v.get("field").asText()).isEqualTo("donation");
            assertThat(v.get("code").asText()).isEqualTo("CARRIER_WITH_DONATION");
        });
        long id = r.body().get("rejectedId").asLong();
        HubClient.Response kept = api.get("/api/v1/rejected/" + id);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body().get("originalPayload").get("sourceRef").asText()).isEqualTo(doc.get("sourceRef").asText());
        assertThat(kept.body().get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void unknownFieldIsNamedInTheRejection() {
        ObjectNode doc = Invoices.valid("typo-" + UUID.randomUUID());
        doc.put("salesAmmount", 100);

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(422);
        JsonNode v = r.body().get("violations").get(0);
        assertThat(v.get("field").asText()).isEqualTo("salesAmmount");
        assertThat(v.get("code").asText()).isEqualTo("UNKNOWN_FIELD");
    }

    @Test
    void batchOverTheLimitIsRefusedWhole() {
        HubClient.Response r = api.post("/api/v1/invoices", Invoices.batch("big-" + UUID.randomUUID(), 1001));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().get("detail").asText()).contains("1000");
    }

    @Test
    void mixedBatchAnswersPerItem() {
        ArrayNode batch = Invoices.batch("mixed-" + UUID.randomUUID(), 3);
        ((ObjectNode) batch.get(1).get("buyer") == null ? ((ObjectNode) batch.get(1)).putObject("buyer") : (ObjectNode) batch.get(1).get("buyer"))
                .put("id", "12345678");

        HubClient.Response r = api.post("/api/v1/invoices", batch);

        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.body().get("results");
        assertThat(results.get(0).get("result").asText()).isEqualTo("ACCEPTED");
        assertThat(results.get(1).get("result").asText()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("violations").findValuesAsText("field")).contains("buyer.id");
        assertThat(results.get(2).get("result").asText()).isEqualTo("ACCEPTED");
    }
}
