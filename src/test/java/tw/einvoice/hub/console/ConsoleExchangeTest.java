package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.exchange.Exchange;
import tw.einvoice.hub.exchange.ExchangeInvoice;
import tw.einvoice.hub.exchange.ExchangeProperties;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.MigWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsoleExchangeTest extends HubIntegrationTest {

    @Autowired
    Exchange exchange;
    @Autowired
    ExchangeProperties settings;

    @Test
    void aPendingPurchaseIsListedInTheInboxAndRejectedThereWithItsReason() throws IOException {
        String number = "XD" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        drop(number);
        await().atMost(Duration.ofSeconds(60)).until(() -> purchase(number).isPresent());
        ConsoleSession session = new ConsoleSession(port);
        session.logIn("admin", ADMIN_PASSWORD);

        ConsoleSession.Page inbox = session.get("/exchange?status=PENDING");

        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("id=\"in-" + number + "\"", "needs a person");
        UUID id = purchase(number).orElseThrow().id();

        ConsoleSession.Page rejected = session.post("/exchange/" + id + "/reject", Map.of("reason", "數量不符"),
                "/exchange");

        assertThat(rejected.status()).isEqualTo(302);
        ExchangeInvoice after = purchase(number).orElseThrow();
        assertThat(after.status()).isEqualTo("REJECTED");
        assertThat(after.reason()).isEqualTo("數量不符");
        assertThat(after.answeredBy()).isEqualTo("user:admin");
        assertThat(session.get("/exchange?status=REJECTED").body()).contains("id=\"in-" + number + "\"", "數量不符");
        assertThat(session.get("/exchange").body()).doesNotContain("action=\"/exchange/" + id + "/confirm\"");
    }

    private Optional<ExchangeInvoice> purchase(String number) {
        return exchange.list(ExchangeInvoice.Direction.PURCHASE, null, null, 1000).stream()
                .filter(i -> i.invoiceNumber().equals(number)).findFirst();
    }

    /** An A0101 from a business outside the hub whose total is not sales + tax: it waits for a person. */
    private void drop(String number) throws IOException {
        CanonicalInvoice doc = InvoiceJson.read("""
                {"sellerId": "98765432", "invoiceNumber": "%s", "issuedAt": "%s",
                 "buyer": {"id": "12345676", "name": "別家公司"}, "taxType": "1", "taxRate": 0.05, "pricesIncludeTax": false,
                 "items": [{"description": "紙箱", "quantity": 10, "unitPrice": 10, "amount": 100}],
                 "salesAmount": 100, "taxAmount": 5, "totalAmount": 150}"""
                .formatted(number, OffsetDateTime.now().minusMinutes(1).withNano(0)));
        doc.setSeller(new CanonicalInvoice.Party("98765432", "外部供應商", null, null, "臺中市西屯區測試路3號"));
        String xml = new MigWriter(MigWriter.Options.defaults()).exchangeInvoice(doc);
        Path src = settings.downcastDir().resolve("B2BEXCHANGE/A0101/SRC");
        Files.createDirectories(src);
        Path part = src.resolveSibling(number + ".part");
        Files.writeString(part, xml, StandardCharsets.UTF_8);
        Files.move(part, src.resolve(number + ".xml"));
    }
}
