package tw.einvoice.hub.lottery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Each period's winning numbers: imported by upload, manual entry or the HTTP source, read back for matching.
 * The same numbers again change nothing; different numbers replace a period's only while none of its winners has
 * been told (a typo found before the notices went out), after that they are refused.
 */
@Service
public class LotteryPeriods {

    private static final Logger log = LoggerFactory.getLogger(LotteryPeriods.class);

    public enum Source { UPLOAD, MANUAL, HTTP }

    public enum Outcome { IMPORTED, UNCHANGED, REPLACED }

    /** A period as stored: its numbers, where they came from, and whether matching has run. */
    public record Stored(WinningNumbers numbers, Source source, String actor, OffsetDateTime importedAt,
                         OffsetDateTime matchedAt, Integer winners) {
    }

    /** Different numbers for a period whose winners have been told. */
    public static class NumbersRefused extends RuntimeException {
        NumbersRefused(String message) {
            super(message);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    LotteryPeriods(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Outcome importNumbers(WinningNumbers numbers, Source source, String actor) {
        Outcome outcome = tx.execute(s -> {
            Optional<Stored> existing = lockedFind(numbers.period());
            if (existing.isEmpty()) {
                jdbc.sql("INSERT INTO lottery_period (period, numbers, source, actor) VALUES (?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING")
                        .params(numbers.period(), numbers.toJson(), source.name(), actor).update();
                return Outcome.IMPORTED;
            }
            if (existing.get().numbers().equals(numbers)) {
                return Outcome.UNCHANGED;
            }
            // locks the winners, so a notice being queued right now is waited for and then counted
            long told = jdbc.sql("SELECT notice_queued_at IS NOT NULL FROM lottery_winner WHERE period = ? AND source = 'NUMBERS' FOR UPDATE")
                    .param(numbers.period()).query(Boolean.class).list().stream().filter(Boolean::booleanValue).count();
            if (told > 0) {
                throw new NumbersRefused("period " + numbers.period() + " already has other winning numbers and " + told
                        + " winners have been told; the numbers stay as imported " + existing.get().importedAt());
            }
            jdbc.sql("DELETE FROM lottery_winner WHERE period = ? AND source = 'NUMBERS'").param(numbers.period()).update();
            jdbc.sql("UPDATE lottery_period SET numbers = ?::jsonb, source = ?, actor = ?, imported_at = now(), matched_at = NULL, winners = NULL "
                    + "WHERE period = ?").params(numbers.toJson(), source.name(), actor, numbers.period()).update();
            return Outcome.REPLACED;
        });
        log.info("lottery {}: winning numbers {} ({} by {})", numbers.period(), outcome.name().toLowerCase(), source, actor);
        return outcome;
    }

    public Optional<Stored> find(String period) {
        return jdbc.sql("SELECT numbers::text, source, actor, imported_at, matched_at, winners FROM lottery_period WHERE period = ?")
                .param(period).query((rs, n) -> stored(rs)).optional();
    }

    /** Every imported period, newest first. */
    public List<Stored> list() {
        return jdbc.sql("SELECT numbers::text, source, actor, imported_at, matched_at, winners FROM lottery_period ORDER BY period DESC")
                .query((rs, n) -> stored(rs)).list();
    }

    private Optional<Stored> lockedFind(String period) {
        return jdbc.sql("SELECT numbers::text, source, actor, imported_at, matched_at, winners FROM lottery_period WHERE period = ? FOR UPDATE")
                .param(period).query((rs, n) -> stored(rs)).optional();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(WinningNumbers.fromJson(rs.getString(1).getBytes(StandardCharsets.UTF_8), null), Source.valueOf(rs.getString(2)),
                rs.getString(3), rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                (Integer) rs.getObject(6));
    }
}
