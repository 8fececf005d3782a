package tw.einvoice.hub.transmit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.time.Duration;

/**
 * {@code hub.turnkey.*}: the hand-over to Turnkey and the reading of its results.
 *
 * @param upcast              UpCast root: {@code file:/opt/EINVTurnkey/UpCast} or {@code sftp://user@host/…/UpCast?…}
 * @param summaryResults      where Turnkey unpacks the platform's daily SummaryResult files (local or sftp)
 * @param summaryPollInterval how often that folder is looked at
 * @param consumers           concurrent consumers of the transmit queue
 * @param pollInterval        how often Turnkey's TURNKEY_MESSAGE_LOG is read for results
 * @param batchSize           messages waiting for a result looked up by one poll (the next poll takes the next ones)
 * @param clockSlack          how far Turnkey's clock may lag the hub's: rows from this long before a hand-over still
 *                            count for it
 * @param sweep               re-sending rendered messages whose hand-over to the queue was lost
 * @param signingFailures     reading Turnkey's signing failures (TURNKEY_SYSEVENT_LOG ERRORCODE -007)
 * @param db                  Turnkey's database; no URL: the simulator's database on the embedded server
 */
@ConfigurationProperties("hub.turnkey")
public record TransmitProperties(String upcast, String summaryResults, Duration summaryPollInterval, Integer consumers,
                                 Duration pollInterval, Integer batchSize, Duration clockSlack, Sweep sweep,
                                 SigningFailures signingFailures, Db db) {

    public TransmitProperties {
        if (!StringUtils.hasText(upcast)) {
            throw new IllegalArgumentException("hub.turnkey.upcast (HUB_TURNKEY_UPCAST) must name Turnkey's UpCast folder");
        }
        summaryPollInterval = positive(summaryPollInterval, Duration.ofSeconds(5));
        consumers = consumers == null || consumers <= 0 ? 2 : consumers;
        pollInterval = positive(pollInterval, Duration.ofSeconds(5));
        batchSize = batchSize == null || batchSize <= 0 ? 1000 : batchSize;
        // the simulator shares the hub's clock, a real Turnkey runs on another host's
        clockSlack = clockSlack == null || clockSlack.isNegative() ? Duration.ofMinutes(2) : clockSlack;
        sweep = sweep == null ? new Sweep(null, null) : sweep;
        signingFailures = signingFailures == null ? new SigningFailures(null, null) : signingFailures;
        db = db == null ? new Db(null, null, null) : db;
    }

    /**
     * @param period how often the sweeper looks
     * @param after  a rendered message not handed to the transmit queue this long after it was made is sent again
     */
    public record Sweep(Duration period, Duration after) {
        public Sweep {
            period = positive(period, Duration.ofMinutes(1));
            after = positive(after, Duration.ofMinutes(1));
        }
    }

    /**
     * @param pollInterval how often TURNKEY_SYSEVENT_LOG is read for new signing failures
     * @param lookback     on the very first read, failures this old are still raised (later reads continue where
     *                     the last one stopped)
     */
    public record SigningFailures(Duration pollInterval, Duration lookback) {
        public SigningFailures {
            pollInterval = positive(pollInterval, Duration.ofMinutes(1));
            lookback = lookback == null || lookback.isNegative() ? Duration.ofDays(7) : lookback;
        }
    }

    /** Turnkey's database: any JDBC URL whose driver is on the class path (README, "Turnkey's database"). */
    public record Db(String url, String user, String password) {

        boolean configured() {
            return StringUtils.hasText(url);
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + "]";
        }
    }

    private static Duration positive(Duration value, Duration otherwise) {
        return value == null || value.isZero() || value.isNegative() ? otherwise : value;
    }
}
