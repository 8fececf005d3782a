package tw.einvoice.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.WebhookReceiver;
import tw.einvoice.hub.mig.ExchangeAnswerData;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.reference.TurnkeyValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invoices the hub numbers itself (here from {@code POST /api/v1/invoices}) for a buyer in {@code hub.exchange.partners}
 * go out as A0101 through the exchange, not to storage as F0401. Seller 04595257 sells to 12345676, the hub's second
 * seller, whose Turnkey is this one, so the simulator delivers the A0101 to its inbox and its A0102 comes back; the
 * source hears of the outcome through its webhook ({@code hook}) as of any other invoice.
 */
class IssuedExchangeFlowTest extends ConnectorsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    Exchange exchange;
    @Autowired
    ExchangeProperties settings;
    @Autowired
    JdbcClient jdbc;
    @Value("${hub.turnkey.upcast}")
    String upcast;

    @Test
    void anInvoiceTheHubNumbersForAPartnerGoesAsA0101IsAutoConfirmedByTheBuyerTheSourceHearsOfItAndAVoidIsRefused()
            throws IOException {
        String ref = "exchange-issued-" + UUID.randomUUID();

        HubClient.Response posted = api.post("/api/v1/invoices", business(ref, "12345676"));

        assertThat(posted.status()).as(posted.text()).isEqualTo(201);
        JsonNode view = InvoiceAwait.bySource(api, "hook", ref).reaches("CONFIRMED");
        String number = view.get("invoiceNumber").asText();
        // one message, the A0101: nothing went to storage
        assertThat(view.get("messages")).singleElement().satisfies(m -> {
            assertThat(m.get("messageType").asText()).isEqualTo("A0101");
            assertThat(m.get("identifier").asText()).startsWith("A0101" + number);
        });
        assertThat(view.get("history").findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).contains("through the B2B exchange (A0101)"))
                .anySatisfy(r -> assertThat(r).isEqualTo("confirmed by buyer 12345676 through the exchange (A0102)"));
        assertThat(view.get("platform").get("confirmed").asBoolean()).as("the platform confirmed nothing").isFalse();

        // the buyer's side of the same hub received it, checked it and confirmed it on its own
        ExchangeInvoice purchase = find(ExchangeInvoice.Direction.PURCHASE, number).orElseThrow();
        assertThat(purchase.status()).isEqualTo("CONFIRMED");
        assertThat(purchase.answeredBy()).isEqualTo(Exchange.ACTOR);
        assertThat(purchase.totalAmount()).isEqualByComparingTo("1050");
        // the seller's outbox holds the buyer's answer
        ExchangeInvoice sale = find(ExchangeInvoice.Direction.SALE, number).orElseThrow();
        assertThat(sale.status()).isEqualTo("CONFIRMED");
        assertThat(sale.answerType()).isEqualTo("A0102");
        assertThat(sale.answeredBy()).isEqualTo("buyer 12345676");
        assertThat(sale.buyerId()).isEqualTo("12345676");

        // the file Turnkey took is the bare A0101 the outbox holds, and Turnkey's own validator accepts it
        String fileName = view.get("messages").get(0).get("fileName").asText();
        Path landed = landed(fileName);
        assertThat(landed.toString()).contains("B2BEXCHANGE/A0101/");
        String xml = Files.readString(landed, StandardCharsets.UTF_8);
        assertThat(xml).isEqualTo(exchange.originalXml(sale.id())).doesNotContain("Signature");
        TurnkeyValidator.Verdict verdict = TurnkeyValidator.validate("A0101", landed);
        assertThat(verdict.ok()).as(verdict.toString()).isTrue();
        assertThat(verdict.identifier()).isEqualTo(view.get("messages").get(0).get("identifier").asText());

        // the source's webhook hears ISSUED and then CONFIRMED, once each, as for an invoice the platform confirms
        await().atMost(WAIT).until(() -> keys(number).contains(number + ":CONFIRMED"));
        assertThat(keys(number)).containsExactly(number + ":ISSUED", number + ":CONFIRMED");

        // the buyer's answer delivered again (Turnkey fetched it twice): it is recognised and changes nothing
        Path answer = filesUnder(settings.downcastDir().resolve("B2BEXCHANGE/A0102/BAK")).stream()
                .filter(f -> f.getFileName().toString().contains(number)).findFirst()
                .orElseThrow(() -> new AssertionError("the A0102 for " + number + " is not in DownCast's BAK"));
        Path again = Files.createDirectories(settings.downcastDir().resolve("B2BEXCHANGE/A0102/SRC"))
                .resolve("again-" + answer.getFileName());
        Files.copy(answer, again);
        exchange.readDownCast();
        await().atMost(WAIT).until(() -> !Files.exists(again));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                keys(number).equals(List.of(number + ":ISSUED", number + ":CONFIRMED")));
        assertThat(api.get("/api/v1/invoices/" + number).body().get("history").findValuesAsText("reason"))
                .filteredOn(r -> r.startsWith("confirmed by buyer")).hasSize(1);
        assertThat(find(ExchangeInvoice.Direction.SALE, number).orElseThrow().status()).isEqualTo("CONFIRMED");

        // a void (F0701) of an invoice the platform's storage never had would be refused there, and the exchange has none
        HubClient.Response voided = api.post("/api/v1/invoices/" + number + "/void", Map.of("reason", "客戶取消訂單"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(409);
        assertThat(voided.text()).contains("issued through the B2B exchange (A0101)", "the exchange has no such message");
        assertThat(api.get("/api/v1/invoices/" + number).body().get("messages")).hasSize(1);
    }

    /**
     * The seller's changes to an exchanged invoice travel as the exchange's own messages, through the same transmit
     * path as its A0101, and the buyer's side of this hub answers each: B0101 → B0102, B0201 → B0202, A0201 → A0202.
     */
    @Test
    void anExchangedInvoicesAllowanceItsCancelAndTheInvoicesCancelGoAsB0101B0201A0201AndTheBuyerConfirmsEachOnBothSides()
            throws IOException {
        String ref = "exchange-adjusted-" + UUID.randomUUID();
        api.post("/api/v1/invoices", business(ref, "12345676"));
        String number = InvoiceAwait.bySource(api, "hook", ref).reaches("CONFIRMED").get("invoiceNumber").asText();

        // allowance: B0101, answered B0102, kept on the purchase invoice
        HubClient.Response allowance = api.post("/api/v1/invoices/" + number + "/allowances", Map.of("items", List.of(
                Map.of("originalSequenceNumber", 1, "description", "伺服器維護折讓", "quantity", 1, "unitPrice", 200,
                        "amount", 200, "tax", 10, "taxType", "1"))));
        assertThat(allowance.status()).as(allowance.text()).isEqualTo(202);
        assertThat(allowance.body().get("messageType").asText()).isEqualTo("B0101");
        String allowanceNumber = allowance.body().get("allowanceNumber").asText();
        ExchangeAdjustment sentAllowance = answered(ExchangeInvoice.Direction.SALE, number, "B0101", allowanceNumber);
        assertThat(sentAllowance.answerType()).isEqualTo("B0102");
        ExchangeAdjustment receivedAllowance = answered(ExchangeInvoice.Direction.PURCHASE, number, "B0101", allowanceNumber);
        assertThat(receivedAllowance.answerType()).isEqualTo("B0102");
        assertThat(receivedAllowance.invoiceNumber()).isEqualTo(number);
        assertThat(receivedAllowance.cancelled()).isFalse();

        // allowance cancel: B0201, answered B0202; both sides hold the allowance cancelled
        HubClient.Response cancelAllowance = api.post("/api/v1/invoices/" + number + "/allowances/" + allowanceNumber
                + "/cancel", Map.of("reason", "折讓開錯"));
        assertThat(cancelAllowance.status()).as(cancelAllowance.text()).isEqualTo(202);
        assertThat(cancelAllowance.body().get("messageType").asText()).isEqualTo("B0201");
        assertThat(answered(ExchangeInvoice.Direction.SALE, number, "B0201", allowanceNumber).answerType()).isEqualTo("B0202");
        assertThat(answered(ExchangeInvoice.Direction.PURCHASE, number, "B0201", allowanceNumber).answerType())
                .isEqualTo("B0202");
        assertThat(adjustment(ExchangeInvoice.Direction.SALE, number, "B0101", allowanceNumber).orElseThrow().cancelled())
                .isTrue();
        assertThat(adjustment(ExchangeInvoice.Direction.PURCHASE, number, "B0101", allowanceNumber).orElseThrow().cancelled())
                .isTrue();
        assertThat(api.get("/api/v1/invoices/" + number).body().get("status").asText())
                .as("an allowance leaves the invoice as it was").isEqualTo("CONFIRMED");

        // cancel: A0201; the ledger invoice is CANCELLED when the buyer's A0202 comes, as after the platform's C for F0501
        HubClient.Response cancel = api.post("/api/v1/invoices/" + number + "/cancel", Map.of("reason", "客戶取消訂單"));
        assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
        assertThat(cancel.body().get("messageType").asText()).isEqualTo("A0201");
        JsonNode cancelled = InvoiceAwait.bySource(api, "hook", ref).reaches("CANCELLED");
        assertThat(cancelled.get("history").findValuesAsText("reason"))
                .contains("cancel confirmed by buyer 12345676 through the exchange (A0202)");
        assertThat(answered(ExchangeInvoice.Direction.SALE, number, "A0201", number).answerType()).isEqualTo("A0202");
        assertThat(answered(ExchangeInvoice.Direction.PURCHASE, number, "A0201", number).answerType()).isEqualTo("A0202");
        assertThat(find(ExchangeInvoice.Direction.SALE, number).orElseThrow().status()).isEqualTo("CANCELLED");
        ExchangeInvoice purchase = find(ExchangeInvoice.Direction.PURCHASE, number).orElseThrow();
        assertThat(purchase.status()).isEqualTo("CANCELLED");
        assertThat(purchase.reason()).isEqualTo("客戶取消訂單");
        await().atMost(WAIT).until(() -> keys(number).contains(number + ":CANCELLED"));
        assertThat(keys(number)).containsExactly(number + ":ISSUED", number + ":CONFIRMED", number + ":CANCELLED");

        // every message either side wrote is one Turnkey's own validator accepts
        JsonNode messages = cancelled.get("messages");
        assertThat(messages.findValuesAsText("messageType")).containsExactly("A0101", "B0101", "B0201", "A0201");
        for (JsonNode m : messages) {
            Path file = landed(m.get("fileName").asText());
            assertThat(file.toString()).contains("B2BEXCHANGE/" + m.get("messageType").asText() + "/");
            TurnkeyValidator.Verdict verdict = TurnkeyValidator.validate(m.get("messageType").asText(), file);
            assertThat(verdict.ok()).as(m.get("messageType").asText() + ": " + verdict).isTrue();
        }
        for (String answer : List.of("B0102", "B0202", "A0202")) {
            String reference = answer.equals("A0202") ? number : allowanceNumber;
            Path file = filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/" + answer)).stream()
                    .filter(f -> f.getFileName().toString().contains(reference)).findFirst()
                    .orElseThrow(() -> new AssertionError(answer + " for " + reference + " was not written"));
            TurnkeyValidator.Verdict verdict = TurnkeyValidator.validate(answer, file);
            assertThat(verdict.ok()).as(answer + ": " + verdict).isTrue();
        }
    }

    private ExchangeAdjustment answered(ExchangeInvoice.Direction direction, String number, String type, String reference) {
        await().atMost(WAIT).until(() -> adjustment(direction, number, type, reference)
                .filter(a -> "CONFIRMED".equals(a.status())).isPresent());
        return adjustment(direction, number, type, reference).orElseThrow();
    }

    private Optional<ExchangeAdjustment> adjustment(ExchangeInvoice.Direction direction, String number, String type,
                                                    String reference) {
        return exchange.adjustments(direction, "04595257", number).stream()
                .filter(a -> a.messageType().equals(type) && a.reference().equals(reference)).findFirst();
    }

    @Test
    void anInvoiceTheHubNumbersForABuyerNotInThePartnersStillGoesToStorageAsF0401() {
        String ref = "storage-issued-" + UUID.randomUUID();

        HubClient.Response posted = api.post("/api/v1/invoices", business(ref, "24549210"));

        assertThat(posted.status()).as(posted.text()).isEqualTo(201);
        JsonNode view = InvoiceAwait.bySource(api, "hook", ref).reaches("CONFIRMED");
        String number = view.get("invoiceNumber").asText();
        assertThat(view.get("messages")).singleElement()
                .satisfies(m -> assertThat(m.get("messageType").asText()).isEqualTo("F0401"));
        assertThat(view.get("platform").get("confirmed").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM exchange_invoice WHERE invoice_number = ?").param(number)
                .query(Long.class).single()).isZero();
    }

    /** 12345675 is a partner whose Turnkey is elsewhere: nothing answers but what the test drops into DownCast. */
    @Test
    void anIssuedInvoiceItsPartnerLeavesUnansweredRaisesOneAlertAndItsLaterRejectionReachesTheSourceWithTheReason()
            throws IOException {
        String ref = "exchange-rejected-" + UUID.randomUUID();
        api.post("/api/v1/invoices", business(ref, "12345675"));
        JsonNode sent = InvoiceAwait.bySource(api, "hook", ref).reaches("SENT");
        String number = sent.get("invoiceNumber").asText();
        ExchangeInvoice sale = find(ExchangeInvoice.Direction.SALE, number).orElseThrow();
        assertThat(sale.status()).isEqualTo("PENDING");

        OffsetDateTime afterDeadline = OffsetDateTime.now().plus(settings.answerDeadline()).plusMinutes(1);
        exchange.alertOverdue(afterDeadline);
        exchange.alertOverdue(afterDeadline.plusDays(1));
        assertThat(jdbc.sql("SELECT message FROM finance_alert WHERE kind = 'EXCHANGE_OVERDUE' AND invoice_number = ?")
                .param(number).query(String.class).list()).singleElement().asString().contains("12345675");

        LocalDate today = LocalDate.now(MigWriter.TAIWAN);
        String rejection = new MigWriter(MigWriter.Options.defaults()).exchangeAnswer(new ExchangeAnswerData(
                MigMessage.A0301, number, sale.invoiceDate(), "12345675", sale.sellerId(), today,
                LocalTime.now(MigWriter.TAIWAN).withNano(0), "品項不符", null));
        Path src = settings.downcastDir().resolve("B2BEXCHANGE/A0301/SRC");
        Files.createDirectories(src);
        Path part = src.resolveSibling("A0301-" + number + ".xml.part");
        Files.writeString(part, rejection, StandardCharsets.UTF_8);
        Files.move(part, src.resolve("A0301-" + number + ".xml"));

        JsonNode rejected = InvoiceAwait.bySource(api, "hook", ref).reaches("REJECTED");
        assertThat(rejected.get("platformError").get("code").asText()).isEqualTo("A0301");
        assertThat(rejected.get("platformError").get("message").asText()).isEqualTo("品項不符");
        assertThat(find(ExchangeInvoice.Direction.SALE, number).orElseThrow().reason()).isEqualTo("品項不符");
        await().atMost(WAIT).until(() -> keys(number).contains(number + ":REJECTED"));
        assertThat(HOOK.accepted().stream().filter(r -> (number + ":REJECTED").equals(r.idempotencyKey())))
                .singleElement().satisfies(r -> assertThat(r.body()).contains("\"errorCode\":\"A0301\"", "品項不符"));
        // the seller acknowledged the rejection
        await().atMost(WAIT).until(() -> filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0302")).stream()
                .filter(f -> f.getFileName().toString().contains(number)).count() == 1);
    }

    private static ObjectNode business(String ref, String buyer) {
        ObjectNode doc = Invoices.valid(ref);
        doc.put("connector", "hook");
        doc.remove("carrier");
        doc.putObject("buyer").put("id", buyer).put("name", "往來廠商股份有限公司");
        doc.put("pricesIncludeTax", false);
        doc.put("print", true);
        var items = doc.putArray("items");
        items.addObject().put("description", "伺服器維護").put("quantity", 1).put("unit", "式").put("unitPrice", 1000)
                .put("amount", 1000);
        doc.put("salesAmount", 1000);
        doc.put("taxAmount", 50);
        doc.put("totalAmount", 1050);
        return doc;
    }

    private Optional<ExchangeInvoice> find(ExchangeInvoice.Direction direction, String number) {
        return exchange.list(direction, null, null, 1000).stream()
                .filter(i -> i.sellerId().equals("04595257") && i.invoiceNumber().equals(number)).findFirst();
    }

    private static List<String> keys(String number) {
        return HOOK.accepted().stream().map(WebhookReceiver.Request::idempotencyKey)
                .filter(k -> k != null && k.startsWith(number + ":")).toList();
    }

    /** The message's file wherever Turnkey (here the simulator) left it: SRC, BAK or ERR of its folder. */
    private Path landed(String fileName) {
        Path root = Path.of(upcast.startsWith("file:") ? upcast.substring(5) : upcast);
        return filesUnder(root).stream().filter(p -> p.getFileName().toString().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError(fileName + " is not in UpCast " + root));
    }

    private static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
