package tw.einvoice.hub.lottery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches a period's member-carrier invoices against its winning numbers and records the winners. Which invoices:
 * issued in the period (Asia/Taipei), kept on the merchant's member carrier ({@code hub.carrier.member-type}), not
 * donated (the prize is the charity's), not printed (the holder of the paper checks it), not cancelled or voided.
 *
 * <p>A period is matched in one transaction that holds its row: a crash rolls the whole match back and the next
 * poll, on this hub or another, does it again; winners are unique per period and invoice, so nothing is doubled.
 */
@Service
public class LotteryMatcher {

    private static final Logger log = LoggerFactory.getLogger(LotteryMatcher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String memberType;
    /** Periods already warned about a missing member type: the poll runs every few seconds. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    LotteryMatcher(JdbcClient jdbc, TransactionTemplate tx, @Value("${hub.carrier.member-type:}") String memberType) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.memberType = memberType == null ? "" : memberType.strip();
    }

    /** The member-carrier type code invoices must carry to take part; empty when the setting is missing. */
    public String memberType() {
        return memberType;
    }

    /** Matches every period whose numbers have not been matched yet; answers the winners found. */
    public int matchPending() {
        int found = 0;
        for (String period : jdbc.sql("SELECT period FROM lottery_period WHERE matched_at IS NULL ORDER BY period").query(String.class).list()) {
            found += match(period);
        }
        return found;
    }

    /** Matches one period unless another hub is at it or it is done; answers the winners found. */
    int match(String period) {
        if (memberType.isEmpty()) {
            if (warned.add(period)) {
                log.warn("lottery {}: hub.carrier.member-type (HUB_CARRIER_MEMBER_TYPE) is not set, so no invoice is on a member carrier; "
                        + "the period waits unmatched", period);
            }
            return 0;
        }
        Integer found = tx.execute(s -> {
            String json = jdbc.sql("SELECT numbers::text FROM lottery_period WHERE period = ? AND matched_at IS NULL FOR UPDATE SKIP LOCKED")
                    .param(period).query(String.class).optional().orElse(null);
            if (json == null) {
                return 0;
            }
            WinningNumbers numbers = WinningNumbers.fromJson(json.getBytes(StandardCharsets.UTF_8), period);
            WinningNumbers.Matcher matcher = numbers.matcher();
            TaxPeriod tax = numbers.taxPeriod();
            OffsetDateTime from = tax.firstDay().atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime();
            OffsetDateTime to = tax.lastDay().plusDays(1).atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime();
            record Candidate(UUID id, String sellerId, String number) {
            }
            // the database keeps only numbers that can win at all (the full special/grand, or a winning ending);
            // the rules themselves are WinningNumbers', applied here
            List<Candidate> candidates = jdbc.sql("""
                            SELECT i.id, i.seller_id, i.invoice_number FROM invoice i
                            WHERE (i.document -> 'carrier' ->> 'type') = ? AND i.invoice_number IS NOT NULL
                              AND i.issued_at >= ? AND i.issued_at < ?
                              AND i.status IN ('ISSUED', 'SENT', 'CONFIRMED')
                              AND coalesce(i.document -> 'donation' ->> 'npoban', '') = ''
                              AND coalesce(i.document ->> 'print', 'false') <> 'true'
                              AND (right(i.invoice_number, 8) = ANY (?) OR right(i.invoice_number, 3) = ANY (?))""")
                    .params(memberType, from, to, new String[]{numbers.special(), numbers.grand()},
                            matcher.winningEndings().toArray(String[]::new))
                    .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
            int winners = 0;
            for (Candidate c : candidates) {
                Prize prize = numbers.prizeOf(c.number());
                if (prize == Prize.NONE) {
                    continue;
                }
                winners += jdbc.sql("""
                                INSERT INTO lottery_winner (period, source, seller_id, invoice_number, invoice_id, prize, amount)
                                VALUES (?, 'NUMBERS', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                        .params(period, c.sellerId(), c.number(), c.id(), prize.code(), prize.amount()).update();
            }
            int total = jdbc.sql("SELECT count(*) FROM lottery_winner WHERE period = ? AND source = 'NUMBERS'").param(period).query(Integer.class).single();
            jdbc.sql("UPDATE lottery_period SET matched_at = now(), winners = ? WHERE period = ?").params(total, period).update();
            log.info("lottery {}: {} member-carrier invoices ({}) could win, {} won", period, candidates.size(), memberType, total);
            return winners;
        });
        return found == null ? 0 : found;
    }
}
