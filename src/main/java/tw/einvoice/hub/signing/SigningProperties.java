package tw.einvoice.hub.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code hub.signing.*}.
 *
 * @param enabled                  archive signatures: each emitted message's bytes signed (detached CMS) with the
 *                                 seller's certificate; false keeps hashes only. Turnkey signs what it uploads.
 * @param keystores                per seller BAN, the PKCS#12 file holding its software certificate (.pfx/.p12)
 * @param generateTestCertificates for a seller without a keystore, make and keep a self-signed test
 *                                 certificate; the embedded default turns it on, production turns it off so
 *                                 that a seller without its registered certificate is plain to see
 * @param expiryWarnings           how long before a certificate's notAfter finance is mailed, each once per
 *                                 certificate; an expired or unreadable one is mailed as well
 * @param certificateCheckCron     Quartz cron (Asia/Taipei) of the daily certificate check (it also runs at start)
 */
@ConfigurationProperties("hub.signing")
record SigningProperties(Boolean enabled, Map<String, Keystore> keystores, Boolean generateTestCertificates,
                         List<Duration> expiryWarnings, String certificateCheckCron) {

    static final List<Duration> DEFAULT_WARNINGS = List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1));

    SigningProperties {
        enabled = enabled == null || enabled;
        keystores = keystores == null ? Map.of() : Map.copyOf(keystores);
        generateTestCertificates = generateTestCertificates == null || generateTestCertificates;
        // longest first: the watch mails only the tightest threshold a certificate has crossed
        expiryWarnings = (expiryWarnings == null ? DEFAULT_WARNINGS : expiryWarnings).stream()
                .filter(d -> d != null && !d.isNegative() && !d.isZero()).distinct().sorted(Comparator.reverseOrder()).toList();
        // finance reads its mail in the morning
        certificateCheckCron = StringUtils.hasText(certificateCheckCron) ? certificateCheckCron : "0 0 8 * * ?";
    }

    /** With the default warnings and schedule. */
    static SigningProperties of(boolean enabled, Map<String, Keystore> keystores, boolean generateTestCertificates) {
        return new SigningProperties(enabled, keystores, generateTestCertificates, null, null);
    }

    /**
     * @param alias optional; the first key entry of the file when unset
     */
    record Keystore(Path path, String password, String alias) {
        @Override
        public String toString() {
            // keeps the password out of logs and error messages that print the settings
            return "Keystore[path=" + path + ", alias=" + alias + "]";
        }
    }
}
