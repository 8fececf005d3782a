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
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.signing.MessageArchive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The issue stage holds each invoice to Turnkey's program rules on a placeholder render, before it takes a number. */
class RenderCheckTest extends HubIntegrationTest {

    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageStore messages;

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

    @Test
    void inABatchOnlyTheInvoiceTurnkeyWouldRefuseIsHeldItsBatchMatesTakeConsecutiveNumbersSealedByASignedManifest() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID first = stored("batch-" + run + "-1", false);
        UUID refused = stored("batch-" + run + "-2", true);
        UUID third = stored("batch-" + run + "-3", false);
        // arrival order, and old enough for the sweeper to offer all three at once
        jdbc.sql("""
                        UPDATE invoice SET created_at = now() - interval '1 minute' + (CASE id WHEN ? THEN 1 WHEN ? THEN 2
                            ELSE 3 END) * interval '1 millisecond' WHERE id IN (?, ?, ?)""")
                .params(first, refused, first, refused, third).update();

        InvoiceAwait.bySource(api, "batch-" + run + "-3").atMost(Duration.ofSeconds(30))
                .until("issued", v -> v.hasNonNull("invoiceNumber"));
        InvoiceAwait.bySource(api, "batch-" + run + "-2").atMost(Duration.ofSeconds(30))
                .until("held with a reason", v -> v.hasNonNull("blockedReason"));

        var one = invoices.findById(first).orElseThrow();
        var three = invoices.findById(third).orElseThrow();
        assertThat(one.invoiceNumber()).as("the first invoice is issued too").isNotNull();
        // the held invoice took no number: its batch-mates' numbers follow one another
        assertThat(Long.parseLong(three.invoiceNumber().substring(2)) - Long.parseLong(one.invoiceNumber().substring(2)))
                .isEqualTo(1);
        assertThat(three.invoiceNumber().substring(0, 2)).isEqualTo(one.invoiceNumber().substring(0, 2));
        assertThat(invoices.findById(refused).orElseThrow().invoiceNumber()).isNull();
        assertThat(messages.forInvoice(refused)).isEmpty();
        for (UUID id : List.of(first, third)) {
            InvoiceMessage message = messages.forInvoice(id).get(0);
            assertThat(message.seal().manifest()).as("sealed with its batch's manifest").isNotNull();
            assertThat(message.seal().signature()).as("no signature of its own").isNull();
            MessageArchive.Check check = MessageArchive.check(message.xml().getBytes(StandardCharsets.UTF_8), message.seal());
            assertThat(check.verdict()).as(check.problem()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(check.signed()).isTrue();
            // the stored document carries what the issuer set, merged into the one intake stored
            var issued = invoices.findById(id).orElseThrow();
            assertThat(issued.document().getInvoiceNumber()).isEqualTo(issued.invoiceNumber());
            assertThat(issued.document().getRandomCode()).isEqualTo(issued.randomCode()).matches("\\d{4}");
            assertThat(issued.document().getIssuedAt()).isNotNull();
            assertThat(invoices.history(id)).extracting(h -> h.toStatus().name()).startsWith("RECEIVED", "ISSUED");
        }
    }

    @Test
    void aRandomCodeTheSourceSentWithoutANumberGivesWayToTheOneTheHubDrawsAndTheInvoiceIsIssued() {
        String sourceRef = "own-code-" + UUID.randomUUID();
        CanonicalInvoice doc = InvoiceJson.read(Invoices.valid(sourceRef));
        doc.setInvoiceNumber(null);
        doc.setRandomCode("1234");
        var created = api.post("/api/v1/invoices", InvoiceJson.toTree(doc));
        assertThat(created.status()).as("accepted: %s", created.text()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().get("invoiceId").asText());

        InvoiceAwait.bySource(api, sourceRef).atMost(Duration.ofSeconds(30))
                .until("issued, not held", v -> v.hasNonNull("invoiceNumber"));
        var stored = invoices.findById(id).orElseThrow();
        InvoiceMessage message = messages.forInvoice(id).get(0);
        assertThat(message.xml()).as("the F0401 carries the number and random code the ledger holds")
                .contains("<InvoiceNumber>" + stored.invoiceNumber() + "</InvoiceNumber>")
                .contains("<RandomNumber>" + stored.randomCode() + "</RandomNumber>")
                .doesNotContain("AA00000000");
    }

    /** An invoice stored as an upgraded hub finds it (not through intake's checks), in branch TPE01, never queued. */
    private UUID stored(String sourceRef, boolean turnkeyWouldRefuse) {
        CanonicalInvoice doc = InvoiceJson.read(Invoices.valid(sourceRef));
        if (turnkeyWouldRefuse) {
            doc.setBuyer(new CanonicalInvoice.Party(CanonicalInvoice.CONSUMER_BUYER_ID, "0000", null, null, null));
        }
        doc.setBranchId("TPE01");
        doc.setInvoiceType("07");
        return invoices.receive(doc, "test", "received", null).invoice().id();
    }
}
