package tw.einvoice.hub.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.web.internal.ApiKeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key past its allowance gets 429 with Retry-After and a problem document, other keys go on, and the key is let
 * through again once the wait is over. A burst of 3 and one token per 5 s: the test's own pace cannot refill it.
 */
class RateLimitTest extends HubIntegrationTest {

    private static final int BURST = 3;

    @DynamicPropertySource
    static void tightLimit(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/ratelimit");
        registry.add("hub.api.rate-limit.requests-per-second", () -> "0.2");
        registry.add("hub.api.rate-limit.burst", () -> String.valueOf(BURST));
    }

    @Autowired
    ApiKeys apiKeys;

    @Test
    void theRequestPastTheBurstIsRefusedWith429AndRetryAfterWhileAnotherKeyGoesOnAndTheKeyRecoversAfterTheWait() {
        HubClient limited = api.bearer(apiKeys.create(DEMO_SELLER, "limited-" + UUID.randomUUID()));
        HubClient other = api.bearer(apiKeys.create(DEMO_SELLER, "other-" + UUID.randomUUID()));
        String path = "/api/v1/invoices?sourceRef=none-" + UUID.randomUUID();

        List<Integer> allowed = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            allowed.add(limited.get(path).status());
        }
        HubClient.Response refused = limited.get(path);
        HubClient.Response otherKey = other.get(path);

        // the lookups themselves find nothing: 404 is the API answering, not the limit
        assertThat(allowed).containsExactly(404, 404, 404);
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 5L);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:einvoice-hub:problem:rate-limited");
        assertThat(refused.body().get("status").asInt()).isEqualTo(429);
        assertThat(refused.body().get("detail").asText()).contains("0.2 requests per second").contains("burst 3");
        assertThat(otherKey.status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(retryAfter + 5)).pollInterval(Duration.ofMillis(250))
                .until(() -> limited.get(path).status() == 404);
    }

    @Test
    void peopleWithAPasswordAreNotHeldToTheKeysLimit() {
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < BURST * 3; i++) {
            statuses.add(admin.get("/api/v1/rejected").status());
        }

        assertThat(statuses).containsOnly(200);
    }

    @Test
    void aMetricsOnlyKeyIsRefusedOnTheInvoiceApiNamingItsScope() {
        HubClient prometheus = api.bearer(apiKeys.create(DEMO_SELLER, "prometheus-" + UUID.randomUUID(),
                java.util.Set.of(ApiKeys.SCOPE_METRICS)));

        HubClient.Response r = prometheus.get("/api/v1/rejected");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().get("type").asText()).isEqualTo("urn:einvoice-hub:problem:out-of-scope");
        assertThat(r.body().get("detail").asText()).contains("/actuator/prometheus");
    }
}
