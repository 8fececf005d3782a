package tw.einvoice.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.WebhookReceiver;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.MigWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Purchase invoices reach the ERP through the callback outbox of hub.exchange.callback-connector (here: hook). */
class PurchaseCallbackTest extends ConnectorsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Exchange exchange;
    @Autowired
    ExchangeProperties settings;

    @Test
    void anAutoConfirmedPurchaseIsPushedOnceAsConfirmedWithItsSellerNumberAndAmount() throws IOException {
        String number = number();
        drop(number, 1000, 50, 1050);

        List<JsonNode> pushed = await().atMost(Duration.ofSeconds(60)).until(() -> pushed(number), l -> !l.isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> pushed(number).size() == 1);

        JsonNode p = pushed.get(0);
        assertThat(p.get("kind").asText()).isEqualTo("PURCHASE");
        assertThat(p.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(p.get("sellerId").asText()).isEqualTo("98765432");
        assertThat(p.get("buyerId").asText()).isEqualTo("12345676");
        assertThat(p.get("totalAmount").asText()).isEqualTo("1050");
        assertThat(p.get("idempotencyKey").asText()).isEqualTo("P98765432" + number + ":CONFIRMED");
    }

    @Test
    void aPurchaseThatWaitsForAPersonIsPushedAsPendingThenAsRejectedWithTheReason() throws IOException {
        String number = number();
        drop(number, 1000, 50, 999);
        await().atMost(Duration.ofSeconds(60)).until(() -> pushed(number).size() == 1);
        ExchangeInvoice pending = exchange.list(ExchangeInvoice.Direction.PURCHASE, "PENDING", null, 1000).stream()
                .filter(i -> i.invoiceNumber().equals(number)).findFirst().orElseThrow();

        exchange.reject(pending.id(), "金額不符", "test");

        List<JsonNode> pushed = await().atMost(Duration.ofSeconds(60)).until(() -> pushed(number), l -> l.size() == 2);
        assertThat(pushed).extracting(p -> p.get("status").asText()).containsExactly("PENDING", "REJECTED");
        assertThat(pushed.get(1).get("reason").asText()).isEqualTo("金額不符");
    }

    private static List<JsonNode> pushed(String number) {
        return HOOK.accepted().stream().map(WebhookReceiver.Request::body).map(PurchaseCallbackTest::read)
                .filter(b -> number.equals(b.path("invoiceNumber").asText())).toList();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String number() {
        return "XE" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private void drop(String number, int sales, int tax, int total) throws IOException {
        CanonicalInvoice doc = InvoiceJson.read("""
                {"sellerId": "98765432", "invoiceNumber": "%s", "issuedAt": "%s",
                 "buyer": {"id": "12345676", "name": "別家公司"}, "taxType": "1", "taxRate": 0.05, "pricesIncludeTax": false,
                 "items": [{"description": "紙箱", "quantity": 1, "unitPrice": %d, "amount": %d}],
                 "salesAmount": %d, "taxAmount": %d, "totalAmount": %d}"""
                .formatted(number, OffsetDateTime.now().minusMinutes(1).withNano(0), sales, sales, sales, tax, total));
        doc.setSeller(new CanonicalInvoice.Party("98765432", "外部供應商", null, null, "臺中市西屯區測試路3號"));
        String xml = new MigWriter(MigWriter.Options.defaults()).exchangeInvoice(doc);
        Path src = settings.downcastDir().resolve("B2BEXCHANGE/A0101/SRC");
        Files.createDirectories(src);
        Path part = src.resolveSibling(number + ".part");
        Files.writeString(part, xml, StandardCharsets.UTF_8);
        Files.move(part, src.resolve(number + ".xml"));
    }
}
