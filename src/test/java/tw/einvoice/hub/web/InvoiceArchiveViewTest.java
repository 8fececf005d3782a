package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The invoice API shows each message's archive seal, re-checked against the stored bytes on every read. */
class InvoiceArchiveViewTest extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Value("${hub.data-dir}")
    Path dataDir;

    @Test
    void aConfirmedInvoicesBareMessageInTheBackupIsTheStoredOneAndItsSignedSealVerifies() throws IOException {
        String sourceRef = "archive-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

        JsonNode view = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");

        String number = view.get("invoiceNumber").asText();
        JsonNode message = view.get("messages").get(0);
        assertThat(message.get("messageType").asText()).isEqualTo("F0401");
        byte[] stored = jdbc.sql("SELECT xml FROM invoice_message WHERE id = ?::uuid").param(message.get("id").asText())
                .query(String.class).single().getBytes(StandardCharsets.UTF_8);
        byte[] inBackup = Files.readAllBytes(backupOf(number));
        assertThat(new String(inBackup, StandardCharsets.UTF_8)).contains("<InvoiceNumber>" + number + "</InvoiceNumber>")
                .doesNotContain("Signature");
        assertThat(inBackup).as("what Turnkey got is what the archive holds").isEqualTo(stored);

        JsonNode archive = message.get("archive");
        assertThat(archive.get("intact").asBoolean()).as(archive.toString()).isTrue();
        assertThat(archive.get("signed").asBoolean()).isTrue();
        assertThat(archive.get("signer").asText()).isEqualTo("CN=範例商行 test,O=" + DEMO_SELLER);
        assertThat(archive.get("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(archive.get("certificate").asText()).matches("[0-9a-f]{64}");
        assertThat(archive.get("problem").isNull()).isTrue();
    }

    @Test
    void afterOneByteOfTheStoredMessageIsAlteredTheViewSaysItIsNoLongerIntactAndWhy() {
        String sourceRef = "archive-altered-" + UUID.randomUUID();
        api.post("/api/v1/invoices", Invoices.valid(sourceRef));
        JsonNode confirmed = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");
        String messageId = confirmed.get("messages").get(0).get("id").asText();
        String sha256 = confirmed.get("messages").get(0).get("archive").get("sha256").asText();

        String number = confirmed.get("invoiceNumber").asText();
        String oneDigitOff = number.substring(0, 9) + (char) ('0' + (number.charAt(9) - '0' + 1) % 10);

        int changed = jdbc.sql("UPDATE invoice_message SET xml = replace(xml, ?, ?) WHERE id = ?::uuid")
                .params("<InvoiceNumber>" + number + "<", "<InvoiceNumber>" + oneDigitOff + "<", messageId).update();

        assertThat(changed).isEqualTo(1);
        for (JsonNode view : List.of(api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body(),
                api.get("/api/v1/invoices/" + number).body())) {
            JsonNode archive = view.get("messages").get(0).get("archive");
            assertThat(archive.get("intact").asBoolean()).isFalse();
            assertThat(archive.get("problem").asText()).isEqualTo("the message's bytes no longer match the sealed SHA-256");
            assertThat(archive.get("signed").asBoolean()).isTrue();
            assertThat(archive.get("sha256").asText()).as("the seal as made").isEqualTo(sha256);
        }
    }

    private Path backupOf(String number) throws IOException {
        Path bak = dataDir.resolve("turnkey/UpCast/B2SSTORAGE/F0401/BAK");
        try (Stream<Path> files = Files.walk(bak)) {
            return files.filter(p -> p.getFileName().toString().contains(number)).findFirst().orElseThrow();
        }
    }
}
