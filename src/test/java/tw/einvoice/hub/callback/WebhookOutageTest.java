package tw.einvoice.hub.callback;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.OutageRun;
import tw.einvoice.hub.WebhookReceiver;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 18: a webhook sink answering 500 for a while, with invoices flowing to it (the shared connectors context). */
class WebhookOutageTest extends ConnectorsIntegrationTest {

    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient hubDb;

    @Test
    void aWebhookSinkAnswering500IsOneOutageShownInHealthAndEveryOutcomeIsDeliveredOnceWhenItAnswersAgain() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String part = "webhook:hook";
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        OutageRun outage = new OutageRun(part);
        List<String> refs = new ArrayList<>();

        HOOK.failAll(500);
        Duration recovery;
        try {
            outage.load(OutageRun.outage(), Duration.ofMillis(400), i -> {
                String ref = "wh-out-" + run + "-" + i;
                refs.add(ref);
                return api.post("/api/v1/invoices", Invoices.valid(ref).put("connector", "hook")).status();
            });
            // however loaded the machine, the sink keeps failing until the hub has met the outage
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(OutageRun.health(admin, part)).as("health while the sink fails").isNotNull());
            assertThat(OutageRun.health(admin, part).path("reason").asText()).contains("500");
        } finally {
            HOOK.failAll(0);
        }
        long back = System.nanoTime();
        outage.assertIntakeAcceptedEverything();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String ref : refs) {
                StoredInvoice invoice = invoices.findBySource("hook", ref).orElseThrow();
                assertThat(invoice.invoiceNumber()).isNotNull();
                assertThat(accepted(invoice.invoiceNumber())).as(ref).containsKeys("ISSUED", "CONFIRMED");
            }
        });
        recovery = Duration.ofNanos(System.nanoTime() - back);
        // a few more dispatcher rounds (every 200 ms): nothing may come twice
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            for (String ref : refs) {
                assertThat(accepted(invoices.findBySource("hook", ref).orElseThrow().invoiceNumber()))
                        .as(ref).containsExactlyInAnyOrderEntriesOf(Map.of("ISSUED", 1L, "CONFIRMED", 1L));
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(OutageRun.health(admin, part)).as("health once the sink answers").isNull());

        assertThat(outage.alerts(hubDb)).as("one finance alert for the outage").isEqualTo(1);
        List<Object> ids = refs.stream().map(r -> (Object) invoices.findBySource("hook", r).orElseThrow().id()).toList();
        assertThat(hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'CALLBACK' AND invoice_id = ANY (?)")
                .param(ids.stream().map(Object::toString).map(UUID::fromString).toArray(UUID[]::new))
                .query(Long.class).single()).as("no alert per invoice").isZero();
        long doubled = refs.stream().mapToLong(ref -> accepted(invoices.findBySource("hook", ref).orElseThrow().invoiceNumber())
                .values().stream().filter(n -> n > 1).count()).sum();
        outage.report("webhook-500", refs.size(), 0, doubled, recovery);
    }

    /** Outcome status → how many times the sink took it, for one invoice. */
    private static Map<String, Long> accepted(String invoiceNumber) {
        return HOOK.accepted().stream().map(WebhookReceiver.Request::idempotencyKey)
                .filter(k -> k != null && k.startsWith(invoiceNumber + ":"))
                .collect(Collectors.groupingBy(k -> k.substring(k.indexOf(':') + 1), Collectors.counting()));
    }
}
