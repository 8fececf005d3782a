package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedReplayTest extends HubIntegrationTest {

    @Test
    void rejectedRecordReplayedAfterCorrectionBecomesAnInvoiceAndKeepsItsHistory() {
        ObjectNode bad = Invoices.valid("replay-" + UUID.randomUUID());
        bad.putObject("donation").put("npoban", "12"); // too short, and beside a carrier
        long id = api.post("/api/v1/invoices", bad).body().get("rejectedId").asLong();

        HubClient.Response stillBad = api.post("/api/v1/rejected/" + id + "/replay", "");
        assertThat(stillBad.status()).isEqualTo(200);
        assertThat(stillBad.body().get("result").asText()).isEqualTo("REJECTED");
        assertThat(stillBad.body().get("rejectedId").asLong()).isEqualTo(id);

        ObjectNode corrected = bad.deepCopy();
        corrected.remove("donation");
        HubClient.Response replayed = api.post("/api/v1/rejected/" + id + "/replay", corrected);

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().get("result").asText()).isEqualTo("ACCEPTED");
        String invoiceId = replayed.body().get("invoiceId").asText();

        JsonNode record = api.get("/api/v1/rejected/" + id).body();
        assertThat(record.get("status").asText()).isEqualTo("REPLAYED");
        assertThat(record.get("invoiceId").asText()).isEqualTo(invoiceId);
        assertThat(record.get("originalPayload").get("donation").get("npoban").asText()).isEqualTo("12");
        assertThat(record.get("payload").has("donation")).isFalse();
        assertThat(record.get("events").findValuesAsText("action"))
                .containsExactly("REJECTED", "REJECTED", "CORRECTED", "REPLAYED");

        JsonNode invoice = api.get("/api/v1/invoices?connector=test&sourceRef=" + bad.get("sourceRef").asText()).body();
        assertThat(invoice.get("id").asText()).isEqualTo(invoiceId);
        assertThat(invoice.get("history").get(0).get("reason").asText()).contains("#" + id);

        HubClient.Response again = api.post("/api/v1/rejected/" + id + "/replay", "");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void resubmissionFromTheSourceClosesTheOpenRejection() {
        ObjectNode bad = Invoices.valid("resubmit-" + UUID.randomUUID());
        bad.putArray("items");
        long id = api.post("/api/v1/invoices", bad).body().get("rejectedId").asLong();

        ObjectNode fixed = Invoices.valid(bad.get("sourceRef").asText());
        HubClient.Response ok = api.post("/api/v1/invoices", fixed);

        assertThat(ok.status()).isEqualTo(201);
        JsonNode record = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/rejected/" + id).body();
        assertThat(record.get("status").asText()).isEqualTo("REPLAYED");
        assertThat(record.get("invoiceId").asText()).isEqualTo(ok.body().get("invoiceId").asText());
    }

    @Test
    void openRejectionsAreListed() {
        ObjectNode bad = Invoices.valid("listed-" + UUID.randomUUID());
        bad.putArray("items");
        long id = api.post("/api/v1/invoices", bad).body().get("rejectedId").asLong();

        JsonNode page = api.get("/api/v1/rejected?status=OPEN&connector=test&limit=1000").body();

        assertThat(page.get("records").findValuesAsText("sourceRef")).contains(bad.get("sourceRef").asText());
        assertThat(page.get("records").findValues("id").stream().map(JsonNode::asLong)).contains(id);
    }
}
