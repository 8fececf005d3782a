package tw.einvoice.hub.digitize;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.QrPayload;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watched folder (HUB_VOUCHERS_INBOX) on the whole hub: a proof dropped in is read and moved to processed/, a file
 * that is no image is moved to failed/ with its reason beside it, and the same image dropped again is the same voucher.
 */
class VoucherInboxTest extends HubIntegrationTest {

    @TempDir
    static Path inbox;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/voucher-inbox");
        registry.add("hub.vouchers.inbox", () -> inbox.toString());
        registry.add("hub.vouchers.inbox-seller", () -> DEMO_SELLER);
        registry.add("hub.vouchers.poll-millis", () -> "300");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDroppedProofIsReadAndProcessedTheSameImageAgainIsOneVoucherAndANonImageFailsWithItsReasonBesideIt() throws Exception {
        LocalDate date = LocalDate.now().minusDays(2);
        byte[] proof = proofOfAPurchase("QB20261101", date, "0815");
        drop("proof.png", proof);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("processed/proof.png")));
        assertThat(inbox.resolve("proof.png")).doesNotExist();
        long id = jdbc.sql("SELECT id FROM voucher WHERE file_name = 'proof.png'").query(Long.class).single();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() ->
                "READ".equals(api.get("/api/v1/vouchers/" + id).body().path("status").asText()));
        JsonNode read = api.get("/api/v1/vouchers/" + id).body();
        assertThat(read.path("sellerId").asText()).isEqualTo(DEMO_SELLER);
        assertThat(read.at("/fields/invoiceNumber").asText()).isEqualTo("QB20261101");
        assertThat(read.at("/fields/totalAmount").asLong()).isEqualTo(2100);

        drop("notes.txt", "這不是發票的圖".getBytes(StandardCharsets.UTF_8));
        drop("proof-scanned-again.png", proof);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("failed/notes.txt"))
                && Files.exists(inbox.resolve("processed/proof-scanned-again.png")));
        assertThat(Files.readString(inbox.resolve("failed/notes.txt.reason.txt")))
                .startsWith("UNSUPPORTED_TYPE: notes.txt: not one of the accepted types");
        assertThat(inbox.resolve("notes.txt")).doesNotExist();
        assertThat(inbox.resolve("processed/notes.txt")).doesNotExist();
        assertThat(jdbc.sql("SELECT count(*) FROM voucher WHERE seller_id = ?").param(DEMO_SELLER).query(Integer.class).single())
                .as("the same image twice is one voucher, the text file none").isEqualTo(1);
        assertThat(api.get("/api/v1/vouchers?number=QB20261101").body().size()).isEqualTo(1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM voucher").query(Integer.class).single() == 1
                        && !Files.exists(inbox.resolve("failed/proof.png")) && !Files.exists(inbox.resolve("failed/proof-scanned-again.png")));
    }

    /** Written beside the inbox and moved in, as a scanner's software should, so no half file is ever read. */
    private static void drop(String name, byte[] bytes) throws IOException {
        Path partial = inbox.resolve("." + name + ".part");
        Files.write(partial, bytes);
        Files.move(partial, inbox.resolve(name));
    }

    /** A proof of an invoice another business issued to us: we are the buyer. */
    private static byte[] proofOfAPurchase(String number, LocalDate date, String random) {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId("12345675");
        invoice.setSeller(new CanonicalInvoice.Party("12345675", "大同文具有限公司", null, null, null));
        invoice.setInvoiceNumber(number);
        invoice.setRandomCode(random);
        invoice.setIssuedAt(OffsetDateTime.of(date, LocalTime.NOON, ZoneOffset.ofHours(8)));
        invoice.setBuyer(new CanonicalInvoice.Party(DEMO_SELLER, null, null, null, null));
        invoice.setItems(List.of(new CanonicalInvoice.Item("影印紙 A4", BigDecimal.TEN, "包", new BigDecimal("210"),
                new BigDecimal("2100"), "1", null)));
        invoice.setTotalAmount(new BigDecimal("2100"));
        invoice.setTaxAmount(new BigDecimal("100"));
        return new ProofRenderer(PrintProperties.defaults()).png(new ProofRenderer.Proof(invoice,
                QrPayload.of(invoice, "F1A618ED8685B1A3B81E6CB6884617F4"), 0, false));
    }
}
