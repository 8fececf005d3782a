package tw.einvoice.hub.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Tunable rule parameters. Items the domain reference marks unconfirmed live here, never in code.
 *
 * @param banFiveRuleSince      date from which a BAN checksum divisible by 5 (not only 10) is valid
 * @param defaultTaxRate        rate for tax type 1 when the record gives none
 * @param taxTolerance          NTD the given tax may differ from the computed one
 * @param futureTolerance       how far past "now" an issue time may lie (clock skew of sources)
 * @param previousPeriodGraceDays days into a new period during which the previous period still accepts invoices
 * @param memberCarrierTypes    carrier type codes accepted besides 3J0002 and CQ0001 (merchant member carriers)
 * @param zone                  the zone dates, periods and deadlines are reckoned in
 */
public record RuleSettings(LocalDate banFiveRuleSince, BigDecimal defaultTaxRate, int taxTolerance,
                           Duration futureTolerance, int previousPeriodGraceDays, Set<String> memberCarrierTypes,
                           ZoneId zone) {

    public static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    public static RuleSettings defaults() {
        return new RuleSettings(LocalDate.of(2023, 4, 1), new BigDecimal("0.05"), 1, Duration.ofMinutes(10), 2,
                Set.of("EJ0113"), TAIPEI);
    }
}
