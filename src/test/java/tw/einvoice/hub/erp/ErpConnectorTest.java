package tw.einvoice.hub.erp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** routes/erp-sample.yaml on a real second PostgreSQL: staged rows become invoices, outcomes go back into the rows. */
class ErpConnectorTest extends ConnectorsIntegrationTest {

    @Autowired
    InvoiceStore invoices;

    @Autowired
    org.apache.camel.ProducerTemplate producer;

    /** Header and lines in one statement, so one commit: the ERP contract (docs/erp-staging.sql) asks for that. */
    static void stage(String ref, String sellerId, int... amounts) {
        ERP_JDBC.sql("""
                        WITH header AS (
                            INSERT INTO einvoice_staging (source_ref, seller_id, branch_id, issued_at, carrier_type, carrier_id,
                                tax_type, prices_include_tax)
                            VALUES (?, ?, 'TPE01', now(), '3J0002', '/ABC+123', '1', true)
                            RETURNING source_ref)
                        INSERT INTO einvoice_staging_line (source_ref, line_no, description, quantity, unit, unit_price, amount, tax_type)
                        SELECT header.source_ref, line.no, '乾電池', 1, '個', line.amount, line.amount, '1'
                        FROM header, unnest(?::int[]) WITH ORDINALITY AS line(amount, no)""")
                .params(ref, sellerId, java.util.Arrays.stream(amounts).boxed().toArray(Integer[]::new)).update();
    }

    private static Map<String, Object> row(String ref) {
        return ERP_JDBC.sql("SELECT * FROM einvoice_staging WHERE source_ref = ?").param(ref).query().singleRow();
    }

    @Test
    void stagedRowsBecomeInvoicesAndTheirConfirmedNumbersAreWrittenBackIntoTheErp() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String one = "SO-" + run + "-1";
        String two = "SO-" + run + "-2";
        String bad = "SO-" + run + "-BAD";
        long t0 = System.nanoTime();
        stage(one, DEMO_SELLER, 100, 5);
        stage(two, DEMO_SELLER, 210);
        stage(bad, "1234567", 50);  // a 7-digit BAN: refused by intake

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(row(one).get("invoice_status")).isEqualTo("CONFIRMED");
            assertThat(row(two).get("invoice_status")).isEqualTo("CONFIRMED");
            assertThat(row(bad).get("hub_status")).isEqualTo("ERROR");
        });
        System.out.printf("ERP rows staged → CONFIRMED written back in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        for (String ref : new String[]{one, two}) {
            var invoice = invoices.findBySource("erp-sample", ref).orElseThrow();
            Map<String, Object> row = row(ref);
            assertThat(row.get("hub_status")).isEqualTo("ACCEPTED");
            assertThat(row.get("invoice_number")).isEqualTo(invoice.invoiceNumber()).isNotNull();
            assertThat(row.get("random_code")).isEqualTo(invoice.randomCode()).isNotNull();
            assertThat(row.get("error_code")).isNull();
        }
        assertThat(invoices.findBySource("erp-sample", one).orElseThrow().document().getTotalAmount())
                .isEqualByComparingTo("105");
        Map<String, Object> refused = row(bad);
        assertThat(refused.get("invoice_number")).isNull();
        assertThat((String) refused.get("error_message")).contains("sellerId");
        assertThat(invoices.findBySource("erp-sample", bad)).isEmpty();
    }

    @Test
    void theSinkKameletWritesACallbackPayloadIntoTheStagingRow() {
        String ref = "SINK-" + UUID.randomUUID().toString().substring(0, 8);
        // a row the source will not pick up (already ACCEPTED): only the sink touches it
        ERP_JDBC.sql("INSERT INTO einvoice_staging (source_ref, seller_id, hub_status) VALUES (?, ?, 'ACCEPTED')")
                .params(ref, DEMO_SELLER).update();

        producer.sendBody("kamelet:erp-sql-sink?name=erp-sample", """
                {"sourceRef":"%s","invoiceNumber":"ZZ00000042","randomCode":"1234","status":"REJECTED",
                 "errorCode":"E0305","errorMessage":"買方統編錯誤"}""".formatted(ref));

        Map<String, Object> row = row(ref);
        assertThat(row).containsEntry("invoice_number", "ZZ00000042").containsEntry("random_code", "1234")
                .containsEntry("invoice_status", "REJECTED").containsEntry("error_code", "E0305")
                .containsEntry("error_message", "買方統編錯誤");
        assertThat(row.get("result_at")).isNotNull();
    }
}
