package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.internal.ApiKeys;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityTest extends HubIntegrationTest {

    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    ApiKeys apiKeys;

    @Test
    void healthAnswersWithoutAuthentication() {
        HubClient.Response r = api.anonymous().get("/actuator/health");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void unauthenticatedCallsAreRefused() {
        HubClient anonymous = api.anonymous();

        assertThat(anonymous.post("/api/v1/invoices", Invoices.valid("anon-" + UUID.randomUUID())).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/rejected").status()).isEqualTo(401);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
    }

    @Test
    void unknownApiKeyIsRefused() {
        assertThat(api.bearer("ehk_not-a-key-of-ours-000000000").get("/api/v1/rejected").status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThat(api.basic("admin", "guess").get("/api/v1/rejected").status()).isEqualTo(401);
    }

    @Test
    void keyOfAnotherSellerCannotSubmitOrReadTheDemoSellersInvoices() {
        ObjectNode doc = Invoices.valid("scoped-" + UUID.randomUUID());
        // self-numbered: only a number of the branch's SOURCE range is accepted
        tw.einvoice.hub.numbering.SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", "ZY");
        doc.put("invoiceNumber", "ZY" + String.format("%08d", (int) (Math.random() * 1e8)));
        doc.put("randomCode", "0001");
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        HubClient other = api.bearer(apiKeys.create(OTHER_SELLER, "other-" + UUID.randomUUID()));

        HubClient.Response submit = other.post("/api/v1/invoices", Invoices.valid("scoped-" + UUID.randomUUID()));
        HubClient.Response bySource = other.get("/api/v1/invoices?connector=test&sourceRef=" + doc.get("sourceRef").asText());
        HubClient.Response byNumber = other.get("/api/v1/invoices/" + doc.get("invoiceNumber").asText());

        assertThat(submit.status()).isEqualTo(403);
        assertThat(submit.body().get("detail").asText()).contains(DEMO_SELLER);
        assertThat(bySource.status()).isEqualTo(403);
        assertThat(byNumber.status()).isEqualTo(404);
    }

    @Test
    void keyWithoutSellerIdSubmitsForItsOwnSeller() {
        HubClient other = api.bearer(apiKeys.create(OTHER_SELLER, "own-" + UUID.randomUUID()));
        ObjectNode doc = Invoices.valid("own-" + UUID.randomUUID());
        doc.remove("sellerId");

        HubClient.Response r = other.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(201);
        assertThat(other.get("/api/v1/invoices?connector=test&sourceRef=" + doc.get("sourceRef").asText())
                .body().get("sellerId").asText()).isEqualTo(OTHER_SELLER);
    }

    @Test
    void requestBodyOverTheUploadLimitIsRefused() {
        String big = "[" + "\"x\",".repeat(2_200_000) + "\"x\"]"; // about 9 MB over the test limit of 8 MB

        HubClient.Response r = api.post("/api/v1/invoices", big);

        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void adminSeesTheOpenApiDocument() {
        HubClient.Response r = api.basic("admin", ADMIN_PASSWORD).get("/v3/api-docs");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("paths").has("/api/v1/invoices")).isTrue();
        assertThat(r.body().get("paths").has("/api/v1/rejected/{id}/replay")).isTrue();
    }
}
