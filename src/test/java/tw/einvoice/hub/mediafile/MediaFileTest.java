package tw.einvoice.hub.mediafile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.mediafile.MediaEntry.Kind;
import tw.einvoice.hub.mediafile.MediaFileLayout.Field;
import tw.einvoice.hub.mediafile.MediaFileLayout.PurchaseKind;
import tw.einvoice.hub.rules.TaxPeriod;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static tw.einvoice.hub.mediafile.Ledger.SELLER;

/**
 * The 401 media file made from a real PostgreSQL holding the hub's schema. Positions are the ones of domain.md §8,
 * written out here as numbers rather than read from the layout table, so a wrong table fails these tests.
 */
class MediaFileTest {

    static final TaxPeriod JUL_AUG = TaxPeriod.parse("11508");
    static final LocalDate AFTER_THE_PERIOD = LocalDate.of(2026, 9, 15);
    static final String BUYER = "12345676";
    static final String TAX_REGISTRATION_NO = "123456789";

    static Ledger ledger;

    @BeforeAll
    static void database() throws Exception {
        ledger = Ledger.start();
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
    }

    @BeforeEach
    void emptyLedger() {
        ledger.clear();
    }

    private static MediaFile build(List<Purchase> purchases) {
        return build(purchases, new MediaFiles.Settings(TAX_REGISTRATION_NO, true), AFTER_THE_PERIOD);
    }

    private static MediaFile build(List<Purchase> purchases, MediaFiles.Settings settings, LocalDate today) {
        return MediaFiles.build(ledger.jdbc, SELLER, JUL_AUG, settings, purchases, "test vouchers", today);
    }

    /** The records, checking that each is 81 bytes and followed by CRLF. */
    private static List<String> records(MediaFile file) {
        byte[] bytes = file.bytes();
        assertThat(bytes.length % 83).as("81 bytes + CRLF per record").isZero();
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).endsWith("\r\n");
        List<String> records = Arrays.asList(text.split("\r\n"));
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(81));
        assertThat(records).hasSize(bytes.length / 83);
        return records;
    }

    /** Bytes {@code from} to {@code to}, 1-based and inclusive as in domain.md. */
    private static String at(String record, int from, int to) {
        return record.substring(from - 1, to);
    }

    /** The ranges the seller's sales fall in: AB 0–99 assigned, TPE01 holds 0–49 (0–4 used), KHH01 60–79 (all used). */
    private static void ranges() {
        ledger.assignment(SELLER, "11508", "AB", 0, 99);
        ledger.range(SELLER, "TPE01", "11508", "AB", 0, 49, 5);
        ledger.range(SELLER, "KHH01", "11508", "AB", 60, 79, 80);
    }

    private static Purchase purchase(String number, LocalDate date, String taxType, long sales, long tax, PurchaseKind kind) {
        return new Purchase(number, date, BUYER, sales, tax, taxType, kind, "1");
    }

    @Test
    void thePositionsOfTheLayoutTableAreThoseOfDomainMd() {
        Map<Field, int[]> documented = Map.ofEntries(
                entry(Field.FORMAT_CODE, new int[]{1, 2}), entry(Field.TAX_REGISTRATION_NO, new int[]{3, 11}),
                entry(Field.SEQUENCE, new int[]{12, 18}), entry(Field.ROC_YEAR, new int[]{19, 21}),
                entry(Field.MONTH, new int[]{22, 23}), entry(Field.BUYER_BAN, new int[]{24, 31}),
                entry(Field.SELLER_BAN, new int[]{32, 39}), entry(Field.TRACK, new int[]{40, 41}),
                entry(Field.NUMBER, new int[]{42, 49}), entry(Field.SALES_AMOUNT, new int[]{50, 61}),
                entry(Field.TAX_TYPE, new int[]{62, 62}), entry(Field.TAX_AMOUNT, new int[]{63, 72}),
                entry(Field.DEDUCTION_CODE, new int[]{73, 73}), entry(Field.RESERVED, new int[]{74, 78}),
                entry(Field.SPECIAL_TAX_RATE, new int[]{79, 79}), entry(Field.AGGREGATE_MARK, new int[]{80, 80}),
                entry(Field.CUSTOMS_MARK, new int[]{81, 81}));
        assertThat(Field.values()).hasSize(documented.size());
        for (Field f : Field.values()) {
            assertThat(new int[]{f.start, f.end()}).as(f.name()).containsExactly(documented.get(f));
        }
    }

    @Test
    void aPurchaseIsOneRecordWithOurBanAsBuyerTheSupplierAsSellerAndItsDeductionCode() {
        MediaFile file = build(List.of(new Purchase("XY-12345678", LocalDate.of(2026, 7, 15), BUYER, 10_000, 500, "1",
                PurchaseKind.THREE_PART_REGISTER_OR_E_INVOICE, "1")));

        List<String> records = records(file);

        assertThat(records).containsExactly(
                "25" + "123456789" + "0000001" + "115" + "07" + SELLER + BUYER + "XY" + "12345678" + "000000010000" + "1"
                        + "0000000500" + "1" + "     " + " " + " " + " ");
        String r = records.get(0);
        assertThat(at(r, 1, 2)).isEqualTo("25");
        assertThat(at(r, 24, 31)).isEqualTo(SELLER);
        assertThat(at(r, 32, 39)).isEqualTo(BUYER);
        assertThat(at(r, 50, 61)).isEqualTo("000000010000");
        assertThat(at(r, 63, 72)).isEqualTo("0000000500");
        assertThat(at(r, 73, 73)).isEqualTo("1");
    }

    @Test
    void aBusinessSaleCarriesTheBuyersBanAndTheTaxApart() {
        ranges();
        ledger.invoice(SELLER, "AB00000001", "2026-08-10T10:00:00+08:00", "CONFIRMED", BUYER, "1", 1000, 50);

        String sale = records(build(List.of())).stream().filter(r -> at(r, 62, 62).equals("1")).findFirst().orElseThrow();

        assertThat(sale).isEqualTo("35" + "123456789" + at(sale, 12, 18) + "115" + "08" + BUYER + SELLER + "AB" + "00000001"
                + "000000001000" + "1" + "0000000050" + " " + "     " + " " + " " + " ");
    }

    @Test
    void aConsumerSaleHasABlankBuyerAndTaxIncludedUnlessSetOtherwise() {
        ranges();
        ledger.invoice(SELLER, "AB00000002", "2026-07-20T09:00:00+08:00", "CONFIRMED", null, "1", 100, 5);

        String inclusive = records(build(List.of())).get(0);
        String apart = records(build(List.of(), new MediaFiles.Settings(TAX_REGISTRATION_NO, false), AFTER_THE_PERIOD)).get(0);

        assertThat(at(inclusive, 1, 2)).isEqualTo("35");
        assertThat(at(inclusive, 19, 23)).isEqualTo("11507");
        assertThat(at(inclusive, 24, 31)).isEqualTo("        ");
        assertThat(at(inclusive, 32, 39)).isEqualTo(SELLER);
        assertThat(at(inclusive, 40, 49)).isEqualTo("AB00000002");
        assertThat(at(inclusive, 50, 61)).isEqualTo("000000000105");
        assertThat(at(inclusive, 62, 62)).isEqualTo("1");
        assertThat(at(inclusive, 63, 72)).isEqualTo("0000000000");
        assertThat(at(apart, 50, 61)).isEqualTo("000000000100");
        assertThat(at(apart, 63, 72)).isEqualTo("0000000005");
        assertThat(at(apart, 24, 31)).isEqualTo("        ");
    }

    @Test
    void aCancelledInvoiceIsTaxTypeFWithZeroAmountsAndNoBuyer() {
        ranges();
        ledger.invoice(SELLER, "AB00000003", "2026-08-01T12:00:00+08:00", "CANCELLED", BUYER, "1", 1000, 50);

        String cancelled = records(build(List.of())).get(0);

        assertThat(cancelled).isEqualTo("35" + "123456789" + "0000001" + "115" + "08" + "        " + SELLER + "AB" + "00000003"
                + "000000000000" + "F" + "0000000000" + " " + "     " + " " + " " + " ");
    }

    @Test
    void theUnusedNumbersOfThePeriodAreOneBlankRecordPerRangeWithItsLastNumberInTheBuyerField() {
        // unused: TPE01's tail 5–49 and HQ's 50–59 (adjacent: one range), then HQ's 80–99
        ranges();

        MediaFile file = build(List.of());
        List<String> records = records(file);

        assertThat(records).containsExactly(
                "35" + "123456789" + "0000001" + "115" + "08" + "00000059" + SELLER + "AB" + "00000005" + "000000000000" + "D"
                        + "0000000000" + " " + "     " + " " + "A" + " ",
                "35" + "123456789" + "0000002" + "115" + "08" + "00000099" + SELLER + "AB" + "00000080" + "000000000000" + "D"
                        + "0000000000" + " " + "     " + " " + "A" + " ");
        assertThat(file.report().recordsByKind()).containsEntry(Kind.BLANK, 2);
    }

    @Test
    void anInvoiceOnTheLastDayOfThePeriodInTaiwanIsInAndOneOnTheNextDayIsOut() {
        ranges();
        ledger.invoice(SELLER, "AB00000000", "2026-06-30T23:59:59+08:00", "CONFIRMED", BUYER, "1", 10, 1);
        ledger.invoice(SELLER, "AB00000001", "2026-07-01T00:00:00+08:00", "CONFIRMED", BUYER, "1", 20, 1);
        ledger.invoice(SELLER, "AB00000002", "2026-08-31T23:59:59+08:00", "CONFIRMED", BUYER, "1", 30, 2);
        ledger.invoice(SELLER, "AB00000003", "2026-08-31T16:00:00Z", "CONFIRMED", BUYER, "1", 40, 2); // 09-01 00:00 in Taipei
        ledger.invoice(SELLER, "AB00000004", "2026-09-01T00:00:00+08:00", "CONFIRMED", BUYER, "1", 50, 3);

        List<String> sales = records(build(List.of())).stream().filter(r -> at(r, 62, 62).equals("1")).toList();

        assertThat(sales).extracting(r -> at(r, 40, 49) + " " + at(r, 19, 23))
                .containsExactly("AB00000001 11507", "AB00000002 11508");
    }

    @Test
    void theReportCountsRecordsPerFormatCodeAndFormAndSumsSalesAndTaxPerTaxType() {
        ranges();
        ledger.invoice(SELLER, "AB00000000", "2026-07-02T10:00:00+08:00", "CONFIRMED", BUYER, "1", 1000, 50);
        ledger.invoice(SELLER, "AB00000001", "2026-07-03T10:00:00+08:00", "SENT", null, "1", 100, 5);
        ledger.invoice(SELLER, "AB00000002", "2026-07-04T10:00:00+08:00", "CONFIRMED", BUYER, "2", 2000, 0);
        ledger.invoice(SELLER, "AB00000003", "2026-07-05T10:00:00+08:00", "CANCELLED", BUYER, "1", 500, 25);
        ledger.invoice(SELLER, "AB00000004", "2026-07-06T10:00:00+08:00", "RECEIVED", BUYER, "1", 700, 35);
        List<Purchase> purchases = List.of(
                purchase("XY00000002", LocalDate.of(2026, 8, 3), "2", 3000, 0, PurchaseKind.TWO_PART_REGISTER_OR_OTHER),
                purchase("XY00000001", LocalDate.of(2026, 7, 9), "1", 10_000, 500, PurchaseKind.THREE_PART_REGISTER_OR_E_INVOICE));

        MediaFile file = build(purchases);
        MediaFileReport report = file.report();
        List<String> records = records(file);

        assertThat(report.records()).isEqualTo(8).isEqualTo(records.size());
        assertThat(report.recordsByFormatCode()).containsExactly(entry("22", 1), entry("25", 1), entry("35", 6));
        assertThat(report.recordsByKind()).containsExactly(entry(Kind.PURCHASE, 2), entry(Kind.SALE, 3),
                entry(Kind.CANCELLED, 1), entry(Kind.BLANK, 2));
        assertThat(report.salesByTaxType()).containsExactly(
                entry("1", new MediaFileReport.Totals(2, 1105, 50)),
                entry("2", new MediaFileReport.Totals(1, 2000, 0)),
                entry("D", new MediaFileReport.Totals(2, 0, 0)),
                entry("F", new MediaFileReport.Totals(1, 0, 0)));
        assertThat(report.purchasesByTaxType()).containsExactly(
                entry("1", new MediaFileReport.Totals(1, 10_000, 500)),
                entry("2", new MediaFileReport.Totals(1, 3000, 0)));
        assertThat(report.warnings()).containsExactly(
                "sale AB00000004 of 2026-07-06 status RECEIVED: numbered but not issued, not in the file");
        assertThat(report.errors()).isEmpty();
        // purchases by date first, then sales, cancelled and blank numbers in number order; numbered from 1
        assertThat(records).extracting(r -> at(r, 12, 18) + " " + at(r, 1, 2) + " " + at(r, 40, 49) + " " + at(r, 62, 62))
                .containsExactly("0000001 25 XY00000001 1", "0000002 22 XY00000002 2", "0000003 35 AB00000000 1",
                        "0000004 35 AB00000001 1", "0000005 35 AB00000002 2", "0000006 35 AB00000003 F",
                        "0000007 35 AB00000005 D", "0000008 35 AB00000080 D");
        assertThat(at(records.get(4), 81, 81)).as("customs mark of the zero-rated sale").isEqualTo("2");
    }

    @Test
    void checksumFailuresNumbersOutsideTheRangesVoidedAndUnissuedInvoicesAndLeftOutAllowancesAreWarnedButTheFileIsWritten() {
        ranges();
        UUID sale = ledger.invoice(SELLER, "AB00000001", "2026-07-10T10:00:00+08:00", "CONFIRMED", "12345678", "1", 1000, 50);
        ledger.invoice(SELLER, "ZZ00000001", "2026-07-11T10:00:00+08:00", "CONFIRMED", BUYER, "1", 1000, 50);
        ledger.invoice(SELLER, "AB00000002", "2026-07-12T10:00:00+08:00", "VOIDED", BUYER, "1", 1000, 50);
        ledger.invoice(SELLER, "AB00000003", "2026-07-13T10:00:00+08:00", "RECEIVED", BUYER, "1", 1000, 50);
        ledger.allowance(SELLER, sale, "2026-08-01");
        Purchase badSupplier = new Purchase("XY00000001", LocalDate.of(2026, 7, 9), "12345678", 100, 5, "1",
                PurchaseKind.THREE_PART_OR_COMPUTER, "1");

        MediaFile file = build(List.of(badSupplier), new MediaFiles.Settings(null, true), LocalDate.of(2026, 8, 20));

        assertThat(file.report().warnings()).containsExactly(
                "seller 04595257 tax registration no (3-11): none configured for this seller, written blank "
                        + "(setting hub.media-file.tax-registration-numbers)",
                "period 11508 has not ended (it ends 2026-08-31): numbers not used yet are listed as blank",
                "purchase XY00000001 of 2026-07-09 seller BAN (32-39) '12345678': checksum fails",
                "sale AB00000001 of 2026-07-10 buyer BAN (24-31) '12345678': checksum fails",
                "sale AB00000002 of 2026-07-12 status VOIDED: voided and not re-issued by the end of the period, written as cancelled",
                "sale AB00000003 of 2026-07-13 status RECEIVED: numbered but not issued, not in the file",
                "sale ZZ00000001 of 2026-07-11 number (40-49): outside the seller's ranges of period 11508",
                "1 allowances (折讓) of the period are not in the file: the MOF's layout gives no format code for sales returns "
                        + "and allowances; declare them by hand");
        assertThat(file.report().errors()).isEmpty();
        List<String> records = records(file);
        assertThat(records).hasSize(1 + 3 + 2);
        assertThat(records).allSatisfy(r -> assertThat(at(r, 3, 11)).isEqualTo("         "));
    }

    @Test
    void anAmountWiderThanItsFieldOrATaxTypeWithoutA401CodeStopsTheFileAndIsNamed() {
        ranges();
        ledger.invoice(SELLER, "AB00000001", "2026-07-10T10:00:00+08:00", "CONFIRMED", BUYER, "1", 1_000_000_000_000L, 50);
        ledger.invoice(SELLER, "AB00000002", "2026-07-11T10:00:00+08:00", "CONFIRMED", BUYER, "9", 1000, 50);

        MediaFile file = build(List.of());

        assertThat(file.report().errors()).containsExactly(
                "sale AB00000002 of 2026-07-11 tax type (62) '9': only 1, 2 or 3 has a 401 tax type (4 special rate and "
                        + "9 mixed need splitting by hand)",
                "sale AB00000001 of 2026-07-10 sales amount (50-61) '1000000000000' is wider than its 12 positions");
        assertThat(file.report().writable()).isFalse();
        assertThatThrownBy(file::bytes).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sales amount (50-61) '1000000000000' is wider than its 12 positions");
    }
}
