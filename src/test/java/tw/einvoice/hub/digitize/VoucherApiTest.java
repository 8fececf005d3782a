package tw.einvoice.hub.digitize;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.mediafile.MediaEntry;
import tw.einvoice.hub.mediafile.MediaFile;
import tw.einvoice.hub.mediafile.MediaFileService;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.QrPayload;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VoucherApiTest extends HubIntegrationTest {

    @TempDir
    Path dir;

    @Autowired
    ApprovedVouchers approved;

    @Autowired
    MediaFileService mediaFiles;

    @Test
    void aProofIsReadFromItsQrCodesTheSameImageAgainIsTheSameVoucherAndBulkApprovalTakesIt() throws Exception {
        LocalDate date = LocalDate.now().minusDays(2);
        Path proof = write("proof.png", proofOfAPurchase("QA20261101", date, "0427"));

        HubClient.Response first = api.postFile("/api/v1/vouchers", proof, "proof.png", "image/png");
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        long id = first.body().at("/vouchers/0/id").asLong();
        assertThat(first.body().at("/vouchers/0/duplicate").asBoolean()).isFalse();

        JsonNode read = awaitStatus(id, "READ");
        assertThat(read.get("source").asText()).isEqualTo("qr");
        assertThat(read.get("kind").asText()).isEqualTo("E_INVOICE");
        assertThat(read.at("/fields/invoiceNumber").asText()).isEqualTo("QA20261101");
        assertThat(read.at("/fields/date").asText()).isEqualTo(date.toString());
        assertThat(read.at("/fields/sellerId").asText()).isEqualTo("12345675");
        assertThat(read.at("/fields/buyerId").asText()).isEqualTo(DEMO_SELLER);
        assertThat(read.at("/fields/salesAmount").asLong()).isEqualTo(2000);
        assertThat(read.at("/fields/taxAmount").asLong()).isEqualTo(100);
        assertThat(read.at("/fields/totalAmount").asLong()).isEqualTo(2100);
        assertThat(read.get("flags").size()).isZero();

        HubClient.Response again = api.postFile("/api/v1/vouchers", proof, "same-proof-scanned-again.png", "image/png");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().at("/vouchers/0/id").asLong()).isEqualTo(id);
        assertThat(again.body().at("/vouchers/0/duplicate").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/vouchers?number=QA20261101").body().size()).isEqualTo(1);

        HubClient.Response bulk = api.post("/api/v1/vouchers/approve-confident", "{}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().get("approved").toString()).contains(String.valueOf(id));
        assertThat(api.get("/api/v1/vouchers/" + id).body().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.forPeriod(DEMO_SELLER, firstMonth(date))).contains(new ApprovedVoucher(DEMO_SELLER,
                "QA20261101", date, "12345675", 2000, 100, "1", "25"));

        MediaFile declared = mediaFiles.build(DEMO_SELLER, TaxPeriod.of(date));
        assertThat(declared.entries()).filteredOn(e -> e.kind() == MediaEntry.Kind.PURCHASE && "20261101".equals(e.number()))
                .singleElement()
                .satisfies(e -> assertThat(List.of(e.formatCode(), e.track(), e.sellerBan(), e.buyerBan(), e.deductionCode()))
                        .containsExactly("25", "QA", "12345675", DEMO_SELLER, "1"))
                .satisfies(e -> assertThat(List.of(e.salesAmount(), e.taxAmount())).containsExactly(2000L, 100L));
    }

    @Test
    void aThreePartInvoiceForAnotherBuyerWaitsForReviewAndIsApprovedAfterACorrectionOnTheAuditTrail() throws Exception {
        VoucherCorpus.Sample sample = new VoucherCorpus(29, VoucherCorpus.Spoiling.CLEAN, LocalDate.now().minusDays(1))
                .sample(0, VoucherKind.THREE_PART);
        HubClient.Response upload = api.postFile("/api/v1/vouchers", write(sample.name(), sample.file()), sample.name(), "image/png");
        long id = upload.body().at("/vouchers/0/id").asLong();

        JsonNode review = awaitStatus(id, "NEEDS_REVIEW");
        assertThat(review.get("source").asText()).isEqualTo("ocr");
        assertThat(review.at("/fields/invoiceNumber").asText()).isEqualTo(sample.truth().invoiceNumber());
        assertThat(review.at("/fields/sellerId").asText()).isEqualTo(sample.truth().sellerId());
        assertThat(review.at("/fields/totalAmount").asLong()).isEqualTo(sample.truth().totalAmount());
        assertThat(review.at("/flags/buyerId").asText())
                .isEqualTo("the buyer " + sample.truth().buyerId() + " is not us (" + DEMO_SELLER + "): not our purchase");

        HubClient.Response early = api.post("/api/v1/vouchers/" + id + "/approve", "{}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("detail").asText()).contains("buyerId");

        // the form posts every field as the reviewer sees it; only the buyer differs from what was read
        Map<String, String> form = new LinkedHashMap<>(sample.truth().asText());
        form.put("buyerId", DEMO_SELLER);
        HubClient.Response approve = api.post("/api/v1/vouchers/" + id + "/approve", form);
        assertThat(approve.status()).as(approve.text()).isEqualTo(200);
        assertThat(approve.body().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approve.body().get("approvedBy").asText()).startsWith("api-key:");

        JsonNode trail = api.get("/api/v1/vouchers/" + id + "/corrections").body();
        assertThat(trail.size()).isEqualTo(1);
        assertThat(trail.get(0).get("field").asText()).isEqualTo("buyerId");
        assertThat(trail.get(0).get("oldValue").asText()).isEqualTo(sample.truth().buyerId());
        assertThat(trail.get(0).get("newValue").asText()).isEqualTo(DEMO_SELLER);
        assertThat(trail.get(0).get("correctedBy").asText()).startsWith("api-key:");

        assertThat(ids(api.get("/api/v1/vouchers?q=" + sample.truth().invoiceNumber().substring(0, 2) + "-" + sample.truth().invoiceNumber().substring(2))))
                .containsExactly(id);
        assertThat(ids(api.get("/api/v1/vouchers?amount=" + sample.truth().taxAmount() + "&ban=" + sample.truth().sellerId()))).containsExactly(id);
        assertThat(ids(api.get("/api/v1/vouchers?from=" + sample.truth().date() + "&until=" + sample.truth().date() + "&status=APPROVED")))
                .contains(id);
        assertThat(approved.forPeriod(DEMO_SELLER, firstMonth(sample.truth().date())))
                .contains(new ApprovedVoucher(DEMO_SELLER, sample.truth().invoiceNumber(), sample.truth().date(),
                        sample.truth().sellerId(), sample.truth().salesAmount(), sample.truth().taxAmount(), "1", "21"));
    }

    @Test
    void aFileOverTheSizeLimitIs413AndOneOfAnotherTypeIs415BothStoringNothing() throws Exception {
        int before = api.get("/api/v1/vouchers?limit=500").body().size();
        byte[] big = new byte[3 * 1024 * 1024]; // the test profile allows 2MB, Spring's multipart 8MB
        System.arraycopy(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, 0, big, 0, 4);
        HubClient.Response tooLarge = api.postFile("/api/v1/vouchers", write("big.png", big), "big.png", "image/png");
        assertThat(tooLarge.status()).as(tooLarge.text() + tooLarge.headers()).isEqualTo(413);
        assertThat(tooLarge.body().get("detail").asText()).contains("big.png").contains("hub.vouchers.max-file-size");

        HubClient.Response wrongType = api.postFile("/api/v1/vouchers", write("note.png", "<html>not an image</html>".getBytes()),
                "note.png", "image/png");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.body().get("detail").asText()).contains("note.png").contains("[png, jpeg, tiff, pdf]");

        assertThat(api.get("/api/v1/vouchers?limit=500").body().size()).isEqualTo(before);
    }

    private JsonNode awaitStatus(long id, String status) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    last.set(api.get("/api/v1/vouchers/" + id).body());
                    assertThat(last.get().get("status").asText()).as(last.get().toString()).isEqualTo(status);
                });
        return last.get();
    }

    private static List<Long> ids(HubClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().findValues("id").stream().map(JsonNode::asLong).toList();
    }

    private static YearMonth firstMonth(LocalDate date) {
        YearMonth m = YearMonth.from(date);
        return m.getMonthValue() % 2 == 0 ? m.minusMonths(1) : m;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
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
