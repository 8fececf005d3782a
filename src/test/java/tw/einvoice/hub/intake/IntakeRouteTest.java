package tw.einvoice.hub.intake;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a route file does: send a record with its connector header to direct:intake. */
class IntakeRouteTest extends HubIntegrationTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    InvoiceStore invoices;

    @Test
    @SuppressWarnings("unchecked")
    void jsonTextFromARouteBecomesAnInvoiceUnderTheRoutesConnector() {
        var doc = Invoices.valid("route-" + UUID.randomUUID());
        doc.remove("connector");

        List<IntakeOutcome> outcomes = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, doc.toString(),
                Map.of(IntakeHeaders.CONNECTOR, "erp-acme"), List.class);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(IntakeOutcome.Result.ACCEPTED);
            assertThat(o.connector()).isEqualTo("erp-acme");
        });
        var stored = invoices.findBySource("erp-acme", doc.get("sourceRef").asText()).orElseThrow();
        assertThat(stored.document().getItems()).hasSize(1);
        assertThat(invoices.history(stored.id()).get(0).actor()).isEqualTo("connector:erp-acme");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sourceRefFromTheHeaderKeysARecordThatCarriesNone() {
        var doc = Invoices.valid("unused");
        doc.remove("sourceRef");
        String ref = "hdr-" + UUID.randomUUID();

        List<IntakeOutcome> outcomes = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, doc.toString(),
                Map.of(IntakeHeaders.CONNECTOR, "erp-acme", IntakeHeaders.SOURCE_REF, ref), List.class);

        assertThat(outcomes.get(0).sourceRef()).isEqualTo(ref);
        assertThat(invoices.findBySource("erp-acme", ref)).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordWithoutSourceRefIsRejectedBecauseRepeatsCouldNotBeRecognised() {
        var doc = Invoices.valid("unused");
        doc.remove("sourceRef");

        List<IntakeOutcome> outcomes = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, doc.toString(),
                Map.of(IntakeHeaders.CONNECTOR, "erp-acme"), List.class);

        assertThat(outcomes.get(0).result()).isEqualTo(IntakeOutcome.Result.REJECTED);
        assertThat(outcomes.get(0).violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo("sourceRef");
            assertThat(v.code()).isEqualTo("REQUIRED");
        });
    }
}
