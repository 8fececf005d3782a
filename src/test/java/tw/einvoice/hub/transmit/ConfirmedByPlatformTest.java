package tw.einvoice.hub.transmit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the simulator off, a C in Turnkey's own tables is the MOF platform's confirmation, and the invoice says so. */
class ConfirmedByPlatformTest extends TurnkeyHubTest {

    @Autowired
    TurnkeyDatabase turnkeyDatabase;
    @Autowired
    TurnkeyResults results;
    @Autowired
    InvoiceStore invoices;
    @Autowired
    MessageStore messages;

    @Test
    void anInvoiceTurnkeysDatabaseConfirmsIsConfirmedByThePlatformInItsHistoryAndItsView() {
        assertThat(turnkeyDatabase.simulated()).isFalse();
        TurnkeyDdl.createIfMissing(turnkeyDatabase.dataSource(), "postgresql");
        String sourceRef = "confirmed-by-platform-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                invoices.findBySource("test", sourceRef).map(i -> i.status() == InvoiceStatus.SENT).orElse(false));
        InvoiceMessage f0401 = messages.forInvoice(invoices.findBySource("test", sourceRef).orElseThrow().id()).stream()
                .filter(m -> m.messageType().equals("F0401")).findFirst().orElseThrow();

        new TurnkeyWriter(turnkeyDatabase.dataSource()).upload(f0401.identifier(), "F0401", DEMO_SELLER, "C",
                f0401.sentAt().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            results.poll();
            return invoices.findBySource("test", sourceRef).orElseThrow().status() == InvoiceStatus.CONFIRMED;
        });

        JsonNode view = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
        assertThat(view.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(view.get("confirmedBy").asText()).isEqualTo("platform");
        assertThat(view.get("platform").get("confirmed").asBoolean()).isTrue();
        assertThat(view.get("platform").get("by").asText()).isEqualTo("turnkey");
        assertThat(view.get("platform").get("simulated").asBoolean()).isFalse();
        assertThat(view.get("platform").get("at").isNull()).isFalse();
        assertThat(view.get("messages")).singleElement()
                .satisfies(m -> assertThat(m.get("confirmedBy").asText()).isEqualTo("platform"));
        JsonNode confirmed = view.get("history").get(view.get("history").size() - 1);
        assertThat(confirmed.get("toStatus").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.get("reason").asText()).isEqualTo("F0401 confirmed by the platform (Turnkey C)");
    }
}
