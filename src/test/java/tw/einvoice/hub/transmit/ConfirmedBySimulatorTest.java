package tw.einvoice.hub.transmit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded default's simulator confirms; its confirmation says it is the simulator's, never the MOF's. */
class ConfirmedBySimulatorTest extends HubIntegrationTest {

    @Autowired
    TurnkeyDatabase turnkeyDatabase;

    @Test
    void anInvoiceTheSimulatorConfirmsSaysSoInItsHistoryAndItsView() {
        assertThat(turnkeyDatabase.simulated()).isTrue();
        String sourceRef = "confirmed-by-simulator-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
        JsonNode waiting = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
        if (!"CONFIRMED".equals(waiting.get("status").asText())) {
            assertThat(waiting.get("platform").get("confirmed").asBoolean()).isFalse();
            assertThat(waiting.get("platform").get("by").isNull()).isTrue();
            assertThat(waiting.get("platform").get("at").isNull()).isTrue();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> "CONFIRMED".equals(
                api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("status").asText()));

        JsonNode view = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
        assertThat(view.get("confirmedBy").asText()).isEqualTo("simulator");
        JsonNode platform = view.get("platform");
        assertThat(platform.get("confirmed").asBoolean()).isTrue();
        assertThat(platform.get("by").asText()).isEqualTo("simulator");
        assertThat(platform.get("simulated").asBoolean()).isTrue();
        JsonNode confirmedEntry = view.get("history").get(view.get("history").size() - 1);
        assertThat(confirmedEntry.get("toStatus").asText()).isEqualTo("CONFIRMED");
        assertThat(java.time.OffsetDateTime.parse(platform.get("at").asText()))
                .isEqualTo(java.time.OffsetDateTime.parse(confirmedEntry.get("at").asText()));
        assertThat(view.get("messages")).singleElement()
                .satisfies(m -> assertThat(m.get("confirmedBy").asText()).isEqualTo("simulator"));
        assertThat(view.get("history")).filteredOn(h -> h.get("toStatus").asText().equals("CONFIRMED")).singleElement()
                .satisfies(h -> assertThat(h.get("reason").asText()).isEqualTo(
                        "F0401 confirmed by the Turnkey simulator, not the MOF platform (simulated Turnkey C)"));
    }
}
