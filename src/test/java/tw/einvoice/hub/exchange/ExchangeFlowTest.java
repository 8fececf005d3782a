package tw.einvoice.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.MigWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The B2B exchange through the simulator with the hub's two sellers as the two parties: 04595257 sells to 12345676,
 * whose Turnkey is this one, so what one sends the other receives from DownCast.
 */
class ExchangeFlowTest extends HubIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    Exchange exchange;
    @Autowired
    ExchangeProperties settings;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anInvoiceSentToAPartnerIsReceivedAutoConfirmedAndTheSellerSeesTheConfirmation() {
        String number = number();

        HubClient.Response sent = api.post("/api/v1/exchange/invoices", invoice(number, "12345676", 1000, 50, 1050));

        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        assertThat(sent.body().get("status").asText()).isEqualTo("PENDING");
        ExchangeInvoice purchase = await().atMost(WAIT).until(() -> purchase("04595257", number),
                p -> p.isPresent() && "CONFIRMED".equals(p.get().status())).orElseThrow();
        assertThat(purchase.buyerId()).isEqualTo("12345676");
        assertThat(purchase.totalAmount()).isEqualByComparingTo("1050");
        assertThat(purchase.answerType()).isEqualTo("A0102");
        assertThat(purchase.answeredBy()).isEqualTo(Exchange.ACTOR);
        String id = sent.body().get("id").asText();
        JsonNode seen = await().atMost(WAIT).until(() -> api.get("/api/v1/exchange/invoices/" + id).body(),
                b -> "CONFIRMED".equals(b.get("status").asText()));
        assertThat(seen.get("answerType").asText()).isEqualTo("A0102");
        assertThat(seen.get("answeredBy").asText()).isEqualTo("buyer 12345676");
        assertThat(api.get("/api/v1/exchange/invoices/" + id + "/xml", "application/xml").text())
                .contains("urn:GEINV:eInvoiceMessage:A0101:4.1", "<InvoiceNumber>" + number + "</InvoiceNumber>");
        assertThat(api.get("/api/v1/exchange/invoices/" + id + "/pdf", "application/pdf").status()).isEqualTo(200);
        byte[] pdf = exchange.pdf(purchase.id());
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(document.getPage(0).getMediaBox().getWidth()).isCloseTo(595f, org.assertj.core.data.Offset.offset(1f));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anInvoiceWhoseAmountsDoNotAddUpWaitsForAPersonWhoseRejectionAndReasonReachTheSeller() {
        String number = number();

        HubClient.Response sent = api.post("/api/v1/exchange/invoices", invoice(number, "12345676", 1000, 50, 1100));

        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        ExchangeInvoice pending = await().atMost(WAIT).until(() -> purchase("04595257", number), Optional::isPresent)
                .orElseThrow();
        assertThat(pending.status()).isEqualTo("PENDING");
        assertThat(pending.reason()).contains("needs a person", "TotalAmount 1100");

        ExchangeInvoice rejected = exchange.reject(pending.id(), "金額不符", "test-buyer");

        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.answerType()).isEqualTo("A0301");
        String id = sent.body().get("id").asText();
        JsonNode seen = await().atMost(WAIT).until(() -> api.get("/api/v1/exchange/invoices/" + id).body(),
                b -> "REJECTED".equals(b.get("status").asText()));
        assertThat(seen.get("reason").asText()).isEqualTo("金額不符");
        assertThat(seen.get("answerType").asText()).isEqualTo("A0301");
        // the seller acknowledged the rejection, and Turnkey took the A0302
        await().atMost(WAIT).until(() -> filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0302/BAK"))
                .stream().anyMatch(f -> f.getFileName().toString().contains(number)));
    }

    @Test
    void malformedSchemaInvalidAndForeignMessagesAreRefusedWithTheirReasonAndNeverStored() throws IOException {
        String invalid = number();
        String foreign = number();
        drop("broken-" + invalid + ".xml", "<Invoice xmlns=\"urn:GEINV:eInvoiceMessage:A0101:4.1\"><Main>");
        drop("invalid-" + invalid + ".xml", a0101(invalid, "98765432", "12345676", 1000, 50, 1050)
                .replaceAll("<InvoiceTime>[^<]*</InvoiceTime>", ""));
        drop("foreign-" + foreign + ".xml", a0101(foreign, "98765432", "12345675", 1000, 50, 1050));

        List<ExchangeRefusal> refusals = await().atMost(WAIT).until(() -> exchange.refusals(1000).stream()
                .filter(r -> r.fileName().contains(invalid) || r.fileName().contains(foreign)).toList(), l -> l.size() == 3);

        assertThat(refusals).anySatisfy(r -> {
            assertThat(r.fileName()).isEqualTo("broken-" + invalid + ".xml");
            assertThat(r.reason()).contains("fails its schema", "XML");
        });
        assertThat(refusals).anySatisfy(r -> {
            assertThat(r.fileName()).isEqualTo("invalid-" + invalid + ".xml");
            assertThat(r.messageType()).isEqualTo("A0101");
            assertThat(r.reason()).contains("fails its schema", "InvoiceTime");
        });
        assertThat(refusals).anySatisfy(r -> {
            assertThat(r.fileName()).isEqualTo("foreign-" + foreign + ".xml");
            assertThat(r.reason()).contains("12345675 is not one of our BANs");
        });
        assertThat(purchase("98765432", invalid)).isEmpty();
        assertThat(purchase("98765432", foreign)).isEmpty();
        assertThat(filesUnder(settings.downcastDir().resolve("B2BEXCHANGE/A0101/ERR")).stream()
                .map(f -> f.getFileName().toString()))
                .contains("broken-" + invalid + ".xml", "invalid-" + invalid + ".xml", "foreign-" + foreign + ".xml");
    }

    @Test
    void theSameMessageDeliveredTwiceIsStoredOnceAndAnsweredOnce() throws IOException {
        String number = number();
        String xml = a0101(number, "98765432", "12345676", 200, 10, 210);

        drop("first-" + number + ".xml", xml);
        await().atMost(WAIT).until(() -> purchase("98765432", number).isPresent());
        drop("again-" + number + ".xml", xml);
        await().atMost(WAIT).until(() -> filesUnder(settings.downcastDir().resolve("B2BEXCHANGE/A0101/BAK")).stream()
                .anyMatch(f -> f.getFileName().toString().equals("again-" + number + ".xml")));

        assertThat(jdbc.sql("SELECT count(*) FROM exchange_invoice WHERE invoice_number = ?").param(number)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(purchase("98765432", number).orElseThrow().status()).isEqualTo("CONFIRMED");
        assertThat(filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0102")).stream()
                .filter(f -> f.getFileName().toString().contains(number))).hasSize(1);
    }

    /**
     * Also the buyer-side figure reported in docs/exchange.md: schema + Turnkey's rules + addressee and amount checks +
     * store + A0102 written, per message, measured from the first file dropped to the last answer written.
     */
    @Test
    void twoHundredMessagesDeliveredAtOnceAreEachStoredAndAnsweredOnce() throws IOException {
        int n = 200;
        String prefix = "XC" + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
        List<String> numbers = java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + String.format("%05d", i))
                .toList();
        List<String> files = numbers.stream().map(no -> a0101(no, "98765432", "12345676", 200, 10, 210)).toList();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            drop("bulk-" + numbers.get(i) + ".xml", files.get(i));
        }

        await().atMost(Duration.ofMinutes(3)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM exchange_invoice WHERE invoice_number LIKE ? AND answer_written""")
                .param(prefix + "%").query(Long.class).single() == n);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(jdbc.sql("SELECT count(*) FROM exchange_invoice WHERE invoice_number LIKE ? AND status = 'CONFIRMED'")
                .param(prefix + "%").query(Long.class).single()).isEqualTo(n);
        assertThat(filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0102")).stream()
                .filter(f -> f.getFileName().toString().contains(prefix))).hasSize(n);
        System.out.printf("exchange buyer side: %d messages in %.1f s = %.1f messages/s%n", n, seconds, n / seconds);
    }

    /** A stop between the answer's commit and its file: the next read of DownCast writes it, once. */
    @Test
    void anAnswerRecordedButNotYetInUpCastIsWrittenByTheNextRead() throws IOException {
        String number = number();
        drop("restart-" + number + ".xml", a0101(number, "98765432", "12345676", 400, 20, 420));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT answer_written FROM exchange_invoice WHERE invoice_number = ?")
                .param(number).query(Boolean.class).optional().orElse(false));
        Path answer = filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0102")).stream()
                .filter(f -> f.getFileName().toString().contains(number)).findFirst().orElseThrow();
        // as if the hub had stopped after the commit: no file, and the row says it was never written
        Files.delete(answer);
        jdbc.sql("UPDATE exchange_invoice SET answer_written = false WHERE invoice_number = ?").param(number).update();

        exchange.readDownCast();

        assertThat(filesUnder(settings.upcastDir().resolve("B2BEXCHANGE/A0102")).stream()
                .filter(f -> f.getFileName().toString().contains(number))).hasSize(1);
        assertThat(jdbc.sql("SELECT answer_written FROM exchange_invoice WHERE invoice_number = ?").param(number)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aSaleItsBuyerHasNotAnsweredByTheDeadlineRaisesOneFinanceAlert() {
        String number = number();
        HubClient.Response sent = api.post("/api/v1/exchange/invoices", invoice(number, "12345675", 300, 15, 315));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        OffsetDateTime afterDeadline = OffsetDateTime.now().plus(settings.answerDeadline()).plusMinutes(1);

        exchange.alertOverdue(OffsetDateTime.now());
        exchange.alertOverdue(afterDeadline);
        exchange.alertOverdue(afterDeadline.plusDays(1));

        List<String> alerts = jdbc.sql("SELECT message FROM finance_alert WHERE kind = 'EXCHANGE_OVERDUE' "
                + "AND invoice_number = ?").param(number).query(String.class).list();
        assertThat(alerts).singleElement().asString().contains("12345675");
        assertThat(api.get("/api/v1/exchange/invoices/" + sent.body().get("id").asText()).body().get("status").asText())
                .isEqualTo("PENDING");
    }

    @Test
    void anInvoiceToABuyerNotRegisteredForExchangeIsRefusedNamingTheSetting() {
        HubClient.Response sent = api.post("/api/v1/exchange/invoices", invoice(number(), "24549210", 100, 5, 105));

        assertThat(sent.status()).isEqualTo(422);
        assertThat(sent.text()).contains("24549210 is not registered for B2B exchange", "hub.exchange.partners");
    }

    private Optional<ExchangeInvoice> purchase(String sellerId, String number) {
        return exchange.list(ExchangeInvoice.Direction.PURCHASE, null, null, 1000).stream()
                .filter(i -> i.sellerId().equals(sellerId) && i.invoiceNumber().equals(number)).findFirst();
    }

    private void drop(String name, String xml) throws IOException {
        Path src = settings.downcastDir().resolve("B2BEXCHANGE/A0101/SRC");
        Files.createDirectories(src);
        Path part = src.resolveSibling(name + ".part");
        Files.writeString(part, xml, StandardCharsets.UTF_8);
        Files.move(part, src.resolve(name));
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

    private static String number() {
        return "XB" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static String invoice(String number, String buyerId, int sales, int tax, int total) {
        return """
                {"sellerId": "04595257", "invoiceNumber": "%s", "issuedAt": "%s",
                 "buyer": {"id": "%s", "name": "往來廠商股份有限公司"},
                 "taxType": "1", "taxRate": 0.05, "pricesIncludeTax": false,
                 "items": [{"description": "伺服器維護", "quantity": 1, "unit": "式", "unitPrice": %d, "amount": %d}],
                 "salesAmount": %d, "taxAmount": %d, "totalAmount": %d}"""
                .formatted(number, OffsetDateTime.now().minusMinutes(1).withNano(0), buyerId, sales, sales, sales, tax,
                        total);
    }

    /** An A0101 from a business outside the hub. */
    private static String a0101(String number, String sellerId, String buyerId, int sales, int tax, int total) {
        var doc = InvoiceJson.read(invoice(number, buyerId, sales, tax, total).replace("\"04595257\"", "\"" + sellerId + "\""));
        doc.setSeller(new tw.einvoice.hub.invoice.CanonicalInvoice.Party(sellerId, "外部供應商", null, null, "臺中市西屯區測試路3號"));
        return new MigWriter(MigWriter.Options.defaults()).exchangeInvoice(doc);
    }
}
