package tw.einvoice.hub.platform;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;
import tw.einvoice.hub.mig.AllowanceData;
import tw.einvoice.hub.mig.BranchTrackBlankData;
import tw.einvoice.hub.mig.BranchTrackData;
import tw.einvoice.hub.mig.CancelAllowanceData;
import tw.einvoice.hub.mig.CancelInvoiceData;
import tw.einvoice.hub.mig.MigSamples;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.VoidInvoiceData;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Messages of every type as the hub renders them ({@link MigWriter} on the embedded defaults), for the simulator's
 * tests: the real validator judges them, so the hub's renderer is fair to use here.
 */
final class HubMessages {

    static final MigWriter WRITER = new MigWriter(MigWriter.Options.defaults());
    static final String SELLER = "04595257";
    static final String BUYER = "12345675";
    static final LocalDate ISSUED = LocalDate.of(2026, 11, 25);

    private HubMessages() {
    }

    /** A consumer invoice with a mobile-barcode carrier, not printed: 105 incl. 5% tax. */
    static CanonicalInvoice consumer(String number) {
        CanonicalInvoice i = MigSamples.b2c();
        i.setInvoiceNumber(number);
        return i;
    }

    static CanonicalInvoice citizenCertificate(String number) {
        CanonicalInvoice i = consumer(number);
        i.setCarrier(new CanonicalInvoice.Carrier("CQ0001", "AB12345678901234"));
        return i;
    }

    static CanonicalInvoice donated(String number) {
        CanonicalInvoice i = consumer(number);
        i.setCarrier(null);
        i.setDonation(new CanonicalInvoice.Donation("25885"));
        return i;
    }

    static CanonicalInvoice printedForConsumer(String number) {
        CanonicalInvoice i = consumer(number);
        i.setCarrier(null);
        i.setPrint(true);
        return i;
    }

    /** A business buyer, printed: 1000 + 50 tax. */
    static CanonicalInvoice business(String number) {
        CanonicalInvoice i = consumer(number);
        i.setBuyer(new Party(BUYER, "好買股份有限公司", null, null, null));
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

    static CanonicalInvoice zeroRated(String number) {
        CanonicalInvoice i = business(number);
        i.setTaxType("2");
        i.setTaxRate(BigDecimal.ZERO);
        i.setCustomsClearanceMark("1");
        i.setZeroTaxRateReason("71");
        i.setItems(List.of(new CanonicalInvoice.Item("出口機台", BigDecimal.ONE, "台", new BigDecimal("1000"),
                new BigDecimal("1000"), "2", null)));
        i.setSalesAmount(BigDecimal.ZERO);
        i.setZeroTaxSalesAmount(new BigDecimal("1000"));
        i.setTaxAmount(BigDecimal.ZERO);
        i.setTotalAmount(new BigDecimal("1000"));
        return i;
    }

    static CanonicalInvoice taxExempt(String number) {
        CanonicalInvoice i = business(number);
        i.setTaxType("3");
        i.setTaxRate(BigDecimal.ZERO);
        i.setItems(List.of(new CanonicalInvoice.Item("農產品", BigDecimal.ONE, "箱", new BigDecimal("1000"),
                new BigDecimal("1000"), "3", null)));
        i.setSalesAmount(BigDecimal.ZERO);
        i.setFreeTaxSalesAmount(new BigDecimal("1000"));
        i.setTaxAmount(BigDecimal.ZERO);
        i.setTotalAmount(new BigDecimal("1000"));
        return i;
    }

    static CancelInvoiceData cancel(String number) {
        return new CancelInvoiceData(number, ISSUED, null, SELLER, LocalDate.of(2026, 11, 26), LocalTime.of(9, 0, 5),
                "客戶退貨", null, "");
    }

    static VoidInvoiceData voidInvoice(String number) {
        return new VoidInvoiceData(number, ISSUED, BUYER, SELLER, LocalDate.of(2026, 11, 26), LocalTime.of(9, 30),
                "買方統編錯誤", null);
    }

    static AllowanceData allowance(String allowanceNumber, String invoiceNumber) {
        return new AllowanceData(allowanceNumber, LocalDate.of(2026, 11, 26),
                new Party(SELLER, "範例商行", null, null, null),
                new Party(BUYER, "好買股份有限公司", null, null, null),
                List.of(new AllowanceData.Item(ISSUED, invoiceNumber, 1, "伺服器維護", BigDecimal.ONE, "式",
                        new BigDecimal("200"), new BigDecimal("200"), new BigDecimal("10"), "1")));
    }

    static CancelAllowanceData cancelAllowance(String allowanceNumber) {
        return new CancelAllowanceData(allowanceNumber, null, LocalDate.of(2026, 11, 26), BUYER, SELLER,
                LocalDate.of(2026, 11, 27), LocalTime.of(14, 5, 0), "折讓金額錯誤", null);
    }

    static BranchTrackData branchTrack() {
        return new BranchTrackData(SELLER, BUYER, "07", "11512", "ZZ", "00000000", "00000999",
                List.of(new BranchTrackData.Item("00000000", "00000099", 2),
                        new BranchTrackData.Item("00000100", "00000149", 1)));
    }

    static BranchTrackBlankData branchTrackBlank() {
        return new BranchTrackBlankData(SELLER, BUYER, "07", "11512", "ZZ",
                List.of(new BranchTrackBlankData.Item("00000042", "00000049")));
    }
}
