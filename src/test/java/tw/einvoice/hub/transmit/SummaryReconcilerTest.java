package tw.einvoice.hub.transmit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SummaryReconcilerTest extends HubIntegrationTest {

    @Autowired
    SummaryReconciler reconciler;

    @Autowired
    JdbcClient jdbc;

    @Test
    void summaryThatAgreesWithTheLedgerHasNoDifferenceAndOneThatDisagreesIsReported() {
        String sourceRef = "summary-" + UUID.randomUUID();
        api.post("/api/v1/invoices", Invoices.valid(sourceRef));
        JsonNode view = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");
        String number = view.get("invoiceNumber").asText();
        String date = view.get("messages").get(0).get("fileName").asText().split("_")[3].substring(0, 8);
        // the ledger is compared as it stands: other tests' invoices of the day must have their answers first
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM invoice_message WHERE message_type = 'F0401' AND status IN ('RENDERED', 'SENT')")
                .query(Long.class).single() == 0);
        // a file Turnkey refused itself (7001) never reached the platform: no summary lists it, and that is no difference
        String refusedLocally = "ZZ7" + String.format("%07d", (int) (Math.random() * 1e7));
        jdbc.sql("""
                        INSERT INTO invoice_message (id, message_type, seller_id, reference, message_date, identifier, file_name,
                            xml, status, turnkey_status, error_code, error_message)
                        VALUES (?, 'F0401', ?, ?, ?, ?, ?, '<Invoice/>', 'REJECTED', 'E', '7001', '"Buyer.Name" is invalid!')""")
                .params(UUID.randomUUID(), DEMO_SELLER, refusedLocally, date, "F0401" + refusedLocally + date,
                        "F0401_" + refusedLocally + ".xml").update();
        List<Map.Entry<String, String>> answered = answered(date);
        assertThat(answered).extracting(Map.Entry::getKey).doesNotContain(refusedLocally);
        List<String> confirmed = answered.stream().filter(m -> m.getValue().equals("CONFIRMED")).map(Map.Entry::getKey)
                .distinct().toList();
        // an invoice resent after a rejection has both; it counts as good
        List<String> rejected = answered.stream().filter(m -> m.getValue().equals("REJECTED")).map(Map.Entry::getKey)
                .distinct().filter(r -> !confirmed.contains(r)).toList();
        assertThat(confirmed).contains(number);

        List<SummaryReconciler.Difference> agree = reconciler.reconcile("agree-" + UUID.randomUUID() + ".xml",
                summary(confirmed, rejected, date));
        assertThat(agree).as("a summary listing the day as the ledger has it").isEmpty();

        String file = "disagree-" + UUID.randomUUID() + ".xml";
        List<SummaryReconciler.Difference> disagree = reconciler.reconcile(file,
                summary(List.of("ZZ99999999"), List.of(number), date));

        assertThat(disagree).filteredOn(d -> d.reference().equals("ZZ99999999")).singleElement().satisfies(d -> {
            assertThat(d.platform()).isEqualTo("good");
            assertThat(d.hub()).isEqualTo("no such message");
        });
        assertThat(disagree).filteredOn(d -> d.reference().equals(number)).singleElement().satisfies(d -> {
            assertThat(d.platform()).isEqualTo("failed");
            assertThat(d.hub()).isEqualTo("CONFIRMED");
        });
        // and each other answered message of the day, which this summary leaves out
        List<String> leftOut = answered.stream().map(Map.Entry::getKey).filter(r -> !r.equals(number)).toList();
        assertThat(disagree).filteredOn(d -> !d.reference().equals("ZZ99999999") && !d.reference().equals(number))
                .allSatisfy(d -> assertThat(d.platform()).isEqualTo("not listed"))
                .extracting(SummaryReconciler.Difference::reference).containsExactlyInAnyOrderElementsOf(leftOut);
        List<String> alerts = jdbc.sql("SELECT message FROM finance_alert WHERE code = 'SUMMARY_DIFF' AND message LIKE ?")
                .param("%" + file + "%").query(String.class).list();
        assertThat(alerts).as("one finance alert per difference").hasSize(disagree.size());
        assertThat(alerts).anySatisfy(a -> assertThat(a).contains("ZZ99999999").contains("no such message"))
                .anySatisfy(a -> assertThat(a).contains(number).contains("platform failed, hub CONFIRMED"));

        assertThat(reconciler.reconcile(file, summary(List.of(), List.of(), date))).as("each file is checked once").isEmpty();
        byte[] again = summary(List.of("ZZ99999999"), List.of(number), date);
        assertThat(reconciler.reconcile("again-" + file, again)).as("the same summary under another name").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM summary_reconciliation WHERE file_name = ?").param("again-" + file)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM finance_alert WHERE code = 'SUMMARY_DIFF' AND message LIKE ?")
                .param("%" + file + "%").query(Long.class).single()).as("and raised once").isEqualTo(alerts.size());
    }

    @Test
    void oneSummaryReadByFourNodesAtOnceIsCheckedOnceAndRaisesEachDifferenceOnce() throws Exception {
        String file = "nodes-" + UUID.randomUUID() + ".xml";
        byte[] xml = summary(List.of("ZZ98888888"), List.of(), "20250101");
        CyclicBarrier together = new CyclicBarrier(4);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<SummaryReconciler.Difference>>> checks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                checks.add(nodes.submit(() -> {
                    together.await();
                    return reconciler.reconcile(file, xml);
                }));
            }
            List<Integer> found = new ArrayList<>();
            for (Future<List<SummaryReconciler.Difference>> check : checks) {
                found.add(check.get(60, TimeUnit.SECONDS).size());
            }
            assertThat(found).as("differences each reader found: one reader checked, the others found it done")
                    .containsExactlyInAnyOrder(1, 0, 0, 0);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM summary_reconciliation WHERE file_name = ?").param(file)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM finance_alert WHERE code = 'SUMMARY_DIFF' AND message LIKE ?")
                .param("%" + file + "%").query(Long.class).single()).as("the one difference raised once").isEqualTo(1);
    }

    /**
     * Reference → status of each of the day's F0401 messages the platform has answered (confirmed, or rejected with
     * a platform code E####), as the ledger holds them.
     */
    private List<Map.Entry<String, String>> answered(String date) {
        return jdbc.sql("""
                        SELECT reference, status FROM invoice_message
                        WHERE message_type = 'F0401' AND message_date = ?
                          AND (status = 'CONFIRMED' OR (status = 'REJECTED' AND error_code LIKE 'E%'))""")
                .param(date).query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list();
    }

    private static byte[] summary(List<String> good, List<String> failed, String date) {
        StringBuilder xml = new StringBuilder("""
                <SummaryResult xmlns="urn:GEINV:SummaryResult:4.1"><RoutingInfo><From><PartyId>MOF</PartyId></From>
                <To><PartyId>04595257</PartyId></To></RoutingInfo><DetailList><Message><Info><Id>X-F0401</Id>
                <MessageType>F0401</MessageType></Info><ResultType>""");
        xml.append(part("Total", concat(good, failed), date)).append(part("Good", good, date)).append(part("Failed", failed, date));
        xml.append("</ResultType></Message></DetailList></SummaryResult>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String part(String name, List<String> refs, String date) {
        StringBuilder s = new StringBuilder("<" + name + "><ResultDetailType><Count>" + refs.size() + "</Count>");
        if (!refs.isEmpty()) {
            s.append("<Invoices>");
            refs.forEach(r -> s.append("<Invoice><ReferenceNumber>").append(r).append("</ReferenceNumber><InvoiceDate>")
                    .append(date).append("</InvoiceDate></Invoice>"));
            s.append("</Invoices>");
        }
        return s.append("</ResultDetailType></").append(name).append(">").toString();
    }
}
