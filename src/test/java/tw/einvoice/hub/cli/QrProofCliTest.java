package tw.einvoice.hub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.print.ProofCodes;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class QrProofCliTest {

    static final String KEY = "F1A618ED8685B1A3B81E6CB6884617F4";
    static final String CARRIER_INVOICE = """
            {"sellerId": "04595257", "issuedAt": "2015-03-09T10:00:00+08:00", "invoiceNumber": "UZ17690872",
             "randomCode": "0122", "buyer": {"id": "0000000000"}, "carrier": {"type": "3J0002", "id": "/ABC+123"},
             "items": [{"description": "乾電池", "quantity": 1, "unitPrice": 105, "amount": 105},
                       {"description": "口:罩", "quantity": 2, "unitPrice": 10.5, "amount": 21}],
             "taxAmount": 6, "totalAmount": 126}
            """;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCli.run(args, new PrintWriter(out), new PrintWriter(err), Clock.fixed(Instant.EPOCH, ZoneId.of("Asia/Taipei")));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void qrPrintsExactlyBarcodeLeftAndRightForACarrierInvoice() throws Exception {
        Path file = Files.writeString(dir.resolve("inv.json"), CARRIER_INVOICE);

        Run run = run("qr", "--key", KEY, file.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "barcode: 10404UZ176908720122",
                "left: UZ176908721040309012200000078000000"+ "7e" + "00000000" + "04595257"
                        + tw.einvoice.hub.print.QrPayload.verification(KEY, "UZ17690872", "0122")
                        + ":**********:2:2:1:乾電池:1:105:口：罩:2:10.5",
                "right: **");
    }

    @Test
    void qrNamesTheMissingFieldAndUsageErrorsExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("inv.json"), CARRIER_INVOICE.replace("\"randomCode\": \"0122\",", ""));
        Run missing = run("qr", "--key", KEY, file.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("randomCode: required for a QR code");
        assertThat(run("qr", "--key", "abc", file.toString()).code()).isEqualTo(2);
        assertThat(run("qr", file.toString()).code()).isEqualTo(2);
        assertThat(run("qr", "--key", KEY, dir.resolve("none.json").toString()).err()).contains("qr: no such file:");
    }

    @Test
    void proofWritesADecodablePngAndRefusesACarrierInvoiceWithTheReason() throws Exception {
        Path printed = Files.writeString(dir.resolve("p.json"), CARRIER_INVOICE.replace("\"carrier\": {\"type\": \"3J0002\", \"id\": \"/ABC+123\"}", "\"print\": true"));
        Path png = dir.resolve("proof.png");

        Run ok = run("proof", printed.toString(), "--out", png.toString());

        assertThat(ok.code()).as(ok.err()).isZero();
        ProofCodes.Read read = ProofCodes.read(ImageIO.read(png.toFile()));
        assertThat(read.barcode()).isEqualTo("10404UZ176908720122");
        assertThat(read.left()).startsWith("UZ176908721040309").endsWith(":乾電池:1:105:口：罩:2:10.5");

        Path carrier = Files.writeString(dir.resolve("c.json"), CARRIER_INVOICE);
        Run refused = run("proof", carrier.toString(), "--out", dir.resolve("c.pdf").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("not printed by rule: the invoice is kept on a carrier (3J0002)");
        assertThat(run("proof", printed.toString(), "--out", dir.resolve("x.gif").toString()).code()).isEqualTo(2);
    }
}
