package tw.einvoice.hub.mig;

import tw.einvoice.hub.reference.Reference;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Sample documents for every message, shared by the writer, schema and reader tests. */
public final class MigSamples {

    static final MigWriter WRITER = new MigWriter(MigWriter.Options.defaults());

    private MigSamples() {
    }

    /** A consumer invoice with a mobile-barcode carrier, not printed: 105 incl. 5% tax. */
    public static CanonicalInvoice b2c() {
        CanonicalInvoice i = new CanonicalInvoice();
        i.setSellerId("04595257");
        i.setSeller(new Party("04595257", "範例商行", null, null, "臺北市中正區示範路1號"));
        i.setInvoiceType("07");
        i.setIssuedAt(OffsetDateTime.parse("2026-11-25T10:15:30+08:00"));
        i.setInvoiceNumber("ZZ00000001");
        i.setRandomCode("0427");
        i.setBuyer(new Party("0000000000", null, "ming@example.com", "0912345678", null));
        i.setCarrier(new CanonicalInvoice.Carrier("3J0002", "/ABC+123"));
        i.setPrint(false);
        i.setTaxType("1");
        i.setTaxRate(new BigDecimal("0.05"));
        i.setPricesIncludeTax(true);
        i.setItems(List.of(
                new CanonicalInvoice.Item("乾電池", new BigDecimal("2"), "個", new BigDecimal("30.00"),
                        new BigDecimal("60"), "1", null),
                new CanonicalInvoice.Item("延長線", new BigDecimal("1.500"), null, new BigDecimal("30"),
                        new BigDecimal("45"), "1", "")));
        i.setSalesAmount(new BigDecimal("100"));
        i.setTaxAmount(new BigDecimal("5"));
        i.setFreeTaxSalesAmount(BigDecimal.ZERO);
        i.setZeroTaxSalesAmount(BigDecimal.ZERO);
        i.setTotalAmount(new BigDecimal("105"));
        return i;
    }

    /** A business buyer, printed: 1000 + 50 tax. */
    static CanonicalInvoice b2b() {
        CanonicalInvoice i = b2c();
        i.setInvoiceNumber("ZZ00000002");
        i.setBuyer(new Party("12345675", "好買股份有限公司", null, null, null));
        i.setCarrier(null);
        i.setPrint(true);
        i.setPricesIncludeTax(false);
        i.setItems(List.of(new CanonicalInvoice.Item("伺服器維護", BigDecimal.ONE, "式", new BigDecimal("1000"),
                new BigDecimal("1000"), "1", null)));
        i.setSalesAmount(new BigDecimal("1000"));
        i.setTaxAmount(new BigDecimal("50"));
        i.setTotalAmount(new BigDecimal("1050"));
        return i;
    }

    static CancelInvoiceData cancel() {
        return new CancelInvoiceData("ZZ00000001", LocalDate.of(2026, 11, 25), null, "04595257",
                LocalDate.of(2026, 11, 26), LocalTime.of(9, 0, 5), "客戶退貨", null, "");
    }

    static VoidInvoiceData voidInvoice() {
        return new VoidInvoiceData("ZZ00000002", LocalDate.of(2026, 11, 25), "12345675", "04595257",
                LocalDate.of(2026, 11, 26), LocalTime.of(9, 30), "買方統編錯誤", null);
    }

    static AllowanceData allowance() {
        return new AllowanceData("AL2026112600001", LocalDate.of(2026, 11, 26),
                new Party("04595257", "範例商行", null, null, null),
                new Party("12345675", "好買股份有限公司", null, null, null),
                List.of(new AllowanceData.Item(LocalDate.of(2026, 11, 25), "ZZ00000002", 1, "伺服器維護",
                        BigDecimal.ONE, "式", new BigDecimal("200"), new BigDecimal("200"), new BigDecimal("10"),
                        "1")));
    }

    static CancelAllowanceData cancelAllowance() {
        return new CancelAllowanceData("AL2026112600001", null, LocalDate.of(2026, 11, 26), "12345675", "04595257",
                LocalDate.of(2026, 11, 27), LocalTime.of(14, 5, 0), "折讓金額錯誤", null);
    }

    static BranchTrackData branchTrack() {
        return new BranchTrackData("04595257", "12345675", "07", "11512", "ZZ", "00000000", "00000999",
                List.of(new BranchTrackData.Item("00000000", "00000099", 2),
                        new BranchTrackData.Item("00000100", "00000149", 1)));
    }

    static BranchTrackBlankData branchTrackBlank() {
        return new BranchTrackBlankData("04595257", "12345675", "07", "11512", "ZZ",
                List.of(new BranchTrackBlankData.Item("00000042", "00000049")));
    }

    /** A B2B exchange answer about {@link #b2b()}'s invoice, from 12345675 to 04595257. */
    static ExchangeAnswerData answer(MigMessage type) {
        return new ExchangeAnswerData(type, "ZZ00000002", LocalDate.of(2026, 11, 25), "12345675", "04595257",
                LocalDate.of(2026, 11, 26), LocalTime.of(10, 15, 30), type == MigMessage.A0301 ? "單價與報價不符" : null,
                null);
    }

    /** A B2B exchange answer about {@link #allowance()}, from 12345675 to 04595257. */
    static ExchangeAnswerData allowanceAnswer(MigMessage type) {
        return new ExchangeAnswerData(type, "AL2026112600001", LocalDate.of(2026, 11, 26), "12345675", "04595257",
                LocalDate.of(2026, 11, 27), LocalTime.of(11, 0), null, null);
    }

    /** Each message rendered from its sample. */
    static Map<MigMessage, String> rendered() {
        CancelInvoiceData exchangeCancel = new CancelInvoiceData("ZZ00000002", LocalDate.of(2026, 11, 25), "12345675",
                "04595257", LocalDate.of(2026, 11, 26), LocalTime.of(9, 0, 5), "客戶退貨", null, null);
        return Map.ofEntries(
                Map.entry(MigMessage.F0401, WRITER.invoice(b2c())),
                Map.entry(MigMessage.F0501, WRITER.cancel(cancel())),
                Map.entry(MigMessage.F0701, WRITER.voidInvoice(voidInvoice())),
                Map.entry(MigMessage.G0401, WRITER.allowance(allowance())),
                Map.entry(MigMessage.G0501, WRITER.cancelAllowance(cancelAllowance())),
                Map.entry(MigMessage.E0401, WRITER.branchTrack(branchTrack())),
                Map.entry(MigMessage.E0402, WRITER.branchTrackBlank(branchTrackBlank())),
                Map.entry(MigMessage.A0101, WRITER.exchangeInvoice(b2b())),
                Map.entry(MigMessage.A0102, WRITER.exchangeAnswer(answer(MigMessage.A0102))),
                Map.entry(MigMessage.A0201, WRITER.exchangeCancel(exchangeCancel)),
                Map.entry(MigMessage.A0202, WRITER.exchangeAnswer(answer(MigMessage.A0202))),
                Map.entry(MigMessage.A0301, WRITER.exchangeAnswer(answer(MigMessage.A0301))),
                Map.entry(MigMessage.A0302, WRITER.exchangeAnswer(answer(MigMessage.A0302))),
                Map.entry(MigMessage.B0101, WRITER.exchangeAllowance(allowance())),
                Map.entry(MigMessage.B0102, WRITER.exchangeAnswer(allowanceAnswer(MigMessage.B0102))),
                Map.entry(MigMessage.B0201, WRITER.exchangeCancelAllowance(cancelAllowance())),
                Map.entry(MigMessage.B0202, WRITER.exchangeAnswer(allowanceAnswer(MigMessage.B0202))));
    }

    /** The official schema folder (fails under CI=true when missing, see {@link Reference}). */
    static Path officialFolder() {
        return Reference.officialXsd();
    }

    static String replace(String xml, String from, String to) {
        if (!xml.contains(from)) {
            throw new AssertionError("sample lacks " + from);
        }
        return xml.replace(from, to);
    }

    static Function<String, String> swap(String first, String second) {
        return xml -> {
            int a = xml.indexOf(first);
            int b = xml.indexOf(second);
            if (a < 0 || b < a) {
                throw new AssertionError("expected " + first + " before " + second);
            }
            return xml.substring(0, a) + xml.substring(a + first.length(), b) + second + first
                    + xml.substring(b + second.length());
        };
    }
}
