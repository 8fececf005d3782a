package tw.einvoice.hub.erp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.OutageRun;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: the ERP's database stopped and started again on its port while invoices flow through the REST API
 * (the shared connectors context, whose second PostgreSQL is the ERP).
 */
class ErpOutageTest extends ConnectorsIntegrationTest {

    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient hubDb;

    /** Every claim of a staging row and every result written into it, so a row read or written twice shows. */
    private static void audit() {
        ERP_JDBC.sql("""
                CREATE TABLE IF NOT EXISTS staging_audit (source_ref varchar(64), hub_status varchar(16),
                    invoice_status varchar(16), at timestamptz DEFAULT now());
                CREATE OR REPLACE FUNCTION staging_audit() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO staging_audit (source_ref, hub_status, invoice_status)
                    VALUES (NEW.source_ref,
                            CASE WHEN NEW.hub_status IS DISTINCT FROM OLD.hub_status THEN NEW.hub_status END,
                            CASE WHEN NEW.result_at IS DISTINCT FROM OLD.result_at THEN NEW.invoice_status END);
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS staging_audit ON einvoice_staging;
                CREATE TRIGGER staging_audit AFTER UPDATE ON einvoice_staging FOR EACH ROW EXECUTE FUNCTION staging_audit();
                """).update();
    }

    private static void stage(String ref) {
        ErpConnectorTest.stage(ref, DEMO_SELLER, 105);
    }

    private static long changes(String ref, String column, String value) {
        return ERP_JDBC.sql("SELECT count(*) FROM staging_audit WHERE source_ref = ? AND " + column + " = ?")
                .params(ref, value).query(Long.class).single();
    }

    private static String column(String ref, String column) {
        // null until the hub has written it: single() would throw on that instead of letting the await go on
        List<String> values = ERP_JDBC.sql("SELECT " + column + " FROM einvoice_staging WHERE source_ref = ?").param(ref)
                .query((rs, n) -> rs.getString(1)).list();
        return values.isEmpty() ? null : values.get(0);
    }

    @Test
    void anErpDatabaseThatStopsIsOneOutageAndEveryRowIsReadOnceAndItsResultWrittenOnceWhenItIsBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String part = "erp:erp-sample";
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        audit();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add("ERP-OUT-" + run + "-A" + i);
            stage(before.get(i));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(before).allSatisfy(ref -> assertThat(column(ref, "hub_status")).isEqualTo("ACCEPTED")));

        // their results are on the way back when the ERP goes away
        stopErp();
        OutageRun outage = new OutageRun(part);
        long back;
        try {
            outage.load(OutageRun.outage(), Duration.ofMillis(400), i ->
                    api.post("/api/v1/invoices", Invoices.valid("erp-out-rest-" + run + "-" + i)).status());
            // however loaded the machine, the ERP stays down until the hub has met the outage
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(OutageRun.health(admin, part)).as("health while the ERP is down").isNotNull());
        } finally {
            startErp();
            back = System.nanoTime();
        }
        outage.assertIntakeAcceptedEverything();

        // rows the ERP writes after its restart are read like any others
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add("ERP-OUT-" + run + "-B" + i);
            stage(after.get(i));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(before).allSatisfy(ref -> assertThat(column(ref, "invoice_status")).as(ref).isEqualTo("CONFIRMED")));
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(all).allSatisfy(ref -> assertThat(column(ref, "invoice_status")).as(ref).isEqualTo("CONFIRMED")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(OutageRun.health(admin, part)).as("health once the ERP answers").isNull());

        long doubled = 0;
        for (String ref : all) {
            assertThat(invoices.findBySource("erp-sample", ref)).as(ref).isPresent();
            assertThat(column(ref, "invoice_number")).as(ref)
                    .isEqualTo(invoices.findBySource("erp-sample", ref).orElseThrow().invoiceNumber());
            long reads = changes(ref, "hub_status", "CLAIMED");
            long confirmedWrites = changes(ref, "invoice_status", "CONFIRMED");
            assertThat(reads).as("%s read once", ref).isEqualTo(1);
            assertThat(confirmedWrites).as("%s result written once", ref).isEqualTo(1);
            doubled += reads - 1 + confirmedWrites - 1;
        }
        assertThat(outage.alerts(hubDb)).as("one finance alert for the outage").isEqualTo(1);
        outage.report("erp-db-down", all.size() + outage.submitted(), 0, doubled, recovery);
    }
}
