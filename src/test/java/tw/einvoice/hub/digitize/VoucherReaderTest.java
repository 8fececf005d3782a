package tw.einvoice.hub.digitize;

import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.QrPayload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VoucherReaderTest {

    private static final LocalDate LATEST = LocalDate.of(2026, 11, 30);
    private final VoucherReader reader = new VoucherReader(null);

    @Test
    void proofsDrawnByOurPrintCapabilityAreReadBackExactlyFromTheirQrCodesEvenWhenSpoilt() throws Exception {
        for (var spoiling : VoucherCorpus.Spoiling.values()) {
            VoucherCorpus corpus = new VoucherCorpus(7, spoiling, LATEST);
            for (int i = 0; i < 6; i++) {
                VoucherCorpus.Sample sample = corpus.sample(i, VoucherKind.E_INVOICE);
                VoucherReading reading = reader.read(sample.file());
                assertThat(reading.source()).as(sample.name() + " " + sample.spoiling()).isEqualTo("qr");
                assertThat(reading.kind()).isEqualTo(VoucherKind.E_INVOICE);
                assertThat(reading.fields()).as(sample.name() + " " + sample.spoiling()).isEqualTo(sample.truth());
                assertThat(reading.flags()).as(sample.name()).isEmpty();
                assertThat(reading.overallConfidence()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void aProofPdfFromThePrintCapabilityIsReadWithItsRandomCodeBarcodeAndItemsInTheText() throws Exception {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId("04595257");
        invoice.setSeller(new CanonicalInvoice.Party("04595257", "範例商行", null, null, null));
        invoice.setInvoiceNumber("AB12345678");
        invoice.setRandomCode("0427");
        invoice.setIssuedAt(OffsetDateTime.parse("2026-11-03T10:15:00+08:00"));
        invoice.setBuyer(new CanonicalInvoice.Party("12345675", null, null, null, null));
        invoice.setItems(List.of(new CanonicalInvoice.Item("咖啡豆", BigDecimal.ONE, "包", new BigDecimal("1050"),
                new BigDecimal("1050"), "1", null)));
        invoice.setTotalAmount(new BigDecimal("1050"));
        invoice.setTaxAmount(new BigDecimal("50"));
        ProofRenderer renderer = new ProofRenderer(PrintProperties.defaults());
        QrPayload payload = QrPayload.of(invoice, "F1A618ED8685B1A3B81E6CB6884617F4");
        byte[] pdf = renderer.pdf(List.of(new ProofRenderer.Proof(invoice, payload, 0, false)), ProofRenderer.Paper.ROLL);

        VoucherReading reading = reader.read(pdf);

        assertThat(reading.fields()).isEqualTo(new VoucherFields("AB12345678", LocalDate.of(2026, 11, 3), "04595257",
                "12345675", 1000L, 50L, 1050L));
        assertThat(reading.text()).contains(payload.barcode()).contains("11512AB123456780427").contains("咖啡豆 1 1050");
        assertThat(reading.flags()).isEmpty();
    }

    @Test
    void aBarcodeThatDisagreesWithTheQrCodeFlagsTheNumber() {
        var corpus = new VoucherCorpus(3, VoucherCorpus.Spoiling.CLEAN, LATEST);
        var codes = QrReading.find(ImageIo.read(corpus.sample(0, VoucherKind.E_INVOICE).file())).orElseThrow();

        VoucherReading reading = QrReading.read(new QrReading.Codes(codes.left(), codes.right(), "11510ZZ000000010000"));

        assertThat(reading.flags()).containsOnlyKeys(VoucherFields.INVOICE_NUMBER);
        assertThat(reading.flags().get(VoucherFields.INVOICE_NUMBER)).contains("barcode 11510ZZ000000010000 disagrees");
    }

    @Test
    void ocrOfGeneratedThreePartInvoicesFindsEveryField() throws Exception {
        VoucherCorpus corpus = new VoucherCorpus(11, VoucherCorpus.Spoiling.CLEAN, LATEST);
        for (int i = 0; i < 3; i++) {
            VoucherCorpus.Sample sample = corpus.sample(i, VoucherKind.THREE_PART);
            VoucherReading reading = reader.read(sample.file());
            assertThat(reading.source()).isEqualTo("ocr");
            assertThat(reading.kind()).isEqualTo(VoucherKind.THREE_PART);
            assertThat(reading.fields()).as(sample.name() + "\n" + reading.text()).isEqualTo(sample.truth());
            // every check passes; a CJK line Tesseract is less sure of may still send a field to review
            assertThat(reading.flags().values()).as(reading.text()).allMatch(reason -> reason.startsWith("read with confidence"));
        }
    }

    @Test
    void ocrOfAGeneratedCashRegisterReceiptFindsEveryField() throws Exception {
        VoucherCorpus.Sample sample = new VoucherCorpus(5, VoucherCorpus.Spoiling.CLEAN, LATEST).sample(0, VoucherKind.RECEIPT);
        VoucherReading reading = reader.read(sample.file());
        assertThat(reading.kind()).isEqualTo(VoucherKind.RECEIPT);
        assertThat(reading.fields()).as(reading.text()).isEqualTo(sample.truth());
    }

    @Test
    void aSellerBanWithAWrongChecksumIsFlaggedNotAccepted() {
        VoucherReading reading = OcrReading.parse(lines(
                "三聯式統一發票 AB-12345678", "中華民國 115 年 11 月 03 日", "買方統一編號:04595257",
                "銷售額合計:12,340", "賣方統一編號:04595253", "營業稅:617", "總計:12,957"));

        assertThat(reading.fields().sellerId()).isEqualTo("04595253");
        assertThat(reading.flags()).containsOnlyKeys(VoucherFields.SELLER_ID);
        assertThat(reading.flags().get(VoucherFields.SELLER_ID)).isEqualTo("04595253 fails the BAN checksum (a digit is misread)");
    }

    @Test
    void aMisreadSalesDigitBreaksTheArithmeticAndFlagsTheThreeAmounts() {
        VoucherReading reading = OcrReading.parse(lines(
                "三聯式統一發票 AB-12345678", "中華民國 115 年 11 月 03 日", "買方統一編號:04595257",
                "銷售額合計:12,840", "賣方統一編號:12345675", "營業稅:617", "總計:12,957"));

        assertThat(reading.flags()).containsOnlyKeys(VoucherFields.SALES_AMOUNT, VoucherFields.TAX_AMOUNT, VoucherFields.TOTAL_AMOUNT);
        assertThat(reading.flags().get(VoucherFields.TOTAL_AMOUNT)).isEqualTo("sales 12840 + tax 617 = 13457, not the total 12957");
    }

    @Test
    void aMisreadTaxThatStillAddsUpIsCaughtByTheFivePercentRule() {
        // 12,340 + 671 = 13,011 adds up, but 671 is not 5 % of 12,340 (617): the 1 and 7 swapped places
        VoucherReading reading = OcrReading.parse(lines(
                "三聯式統一發票 AB-12345678", "中華民國 115 年 11 月 03 日", "買方統一編號:04595257",
                "銷售額合計:12,340", "賣方統一編號:12345675", "營業稅:671", "總計:13,011"));

        assertThat(reading.flags()).containsOnlyKeys(VoucherFields.SALES_AMOUNT, VoucherFields.TAX_AMOUNT, VoucherFields.TOTAL_AMOUNT);
        assertThat(reading.flags().get(VoucherFields.TAX_AMOUNT)).isEqualTo("tax 671 is not 5 % of sales 12340 (617)");
    }

    @Test
    void amountsWhoseLabelsWereGarbledAreFoundByTheArithmeticOnly() {
        VoucherReading reading = OcrReading.parse(lines(
                "收銀機統一發票", "JA-77078244", "2026-09-01 17:58", "賣方統編 05435779", "TAB 142,556", "WH 7,128", "總計 149,684"));

        assertThat(reading.fields().salesAmount()).isEqualTo(142_556L);
        assertThat(reading.fields().taxAmount()).isEqualTo(7_128L);
        assertThat(reading.fields().totalAmount()).isEqualTo(149_684L);
        assertThat(reading.confidence().get(VoucherFields.SALES_AMOUNT)).isGreaterThanOrEqualTo(0.9);
        assertThat(reading.flags()).isEmpty();
    }

    @Test
    void aGarbledRocDateAndTrackAreProposedButAlwaysFlaggedForReview() {
        VoucherReading reading = OcrReading.parse(lines(
                "三聯式統一發票 $S-64366273", "中華民國 115 #08 A168", "買方統一編號:04595257",
                "銷售額合計:12,340", "賣方統一編號:12345675", "營業稅:617", "總計:12,957"));

        assertThat(reading.fields().invoiceNumber()).isEqualTo("SS64366273");
        assertThat(reading.fields().date()).isEqualTo(LocalDate.of(2026, 8, 16));
        assertThat(reading.flags()).containsOnlyKeys(VoucherFields.INVOICE_NUMBER, VoucherFields.DATE);
        assertThat(reading.flags().get(VoucherFields.DATE)).isEqualTo("read with confidence 0.50 (below 0.80)");
    }

    @Test
    void filesAreJudgedByTheirBytes() {
        assertThat(VoucherImages.sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1})).contains(VoucherImages.Type.PNG);
        assertThat(VoucherImages.sniff("%PDF-1.7".getBytes())).contains(VoucherImages.Type.PDF);
        assertThat(VoucherImages.sniff(new byte[]{'I', 'I', 42, 0})).contains(VoucherImages.Type.TIFF);
        assertThat(VoucherImages.sniff("<html>".getBytes())).isEmpty();
    }

    private static List<OcrReading.Line> lines(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> new OcrReading.Line(t, 0.95)).toList();
    }

    private static final class ImageIo {
        static java.awt.image.BufferedImage read(byte[] bytes) {
            try {
                return VoucherImages.pages(bytes).get(0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
