package tw.einvoice.hub.mediafile;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** The media file inside the running hub: the ledger through Spring's JDBC, purchases from the application's source. */
@Service
@EnableConfigurationProperties(MediaFileProperties.class)
public class MediaFileService {

    private final JdbcClient jdbc;
    private final MediaFileProperties settings;
    private final ObjectProvider<PurchaseVoucherSource> purchaseSources;
    private final Clock clock;

    MediaFileService(JdbcClient jdbc, MediaFileProperties settings, ObjectProvider<PurchaseVoucherSource> purchaseSources,
                     Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.purchaseSources = purchaseSources;
        this.clock = clock;
    }

    /** The seller's media file for the period, with its report (read-only: nothing is stored). */
    public MediaFile build(String sellerId, TaxPeriod period) {
        PurchaseVoucherSource source = purchaseSources.getIfAvailable();
        String described = source == null
                ? "none: no purchase voucher source in this hub"
                : "approved vouchers (" + source.getClass().getSimpleName() + ")";
        List<Purchase> purchases = source == null ? List.of() : source.approvedFor(sellerId, YearMonth.from(period.firstDay()));
        return MediaFiles.build(jdbc, sellerId, period, settings.settings(sellerId), purchases, described,
                LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
    }
}
