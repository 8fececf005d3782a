package tw.einvoice.hub.transmit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HubClient.Response r = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef);
            view[0] = r.body();
            return "CONFIRMED".equals(r.body().get("status").asText());
        });
        String number = view[0].get("invoiceNumber").asText();
        String date = view[0].get("messages").get(0).get("fileName").asText().split("_")[3].substring(0, 8);

        List<SummaryReconciler.Difference> agree = reconciler.reconcile("agree-" + UUID.randomUUID() + ".xml",
                summary(List.of(number), List.of(), date));
        assertThat(agree.stream().filter(d -> d.reference().equals(number))).isEmpty();

        String file = "disagree-" + UUID.randomUUID() + ".xml";
        List<SummaryReconciler.Difference> disagree = reconciler.reconcile(file,
                summary(List.of("ZZ99999999"), List.of(number), date));

        assertThat(disagree).anySatisfy(d -> {
            assertThat(d.reference()).isEqualTo("ZZ99999999");
            assertThat(d.hub()).isEqualTo("no such message");
        });
        assertThat(disagree).anySatisfy(d -> {
            assertThat(d.reference()).isEqualTo(number);
            assertThat(d.platform()).isEqualTo("failed");
            assertThat(d.hub()).isEqualTo("CONFIRMED");
        });
        assertThat(jdbc.sql("SELECT count(*) FROM finance_alert WHERE code = 'SUMMARY_DIFF' AND message LIKE ?")
                .param("%" + file + "%").query(Long.class).single()).isGreaterThanOrEqualTo(2);
        assertThat(reconciler.reconcile(file, summary(List.of(), List.of(), date))).as("each file is checked once").isEmpty();
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
        var all = new java.util.ArrayList<>(a);
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
