package tw.einvoice.hub.lottery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the lottery ({@code hub.lottery.*}). The member-carrier type code that decides which invoices take
 * part is the carrier module's {@code hub.carrier.member-type}.
 *
 * @param sourceUrl   where the winning numbers are published (HTTP GET, {@code {period}} replaced by e.g. 11508);
 *                    empty: numbers come only by upload or manual entry
 * @param sourceAppId the MOF e-invoice App API {@code appID}: when set the source is asked as {@code QryWinningList}
 *                    (a form POST with it), never written into the URL
 * @param sourceCron  Quartz cron (Asia/Taipei) of the fetch; it fetches the period drawn last, until it has it
 * @param pollMillis  how often a hub looks for periods to match and winners to announce
 * @param e0504Dir    Turnkey's download folder of E0504 winner lists (watched; each file imported once)
 */
@ConfigurationProperties("hub.lottery")
public record LotteryProperties(String sourceUrl, String sourceAppId, String sourceCron, Long pollMillis, String e0504Dir) {

    public LotteryProperties {
        sourceUrl = sourceUrl == null ? "" : sourceUrl.strip();
        sourceAppId = sourceAppId == null ? "" : sourceAppId.strip();
        // the draw is on the 25th of odd months: look hourly from then to the end of that month
        sourceCron = sourceCron == null || sourceCron.isBlank() ? "0 15 * 25-31 1,3,5,7,9,11 ?" : sourceCron;
        pollMillis = pollMillis == null ? 5000L : pollMillis;
    }

    boolean sourceConfigured() {
        return !sourceUrl.isEmpty();
    }
}
