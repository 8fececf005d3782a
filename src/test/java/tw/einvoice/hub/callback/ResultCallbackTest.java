package tw.einvoice.hub.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.WebhookReceiver;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhook result callbacks against a real HTTP server: retries, signature, idempotency key, a sink that was down. */
class ResultCallbackTest extends ConnectorsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ProducerTemplate producer;

    @Autowired
    InvoiceStore invoices;

    @Autowired
    JdbcClient hubDb;

    private String submit(String connector) {
        String ref = connector + "-" + UUID.randomUUID();
        var doc = Invoices.valid(ref);
        doc.remove("connector");
        producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, doc.toString(), Map.of(IntakeHeaders.CONNECTOR, connector));
        return ref;
    }

    private static List<WebhookReceiver.Request> about(List<WebhookReceiver.Request> requests, String number) {
        return requests.stream().filter(r -> r.idempotencyKey() != null && r.idempotencyKey().startsWith(number + ":")).toList();
    }

    @Test
    void aWebhookThatFailsThreeTimesThenSucceedsReceivesEachOutcomeExactlyOnceSignedAndInOrder() throws Exception {
        HOOK.failNext(3);
        String ref = submit("hook");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var invoice = invoices.findBySource("hook", ref).orElseThrow();
            assertThat(invoice.invoiceNumber()).isNotNull();
            assertThat(about(HOOK.accepted(), invoice.invoiceNumber())).extracting(WebhookReceiver.Request::idempotencyKey)
                    .contains(invoice.invoiceNumber() + ":CONFIRMED");
        });
        var invoice = invoices.findBySource("hook", ref).orElseThrow();
        String number = invoice.invoiceNumber();
        // a few more dispatcher rounds (every 200 ms): nothing may come twice
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(about(HOOK.accepted(), number)).extracting(WebhookReceiver.Request::idempotencyKey)
                        .containsExactly(number + ":ISSUED", number + ":CONFIRMED"));
        List<WebhookReceiver.Request> all = about(HOOK.requests(), number);
        List<WebhookReceiver.Request> taken = about(HOOK.accepted(), number);
        assertThat(all.stream().filter(r -> r.answered() == 503)).hasSize(3);
        assertThat(all).allSatisfy(r -> assertThat(r.signatureValid()).as("signature %s", r.signature()).isTrue());
        JsonNode confirmed = JSON.readTree(taken.get(1).body());
        assertThat(confirmed.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.get("invoiceNumber").asText()).isEqualTo(number);
        assertThat(confirmed.get("randomCode").asText()).isEqualTo(invoice.randomCode());
        assertThat(confirmed.get("connector").asText()).isEqualTo("hook");
        assertThat(confirmed.get("sourceRef").asText()).isEqualTo(ref);
        assertThat(hubDb.sql("SELECT count(*) FROM callback_outbox WHERE invoice_id = ? AND delivered_at IS NULL")
                .param(invoice.id()).query(Integer.class).single()).isZero();
    }

    @Test
    void anOutcomeForASinkThatIsDownIsAlertedKeptAndDeliveredOnceTheSinkComesBack() throws Exception {
        String ref = submit("hook-down");

        // down: the outbox keeps the outcome, retries, and finance hears of the sink's outage after three attempts
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(outageAlerts()).isEqualTo(1));
        var invoice = invoices.findBySource("hook-down", ref).orElseThrow();
        assertThat(hubDb.sql("SELECT attempts FROM callback_outbox WHERE invoice_id = ? AND status = 'ISSUED'")
                .param(invoice.id()).query(Integer.class).single()).isGreaterThanOrEqualTo(3);

        // the sink comes back on its address: the kept outcomes go out, each once
        try (WebhookReceiver back = new WebhookReceiver(0, WEBHOOK_SECRET)) {
            HOOK_DOWN.upTo(back.port());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(back.accepted()).extracting(WebhookReceiver.Request::idempotencyKey)
                            .contains(invoice.invoiceNumber() + ":ISSUED", invoice.invoiceNumber() + ":CONFIRMED"));
            // a few more dispatcher rounds (every 200 ms): nothing may come twice
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(back.accepted()).extracting(WebhookReceiver.Request::idempotencyKey)
                            .containsExactly(invoice.invoiceNumber() + ":ISSUED", invoice.invoiceNumber() + ":CONFIRMED"));
            assertThat(back.accepted()).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        } finally {
            HOOK_DOWN.down();
        }
        assertThat(hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'CALLBACK' AND invoice_id = ?")
                .param(invoice.id()).query(Integer.class).single()).as("no alert per invoice: the sink's outage is one").isZero();
        assertThat(outageAlerts()).as("one alert, not one per attempt").isEqualTo(1);
    }

    /** OUTAGE alerts about the sink that is down ({@code webhook:hook-down}). */
    private long outageAlerts() {
        return hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'OUTAGE' AND message LIKE ?")
                .param("無法連線 webhook:hook-down，%").query(Long.class).single();
    }

    @Test
    void anOutcomeTheSinkAcknowledgesAfterTheTimeoutIsSentAgainUnderTheSameKeyAndBodyAndRecordedDeliveredOnce() throws Exception {
        String ref = submit("hook-late");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var invoice = invoices.findBySource("hook-late", ref).orElseThrow();
            assertThat(hubDb.sql("SELECT count(*) FROM callback_outbox WHERE invoice_id = ? AND delivered_at IS NOT NULL")
                    .param(invoice.id()).query(Integer.class).single()).isEqualTo(2);
        });
        var invoice = invoices.findBySource("hook-late", ref).orElseThrow();
        String number = invoice.invoiceNumber();
        // the late answers of the first sends arrive after this; nothing more may be sent for them
        await().during(WebhookReceiver.LATE_BY.plusSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(late(number)).hasSize(4));
        List<WebhookReceiver.Request> seen = late(number);
        for (String status : List.of("ISSUED", "CONFIRMED")) {
            List<WebhookReceiver.Request> sends = seen.stream().filter(r -> r.idempotencyKey().equals(number + ":" + status)).toList();
            assertThat(sends).as("%s: the timed-out send and its retry", status).hasSize(2);
            assertThat(sends.get(1).body()).as("a retry is the same event, byte for byte").isEqualTo(sends.get(0).body());
            assertThat(sends).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
            assertThat(sends.stream().map(WebhookReceiver.Request::body).distinct())
                    .as("so the sink keeps one event per key").hasSize(1);
        }
        assertThat(hubDb.sql("""
                        SELECT status || ':' || attempts || ':' || (delivered_at IS NOT NULL) FROM callback_outbox
                        WHERE invoice_id = ? ORDER BY id""")
                .param(invoice.id()).query(String.class).list())
                .as("one outbox row per outcome, delivered once after two attempts")
                .containsExactly("ISSUED:2:true", "CONFIRMED:2:true");
        assertThat(hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'CALLBACK' AND invoice_id = ?")
                .param(invoice.id()).query(Integer.class).single()).as("one slow answer is no outage").isZero();
    }

    private static List<WebhookReceiver.Request> late(String number) {
        return HOOK.requests().stream().filter(r -> "/late".equals(r.path()) && r.idempotencyKey().startsWith(number + ":")).toList();
    }
}
