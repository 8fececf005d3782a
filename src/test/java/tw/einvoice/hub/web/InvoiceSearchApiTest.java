package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.internal.ApiKeys;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/invoices/search: the console's search for machines, within the caller's seller. */
class InvoiceSearchApiTest extends HubIntegrationTest {

    @Autowired
    ApiKeys apiKeys;

    private String issued(String sourceRef) {
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef)
                .body().hasNonNull("invoiceNumber"));
        return api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("invoiceNumber").asText();
    }

    @Test
    void anInvoiceIsFoundByItsNumberAndTodaysDateWithItsStatusAndBranch() {
        String sourceRef = "search-" + UUID.randomUUID();
        String number = issued(sourceRef);
        String today = LocalDate.now(ZoneId.of("Asia/Taipei")).toString();

        JsonNode byNumber = api.get("/api/v1/invoices/search?number=" + number).body();
        JsonNode byDay = api.get("/api/v1/invoices/search?number=" + number + "&from=" + today + "&to=" + today).body();

        assertThat(byNumber.get("rows")).singleElement().satisfies(row -> {
            assertThat(row.get("sourceRef").asText()).isEqualTo(sourceRef);
            assertThat(row.get("sellerId").asText()).isEqualTo(DEMO_SELLER);
            assertThat(row.get("status").asText()).isIn("ISSUED", "SENT", "CONFIRMED");
        });
        assertThat(byNumber.get("hasMore").asBoolean()).isFalse();
        assertThat(byDay.get("rows")).hasSize(1);
    }

    @Test
    void anotherSellersKeyDoesNotFindTheInvoice() {
        String number = issued("search-other-" + UUID.randomUUID());
        HubClient other = api.bearer(apiKeys.create(OTHER_SELLER, "search-other-" + UUID.randomUUID()));

        HubClient.Response r = other.get("/api/v1/invoices/search?number=" + number);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("rows")).isEmpty();
    }

    @Test
    void pagesSayWhetherMoreFollow() {
        issued("search-page-a-" + UUID.randomUUID());
        issued("search-page-b-" + UUID.randomUUID());

        JsonNode first = api.get("/api/v1/invoices/search?connector=test&size=1").body();

        assertThat(first.get("rows")).hasSize(1);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("size").asInt()).isEqualTo(1);
    }

    @Test
    void aBadParameterIsA400NamingIt() {
        HubClient.Response status = api.get("/api/v1/invoices/search?status=LOST");
        HubClient.Response from = api.get("/api/v1/invoices/search?from=yesterday");
        HubClient.Response size = api.get("/api/v1/invoices/search?size=1000");

        assertThat(status.status()).isEqualTo(400);
        assertThat(status.body().get("type").asText()).isEqualTo("urn:einvoice-hub:problem:bad-search");
        assertThat(status.body().get("detail").asText()).startsWith("status is one of [received, issued, sent, confirmed,")
                .endsWith("not LOST");
        assertThat(from.body().get("detail").asText()).isEqualTo("from is a date yyyy-MM-dd, not yesterday");
        assertThat(size.body().get("detail").asText()).isEqualTo("a page holds 1 to 200 invoices, not 1000");
    }
}
