package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.internal.ApiKeys;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /actuator/health and /actuator/prometheus: who sees what, and that the figures are the ledger's. */
class OperationsEndpointsTest extends HubIntegrationTest {

    static final String METRICS_KEY = "test-metrics-key-0123456789abcdef";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeys apiKeys;

    @Test
    void healthTellsAnonymousCallersOnlyTheStatusAndAdminsEachPartWithItsDetails() {
        HubClient.Response anonymous = api.anonymous().get("/actuator/health");
        HubClient.Response admin = api.basic("admin", ADMIN_PASSWORD).get("/actuator/health");

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).isFalse();
        JsonNode parts = admin.body().get("components");
        for (String part : new String[]{"db", "jms", "turnkeyUpcast", "turnkeyDatabase"}) {
            assertThat(parts.get(part).get("status").asText()).as(part).isEqualTo("UP");
        }
        assertThat(parts.get("turnkeyDatabase").get("details").get("answeredBy").asText()).isEqualTo("simulator");
        assertThat(parts.get("turnkeyUpcast").get("details").get("upcast").asText()).startsWith("file:");
    }

    @Test
    void readinessCountsTheDatabaseTheBrokerAndTheWayToTurnkey() {
        HubClient.Response readiness = api.basic("admin", ADMIN_PASSWORD).get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("components").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("readinessState", "db", "jms", "turnkeyUpcast", "turnkeyDatabase");
    }

    @Test
    void prometheusRefusesAnonymousCallersAndKeysWithoutTheMetricsScope() {
        assertThat(api.anonymous().get("/actuator/prometheus", "text/plain").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "text/plain").status()).isEqualTo(403);
        assertThat(api.bearer(METRICS_KEY).get("/actuator/prometheus", "text/plain").status()).isEqualTo(200);
        assertThat(api.basic("admin", ADMIN_PASSWORD).get("/actuator/prometheus", "text/plain").status()).isEqualTo(200);
        // the metrics key reaches nothing else
        assertThat(api.bearer(METRICS_KEY).get("/actuator/metrics").status()).isEqualTo(403);
    }

    @Test
    void aKeyCreatedWithTheMetricsScopeMayScrape() {
        String key = apiKeys.create(DEMO_SELLER, "prometheus-" + UUID.randomUUID(), Set.of(ApiKeys.SCOPE_METRICS));

        assertThat(api.bearer(key).get("/actuator/prometheus", "text/plain").status()).isEqualTo(200);
    }

    @Test
    void prometheusShowsTheLedgersFiguresAfterAnInvoiceWalksToConfirmed() {
        String sourceRef = "metrics-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> "CONFIRMED".equals(
                api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("status").asText()));
        HubClient prometheus = api.bearer(METRICS_KEY);

        // the gauge is the ledger's count (other tests' invoices included), once its one-second cache has turned
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = prometheus.get("/actuator/prometheus", "text/plain").text();
            long confirmed = jdbc.sql("SELECT count(*) FROM invoice WHERE status = 'CONFIRMED'").query(Long.class).single();
            assertThat(confirmed).isPositive();
            assertThat(value(scrape, "einvoice_invoices", "status=\"CONFIRMED\"")).isEqualTo((double) confirmed);
        });
        String scrape = prometheus.get("/actuator/prometheus", "text/plain").text();
        for (String stage : new String[]{"from=\"RECEIVED\",to=\"ISSUED\"", "from=\"ISSUED\",to=\"SENT\"",
                "from=\"SENT\",to=\"CONFIRMED\""}) {
            assertThat(value(scrape, "einvoice_stage_duration_seconds_count", stage)).as(stage).isGreaterThanOrEqualTo(1.0);
        }
        assertThat(value(scrape, "einvoice_queue_messages", "queue=\"hub.issue\"")).isNotNaN().isGreaterThanOrEqualTo(0.0);
        assertThat(value(scrape, "einvoice_queue_messages", "queue=\"hub.transmit\"")).isNotNaN().isGreaterThanOrEqualTo(0.0);
        assertThat(value(scrape, "einvoice_queue_messages", "queue=\"hub.DLQ\"")).isNotNaN();
        assertThat(value(scrape, "einvoice_callbacks", "state=\"pending\"")).isGreaterThanOrEqualTo(0.0);
        assertThat(value(scrape, "einvoice_callbacks", "state=\"failing\"")).isGreaterThanOrEqualTo(0.0);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Taipei"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int left = NumberUsage.rows(jdbc, DEMO_SELLER, TaxPeriod.of(today).code(), today).stream()
                    .filter(r -> r.branchId().equals("TPE01")).mapToInt(NumberUsage.Row::remaining).sum();
            assertThat(value(prometheus.get("/actuator/prometheus", "text/plain").text(), "einvoice_numbers_remaining",
                    "branch=\"TPE01\",seller=\"" + DEMO_SELLER + "\"")).isEqualTo((double) left);
        });
    }

    /** The sample of {@code metric} whose labels include {@code labels} (in Prometheus's alphabetical order). */
    static double value(String scrape, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*} (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s{%s} in%n%s", metric, labels, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
