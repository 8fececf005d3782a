package tw.einvoice.hub.issue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The issue stage holds each invoice to Turnkey's program rules on a placeholder render, before it takes a number. */
class RenderCheckTest extends HubIntegrationTest {

    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient jdbc;

    @Test
    void invoiceTurnkeyWouldRefuseIsHeldWithTheReasonAndTakesNoNumber() {
        // taken in by a hub before intake knew the rule (stored directly, as an upgrade finds it), never queued
        String sourceRef = "zeros-before-" + UUID.randomUUID();
        CanonicalInvoice doc = InvoiceJson.read(Invoices.valid(sourceRef));
        doc.setBuyer(new CanonicalInvoice.Party(CanonicalInvoice.CONSUMER_BUYER_ID, "0000", null, null, null));
        doc.setBranchId("TPE01");
        doc.setInvoiceType("07");
        UUID id = invoices.receive(doc, "test", "received", null).invoice().id();
        jdbc.sql("UPDATE invoice SET created_at = now() - interval '1 minute' WHERE id = ?").param(id).update();

        JsonNode held = InvoiceAwait.bySource(api, sourceRef).atMost(Duration.ofSeconds(30))
                .until("held with a reason", v -> v.hasNonNull("blockedReason"));

        assertThat(held.get("blockedReason").asText())
                .startsWith("cannot be rendered as F0401: Turnkey would refuse it:")
                .contains("Main/Buyer/Name: A consumer's buyer name cannot be '0000'");
        // held for good: the sweeper (every second) does not offer it again, so it never takes a number
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var stored = invoices.findById(id).orElseThrow();
            assertThat(stored.status().name()).isEqualTo("RECEIVED");
            assertThat(stored.invoiceNumber()).isNull();
            assertThat(jdbc.sql("SELECT count(*) FROM invoice_message WHERE invoice_id = ?").param(id)
                    .query(Long.class).single()).isZero();
        });
        assertThat(invoices.history(id)).extracting(h -> h.toStatus().name()).containsExactly("RECEIVED");
    }
}
