package tw.einvoice.hub.numbering;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.util.List;

/**
 * {@code hub.numbering.*}.
 *
 * @param bookletSize       numbers per booklet (本); 50 is common practice, unconfirmed by the MOF sources
 * @param e0501Dir          Turnkey's download folder for E0501 (watched; each file imported once)
 * @param hqAdminsTo        who gets low-stock mails
 * @param lowStockThreshold default threshold for branches without their own; empty: one booklet
 * @param periodEndCron     Quartz cron (Asia/Taipei) of the blank report; runs daily until done
 * @param confirmCheckCron  Quartz cron (Asia/Taipei) of the check that every E0402 was confirmed
 */
@ConfigurationProperties("hub.numbering")
public record NumberingProperties(Integer bookletSize, String e0501Dir, List<String> hqAdminsTo, Integer lowStockThreshold,
                                  String periodEndCron, String confirmCheckCron) {

    public NumberingProperties {
        bookletSize = bookletSize == null || bookletSize <= 0 ? 50 : bookletSize;
        hqAdminsTo = hqAdminsTo == null ? List.of() : hqAdminsTo.stream().filter(StringUtils::hasText).map(String::strip).toList();
        lowStockThreshold = lowStockThreshold == null || lowStockThreshold <= 0 ? bookletSize : lowStockThreshold;
        // the previous period still takes invoices during its grace days (2), so the report waits until the 3rd
        periodEndCron = StringUtils.hasText(periodEndCron) ? periodEndCron : "0 0 2 3-9 1,3,5,7,9,11 ?";
        // the platform reminds on the 7th; finance hears from us the same morning
        confirmCheckCron = StringUtils.hasText(confirmCheckCron) ? confirmCheckCron : "0 0 9 7 1,3,5,7,9,11 ?";
    }

    public static NumberingProperties defaults() {
        return new NumberingProperties(null, null, null, null, null, null);
    }
}
