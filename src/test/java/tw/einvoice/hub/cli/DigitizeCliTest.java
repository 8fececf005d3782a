package tw.einvoice.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.digitize.VoucherCorpus;
import tw.einvoice.hub.digitize.VoucherKind;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigitizeCliTest {

    @TempDir
    Path dir;

    @Test
    void printsOneJsonObjectPerImageWithTheFieldsAndSourceAndNamesAFileThatDoesNotOpen() throws Exception {
        VoucherCorpus corpus = new VoucherCorpus(41, VoucherCorpus.Spoiling.CLEAN, LocalDate.of(2026, 11, 30));
        VoucherCorpus.Sample proof = corpus.sample(0, VoucherKind.E_INVOICE);
        VoucherCorpus.Sample receipt = corpus.sample(1, VoucherKind.RECEIPT);
        Path proofFile = Files.write(dir.resolve("proof.png"), proof.file());
        Path receiptFile = Files.write(dir.resolve("receipt.png"), receipt.file());
        Path broken = Files.writeString(dir.resolve("notes.txt"), "not a voucher");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = HubCli.run(new String[]{"digitize", proofFile.toString(), broken.toString(), receiptFile.toString()},
                new PrintWriter(out), new PrintWriter(err), Clock.systemDefaultZone());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("digitize: " + broken + ": not a PNG, JPEG, TIFF or PDF file");
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("file", "invoiceNumber", "date", "sellerId", "buyerId",
                "salesAmount", "taxAmount", "totalAmount", "source", "confidence");
        assertThat(first.get("file").asText()).isEqualTo(proofFile.toString());
        assertThat(first.get("invoiceNumber").asText()).isEqualTo(proof.truth().invoiceNumber());
        assertThat(first.get("date").asText()).isEqualTo(proof.truth().date().toString());
        assertThat(first.get("sellerId").asText()).isEqualTo(proof.truth().sellerId());
        assertThat(first.get("totalAmount").asLong()).isEqualTo(proof.truth().totalAmount());
        assertThat(first.get("source").asText()).isEqualTo("qr");
        assertThat(first.get("confidence").asDouble()).isEqualTo(1.0);
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.get("source").asText()).isEqualTo("ocr");
        assertThat(second.get("invoiceNumber").asText()).isEqualTo(receipt.truth().invoiceNumber());
        assertThat(second.get("taxAmount").asLong()).isEqualTo(receipt.truth().taxAmount());
        if (receipt.truth().buyerId() == null) {
            assertThat(second.get("buyerId").isNull()).isTrue();
        }
    }
}
