package tw.einvoice.hub.print;

import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.reference.Reference;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrPayloadTest {

    static final String PUBLIC_KEY = "F1A618ED8685B1A3B81E6CB6884617F4";

    @Test
    void publicTestKeyGivesTheMofCheckValue() {
        assertThat(QrPayload.verification(PUBLIC_KEY, "PL49821416", "5871")).isEqualTo("E95eNqkzodO49TnX0I8vcg==");
    }

    @Test
    void verificationEqualsTheMofLibraryForThePublicKeyAndFiftyGeneratedKeysAndInvoices() throws Exception {
        Path encrypt = Reference.folder("mof-qrcode").resolve("encrypt.sh");
        SecureRandom random = new SecureRandom();
        assertThat(mof(encrypt, PUBLIC_KEY, List.of("PL498214165871"))).containsExactly("E95eNqkzodO49TnX0I8vcg==");
        // One key per call of the MOF's tool; the fifty plaintexts of each key go in one batch call.
        for (int k = 0; k < 3; k++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            String keyHex = HexFormat.of().withUpperCase().formatHex(key);
            List<String> plain = new ArrayList<>();
            List<String> ours = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String number = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + String.format("%08d", random.nextInt(100_000_000));
                String code = String.format("%04d", random.nextInt(10_000));
                plain.add(number + code);
                ours.add(QrPayload.verification(keyHex, number, code));
            }
            assertThat(ours).as("key %s", keyHex).containsExactlyElementsOf(mof(encrypt, keyHex, plain));
        }
    }

    @Test
    void specExampleBarcodeIsReproduced() {
        CanonicalInvoice invoice = ProofCodes.invoice("UZ17690872", "0122", null, 1);
        invoice.setIssuedAt(OffsetDateTime.parse("2015-03-09T10:00:00+08:00"));
        assertThat(QrPayload.of(invoice, PUBLIC_KEY).barcode()).isEqualTo("10404UZ176908720122").hasSize(19);
    }

    /**
     * The MOF QR spec's example invoice: AB11223344 of 2013-05-23, random code 9999, untaxed 325 (0x145), total 340
     * (0x154), consumer buyer, seller 01234567, three items; the example's key is not public, so its 24 verification
     * characters are checked against the MOF's library separately.
     */
    @Test
    void specExampleLeftAndRightQrAreReproduced() {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId("01234567");
        invoice.setInvoiceNumber("AB11223344");
        invoice.setRandomCode("9999");
        invoice.setIssuedAt(OffsetDateTime.parse("2013-05-23T12:00:00+08:00"));
        invoice.setItems(List.of(item("乾電池", 1, 105), item("口罩", 1, 210), item("牛奶", 1, 25)));
        invoice.setTotalAmount(new BigDecimal("340"));
        invoice.setTaxAmount(new BigDecimal("15"));

        QrPayload qr = QrPayload.of(invoice, PUBLIC_KEY);

        String aes = QrPayload.verification(PUBLIC_KEY, "AB11223344", "9999");
        assertThat(qr.left()).isEqualTo("AB11223344102052399990000014500000154" + "00000000" + "01234567" + aes
                + ":**********:3:3:1:乾電池:1:105:口罩:1:210:牛奶:1:25");
        assertThat(qr.left().substring(0, 77)).hasSize(77);
        assertThat(qr.right()).isEqualTo("**");
        assertThat(qr.barcode()).isEqualTo("10206AB112233449999");
    }

    @Test
    void itemsThatDoNotFitGoToTheRightCodeThenAreLeftOutInOrder() {
        CanonicalInvoice invoice = ProofCodes.invoice("AB12345678", "1234", "24549210", 40);

        QrPayload qr = QrPayload.of(invoice, PUBLIC_KEY);

        assertThat(qr.left().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(QrPayload.MAX_BYTES_PER_CODE);
        assertThat(qr.right().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(QrPayload.MAX_BYTES_PER_CODE);
        assertThat(qr.itemsTotal()).isEqualTo(40);
        assertThat(qr.itemsInQr()).isBetween(8, 39);
        String[] fields = qr.left().split(":");
        assertThat(fields[2]).isEqualTo(String.valueOf(qr.itemsInQr()));
        assertThat(fields[3]).isEqualTo("40");
        List<String[]> items = QrPayload.items(qr.left(), qr.right());
        assertThat(items).hasSize(qr.itemsInQr());
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i)).as("item %d in order, its colon made full-width", i).containsExactly("品項：" + i, "1", String.valueOf(100 + i));
        }
        assertThat(qr.right()).startsWith("**品項：");
        assertThat(qr.left().substring(37, 45)).as("buyer BAN").isEqualTo("24549210");
    }

    @Test
    void amountsAreUntaxedAndTotalInLowercaseHex() {
        CanonicalInvoice invoice = ProofCodes.invoice("AB12345678", "1234", null, 1); // total 100, tax 5
        invoice.setTotalAmount(new BigDecimal("3000"));
        invoice.setTaxAmount(new BigDecimal("143"));
        String left = QrPayload.of(invoice, PUBLIC_KEY).left();
        assertThat(left.substring(0, 21)).isEqualTo("AB12345678" + "1140314" + "1234");
        assertThat(left.substring(21, 29)).isEqualTo("00000b29"); // 2857
        assertThat(left.substring(29, 37)).isEqualTo("00000bb8"); // 3000
        assertThat(left.substring(37, 45)).isEqualTo("00000000");
        assertThat(left.substring(45, 53)).isEqualTo("04595257");
    }

    @Test
    void missingFieldsAndBadKeysAreNamed() {
        CanonicalInvoice noRandom = ProofCodes.invoice("AB12345678", null, null, 1);
        assertThatThrownBy(() -> QrPayload.of(noRandom, PUBLIC_KEY)).hasMessage("randomCode: required for a QR code");
        CanonicalInvoice noDate = ProofCodes.invoice("AB12345678", "1234", null, 1);
        noDate.setIssuedAt(null);
        assertThatThrownBy(() -> QrPayload.of(noDate, PUBLIC_KEY)).hasMessage("issuedAt: required for a QR code");
        assertThatThrownBy(() -> QrPayload.of(ProofCodes.invoice("AB12345678", "1234", null, 1), "XYZ"))
                .hasMessageStartingWith("key: the QR key must be 32 hexadecimal digits");
    }

    @Test
    void periodIsTheEvenMonthInRocYears() {
        assertThat(QrPayload.period(LocalDate.of(2025, 1, 31))).isEqualTo("11402");
        assertThat(QrPayload.period(LocalDate.of(2025, 12, 1))).isEqualTo("11412");
        assertThat(QrPayload.period(LocalDate.of(2015, 3, 9))).isEqualTo("10404");
    }

    private static CanonicalInvoice.Item item(String name, int qty, int price) {
        return new CanonicalInvoice.Item(name, BigDecimal.valueOf(qty), null, BigDecimal.valueOf(price), BigDecimal.valueOf(qty * price), "1", null);
    }

    private static List<String> mof(Path encrypt, String keyHex, List<String> plaintexts) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", encrypt.toString(), keyHex));
        command.addAll(plaintexts);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("encrypt.sh exit").isZero();
        return out.lines().toList();
    }
}
