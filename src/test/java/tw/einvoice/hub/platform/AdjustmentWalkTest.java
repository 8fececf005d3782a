package tw.einvoice.hub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancel, void and re-issue, allowances: each message through Turnkey and the simulated platform. */
class AdjustmentWalkTest extends HubIntegrationTest {

    /** An invoice's walk and then its adjustment's, one after the other. */
    private static final Duration ADJUSTMENTS = Duration.ofSeconds(150);

    @Test
    void confirmedInvoiceIsCancelledWhenThePlatformConfirmsTheF0501() {
        String number = confirmedInvoice();

        HubClient.Response r = api.post("/api/v1/invoices/" + number + "/cancel", Map.of("reason", "客戶取消訂單"));

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().get("messageType").asText()).isEqualTo("F0501");
        JsonNode view = InvoiceAwait.byNumber(api, number).atMost(ADJUSTMENTS).reaches("CANCELLED");
        assertThat(view.get("history").findValuesAsText("reason")).anySatisfy(s -> assertThat(s).contains("客戶取消訂單"));
        assertThat(view.get("messages").findValuesAsText("messageType")).containsExactly("F0401", "F0501");
        assertThat(view.get("messages").get(1).get("status").asText()).as("the platform confirmed the F0501")
                .isEqualTo("CONFIRMED");
        assertThat(api.post("/api/v1/invoices/" + number + "/cancel", Map.of("reason", "again")).status()).isEqualTo(409);
    }

    @Test
    void voidedInvoiceIsIssuedAgainUnderTheSameNumber() {
        String sourceRef = "void-" + UUID.randomUUID();
        String number = confirmedInvoice(sourceRef);

        assertThat(api.post("/api/v1/invoices/" + number + "/void", Map.of("reason", "買方資料錯誤")).status()).isEqualTo(202);
        InvoiceAwait.byNumber(api, number).atMost(ADJUSTMENTS).reaches("VOIDED");

        ObjectNode corrected = Invoices.valid(sourceRef);
        corrected.putObject("buyer").put("id", "0000000000").put("name", "王大明");
        HubClient.Response reissued = api.post("/api/v1/invoices/" + number + "/reissue", corrected);

        assertThat(reissued.status()).isEqualTo(202);
        JsonNode view = await(number, "CONFIRMED with its re-issued F0401 confirmed",
                v -> "CONFIRMED".equals(v.get("status").asText()) && v.get("messages").size() == 3
                        && "CONFIRMED".equals(v.get("messages").get(2).get("status").asText()));
        assertThat(view.get("invoiceNumber").asText()).isEqualTo(number);
        assertThat(view.get("invoice").get("buyer").get("name").asText()).isEqualTo("王大明");
        assertThat(view.get("messages").findValuesAsText("messageType")).containsExactly("F0401", "F0701", "F0401");
    }

    @Test
    void allowanceIsConfirmedAndCannotExceedTheInvoice() {
        String number = confirmedInvoice();
        var line = Map.of("description", "乾電池退貨", "quantity", 1, "unitPrice", 50, "amount", 50, "tax", 3, "taxType", "1");

        HubClient.Response made = api.post("/api/v1/invoices/" + number + "/allowances", Map.of("items", java.util.List.of(line)));

        assertThat(made.status()).isEqualTo(202);
        String allowance = made.body().get("allowanceNumber").asText();
        JsonNode view = await(number, "its G0401 confirmed", v -> v.get("messages").size() == 2
                && "CONFIRMED".equals(v.get("messages").get(1).get("status").asText()));
        assertThat(view.get("messages").get(1).get("reference").asText()).isEqualTo(allowance);

        HubClient.Response tooMuch = api.post("/api/v1/invoices/" + number + "/allowances", Map.of("items", java.util.List.of(
                Map.of("description", "全部退貨", "quantity", 1, "unitPrice", 100, "amount", 100, "tax", 5, "taxType", "1"))));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body().get("detail").asText()).contains("E0309");

        HubClient.Response cancelled = api.post("/api/v1/invoices/" + number + "/allowances/" + allowance + "/cancel",
                Map.of("reason", "折讓開錯"));
        assertThat(cancelled.status()).isEqualTo(202);
        JsonNode afterCancel = await(number, "its G0501 confirmed", v -> v.get("messages").size() == 3
                && "CONFIRMED".equals(v.get("messages").get(2).get("status").asText()));
        assertThat(afterCancel.get("messages").findValuesAsText("messageType")).containsExactly("F0401", "G0401", "G0501");
        assertThat(afterCancel.get("messages").get(2).get("reference").asText()).isEqualTo(allowance);
    }

    @Test
    void invoiceNotYetConfirmedCannotBeCancelled() {
        String sourceRef = "early-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(sourceRef);
        doc.put("remark", "#REJECT:E0305");
        api.post("/api/v1/invoices", doc);
        JsonNode rejected = awaitSource(sourceRef, "REJECTED");

        HubClient.Response r = api.post("/api/v1/invoices/" + rejected.get("invoiceNumber").asText() + "/cancel",
                Map.of("reason", "取消"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("detail").asText()).contains("REJECTED");
    }

    @Test
    void rejectedInvoiceIsResentOnlyWhenCorrected() {
        String sourceRef = "resend-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(sourceRef);
        doc.put("remark", "#REJECT:E0305");
        api.post("/api/v1/invoices", doc);
        String number = awaitSource(sourceRef, "REJECTED").get("invoiceNumber").asText();

        HubClient.Response unchanged = api.post("/api/v1/invoices/" + number + "/resend", doc);
        assertThat(unchanged.status()).isEqualTo(409);
        assertThat(unchanged.body().get("detail").asText()).contains("unchanged");

        doc.put("remark", "corrected");
        HubClient.Response resent = api.post("/api/v1/invoices/" + number + "/resend", doc);

        assertThat(resent.status()).isEqualTo(202);
        JsonNode view = InvoiceAwait.byNumber(api, number).atMost(ADJUSTMENTS).reaches("CONFIRMED");
        assertThat(view.get("invoiceNumber").asText()).isEqualTo(number);
        assertThat(view.get("history").findValuesAsText("toStatus"))
                .containsExactly("RECEIVED", "ISSUED", "SENT", "REJECTED", "ISSUED", "SENT", "CONFIRMED");
        assertThat(view.get("messages").findValuesAsText("status")).containsExactly("REJECTED", "CONFIRMED");
    }

    private String confirmedInvoice() {
        return confirmedInvoice("adj-" + UUID.randomUUID());
    }

    private String confirmedInvoice(String sourceRef) {
        api.post("/api/v1/invoices", Invoices.valid(sourceRef));
        return awaitSource(sourceRef, "CONFIRMED").get("invoiceNumber").asText();
    }

    private JsonNode awaitSource(String sourceRef, String status) {
        return InvoiceAwait.bySource(api, sourceRef).atMost(ADJUSTMENTS).reaches(status);
    }

    private JsonNode await(String number, String expectation, Predicate<JsonNode> done) {
        return InvoiceAwait.byNumber(api, number).atMost(ADJUSTMENTS).until(expectation, done);
    }
}
