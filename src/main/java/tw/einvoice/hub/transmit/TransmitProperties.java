package tw.einvoice.hub.transmit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.StringUtils;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param sftp                how the Turnkey host is reached when {@code upcast} or {@code summaryResults} is
 *                            {@code sftp://…}: its password and the known_hosts its host key must be in
 */
@ConfigurationProperties("hub.turnkey")
public record TransmitProperties(String upcast, String summaryResults, Duration summaryPollInterval, Integer consumers,
                                 Duration pollInterval, Integer batchSize, Duration clockSlack, Sweep sweep,
                                 SigningFailures signingFailures, Db db, Sftp sftp) {

    @ConstructorBinding
    public TransmitProperties {
        if (!StringUtils.hasText(upcast)) {
            throw new IllegalArgumentException("hub.turnkey.upcast (HUB_TURNKEY_UPCAST) must name Turnkey's UpCast folder");
        }
        requireSet(upcast, "hub.turnkey.upcast", "Turnkey's UpCast folder");
        // the message names the setting, never the URI: it holds the secret being complained about
        Sftp.refuseSecretsIn(upcast, "hub.turnkey.upcast (HUB_TURNKEY_UPCAST)");
        Sftp.refuseSecretsIn(summaryResults, "hub.turnkey.summary-results (HUB_TURNKEY_SUMMARY_RESULTS)");
        summaryPollInterval = positive(summaryPollInterval, Duration.ofSeconds(5));
        consumers = consumers == null || consumers <= 0 ? 2 : consumers;
        pollInterval = positive(pollInterval, Duration.ofSeconds(5));
        batchSize = batchSize == null || batchSize <= 0 ? 1000 : batchSize;
        // the simulator shares the hub's clock, a real Turnkey runs on another host's
        clockSlack = clockSlack == null || clockSlack.isNegative() ? Duration.ofMinutes(2) : clockSlack;
        sweep = sweep == null ? new Sweep(null, null) : sweep;
        signingFailures = signingFailures == null ? new SigningFailures(null, null) : signingFailures;
        db = db == null ? new Db(null, null, null) : db;
        requireSet(db.url(), "hub.turnkey.db.url", "Turnkey's database, where the platform's verdicts are read");
        sftp = sftp == null ? new Sftp(null, null, null) : sftp;
    }

    /** Without SFTP settings (a local Turnkey). */
    public TransmitProperties(String upcast, String summaryResults, Duration summaryPollInterval, Integer consumers,
                              Duration pollInterval, Integer batchSize, Duration clockSlack, Sweep sweep,
                              SigningFailures signingFailures, Db db) {
        this(upcast, summaryResults, summaryPollInterval, consumers, pollInterval, batchSize, clockSlack, sweep,
                signingFailures, db, null);
    }

    /**
     * The Turnkey host over SFTP. Its host key is checked by default; the password is a setting of its own, so no
     * URI, log line or metric ever holds it.
     *
     * @param password              the SFTP user's password (HUB_TURNKEY_SFTP_PASSWORD); none with privateKeyFile=…
     *                              in the URI
     * @param knownHostsFile        known_hosts holding the Turnkey host's key (HUB_TURNKEY_KNOWN_HOSTS); unset: the
     *                              hub user's ~/.ssh/known_hosts
     * @param strictHostKeyChecking {@code yes} (default): a host whose key is not known is refused; {@code no} only
     *                              for tests
     */
    public record Sftp(String password, String knownHostsFile, String strictHostKeyChecking) {

        public Sftp {
            password = StringUtils.hasText(password) ? password : null;
            knownHostsFile = StringUtils.hasText(knownHostsFile) ? knownHostsFile.strip() : null;
            strictHostKeyChecking = "no".equalsIgnoreCase(strictHostKeyChecking) ? "no" : "yes";
        }

        static boolean remote(String uri) {
            return uri != null && uri.regionMatches(true, 0, "sftp:", 0, 5);
        }

        private static void refuseSecretsIn(String uri, String setting) {
            if (!remote(uri) || !uri.contains("?")) {
                return;
            }
            for (String option : uri.substring(uri.indexOf('?') + 1).split("&")) {
                String name = option.split("=", 2)[0].strip();
                if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("privateKeyPassphrase")) {
                    throw new IllegalArgumentException(setting + " holds a password in its URI; give it to "
                            + "hub.turnkey.sftp.password (HUB_TURNKEY_SFTP_PASSWORD) instead, where no log shows it");
                }
                if (name.equalsIgnoreCase("strictHostKeyChecking") || name.equalsIgnoreCase("knownHostsFile")) {
                    throw new IllegalArgumentException(setting + " sets " + name + " in its URI; the Turnkey host's "
                            + "key is checked against hub.turnkey.sftp.known-hosts-file (HUB_TURNKEY_KNOWN_HOSTS)");
                }
            }
        }

        @Override
        public String toString() {
            return "Sftp[knownHostsFile=" + knownHostsFile + ", strictHostKeyChecking=" + strictHostKeyChecking + "]";
        }
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

    /**
     * A setting the {@code prod} profile requires is written there as a bare {@code ${VARIABLE}}; binding leaves it
     * as it is when the variable is missing, which would surface far later as a strange folder or JDBC URL.
     */
    private static void requireSet(String value, String setting, String what) {
        Matcher unresolved = UNRESOLVED.matcher(value == null ? "" : value.strip());
        if (unresolved.matches()) {
            throw new IllegalArgumentException(unresolved.group(1) + " is not set: " + setting + " must name " + what
                    + " (the prod profile has no default for it)");
        }
    }

    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private static Duration positive(Duration value, Duration otherwise) {
        return value == null || value.isZero() || value.isNegative() ? otherwise : value;
    }
}
