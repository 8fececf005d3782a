package tw.einvoice.hub.mediafile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tw.einvoice.hub.mediafile.MediaFileLayout.PurchaseKind;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tw.einvoice.hub.mediafile.Ledger.SELLER;

/** The hub's side: purchases from the application's source when it has one, the settings per seller. */
class MediaFileServiceTest {

    static final Clock AFTER_THE_PERIOD = Clock.fixed(Instant.parse("2026-09-15T02:00:00Z"), ZoneOffset.UTC);

    static Ledger ledger;

    @BeforeAll
    static void database() throws Exception {
        ledger = Ledger.start();
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
    }

    private static MediaFileService service(Map<String, PurchaseVoucherSource> sources, String numbers) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.copyOf(sources));
        return new MediaFileService(ledger.jdbc, new MediaFileProperties(numbers, null),
                beans.getBeanProvider(PurchaseVoucherSource.class), AFTER_THE_PERIOD);
    }

    @Test
    void theSourceIsAskedForTheSellerAndThePeriodsFirstMonthAndItsVouchersArePurchaseRecords() {
        List<String> asked = new ArrayList<>();
        PurchaseVoucherSource vouchers = (seller, firstMonth) -> {
            asked.add(seller + " " + firstMonth);
            return List.of(new Purchase("XY00000001", LocalDate.of(2026, 7, 9), "12345676", 10_000, 500, "1",
                    PurchaseKind.THREE_PART_OR_COMPUTER, "2"));
        };

        MediaFile file = service(Map.of("vouchers", vouchers), "12345676=987654321, 04595257=123456789").build(SELLER,
                TaxPeriod.parse("11508"));

        assertThat(asked).containsExactly(SELLER + " " + YearMonth.of(2026, 7));
        assertThat(file.taxRegistrationNo()).isEqualTo("123456789");
        String record = new String(file.bytes()).strip();
        assertThat(record.substring(0, 11)).isEqualTo("21123456789");
        assertThat(record.substring(72, 73)).as("deduction code").isEqualTo("2");
        assertThat(file.report().purchaseSource()).startsWith("approved vouchers (");
        assertThat(file.report().purchasesByTaxType()).containsEntry("1", new MediaFileReport.Totals(1, 10_000, 500));
    }

    @Test
    void withoutASourceThereAreNoPurchasesAndTheReportSaysWhy() {
        MediaFile file = service(Map.of(), null).build(SELLER, TaxPeriod.parse("11508"));

        assertThat(file.report().recordsByKind()).containsEntry(MediaEntry.Kind.PURCHASE, 0);
        assertThat(file.report().purchaseSource()).isEqualTo("none: no purchase voucher source in this hub");
        assertThat(file.report().warnings()).anySatisfy(w -> assertThat(w).contains("tax registration no (3-11): none configured"));
    }

    @Test
    void aTaxRegistrationPairWithoutAnEqualsSignIsRefusedNamingIt() {
        assertThatThrownBy(() -> MediaFileProperties.parse("04595257=123456789,12345676"))
                .hasMessage("hub.media-file.tax-registration-numbers: '12345676' is not BAN=number");
        assertThat(new MediaFileProperties(null, null).b2cTaxInclusive()).isTrue();
    }
}
