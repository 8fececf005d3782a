package tw.einvoice.hub.signing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which warning a certificate is due, and what the mail says: plain functions of the certificate and the time. */
class CertificateAlertTest {

    static final String SELLER = "04595257";
    static final List<Duration> THRESHOLDS = SigningProperties.DEFAULT_WARNINGS;
    // 2026-12-07 10:00 in Taipei
    static final Instant NOT_AFTER = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir
    static Path data;
    static SigningKeys.SigningKey key;

    @BeforeAll
    static void registeredCertificate() throws Exception {
        Path p12 = data.resolve("registered.p12");
        TestKeystores.write(p12, "pw", "範例商行", SELLER, NOT_AFTER);
        key = new SigningKeys(SigningProperties.of(true, Map.of(SELLER, new SigningProperties.Keystore(p12, "pw", null)), false),
                data.resolve("certs"), ban -> Optional.empty()).forSeller(SELLER);
    }

    private static Optional<CertificateAlert> dueWith(Duration left) {
        return CertificateAlert.expiry(SELLER, "範例商行", key, NOT_AFTER.minus(left), THRESHOLDS);
    }

    @Test
    void furtherFromExpiryThanEveryThresholdNothingIsDue() {
        assertThat(dueWith(Duration.ofDays(31))).isEmpty();
    }

    @Test
    void eachThresholdIsDueFromTheMomentItIsCrossed() {
        assertThat(dueWith(Duration.ofDays(30))).get().extracting(CertificateAlert::alert).isEqualTo("PT720H");
        assertThat(dueWith(Duration.ofDays(8))).get().extracting(CertificateAlert::alert).isEqualTo("PT720H");
        assertThat(dueWith(Duration.ofDays(7))).get().extracting(CertificateAlert::alert).isEqualTo("PT168H");
        assertThat(dueWith(Duration.ofHours(12))).get().extracting(CertificateAlert::alert).isEqualTo("PT24H");
    }

    @Test
    void aCertificateFirstSeenSixDaysBeforeExpiryIsDueTheSevenDayWarningOnly() {
        CertificateAlert alert = dueWith(Duration.ofDays(6)).orElseThrow();

        assertThat(alert.alert()).isEqualTo("PT168H");
        assertThat(alert.about()).isEqualTo(key.fingerprint());
        assertThat(alert.notAfter()).isEqualTo(NOT_AFTER);
    }

    @Test
    void theMailNamesSellerCertificateDateAndWhatToDo() {
        CertificateAlert alert = dueWith(Duration.ofDays(6)).orElseThrow();

        assertThat(alert.subject()).isEqualTo(
                "[einvoice-hub] 憑證即將到期 Certificate expires in 6 d: 04595257 範例商行, 2026-12-07");
        assertThat(alert.text())
                .contains("賣方 04595257 範例商行 的憑證將於 2026-12-07 到期")
                .contains("The certificate of seller 04595257 範例商行 expires on 2026-12-07 (6 d left; warning at 7 d before expiry)")
                .contains("Subject: CN=範例商行 test,O=04595257")
                .contains("Fingerprint: " + key.fingerprint())
                .contains("2026-12-07 10:00 (Asia/Taipei)")
                .contains("Renew the certificate with its certificate authority")
                .contains("Register the new certificate with the e-invoice platform for BAN 04595257")
                .contains("Install it in Turnkey").contains("hub.signing.keystores.04595257.path");
    }

    @Test
    void anExpiredCertificateIsDueItsOwnAlertSayingWhatFollows() {
        CertificateAlert alert = dueWith(Duration.ofHours(-3)).orElseThrow();

        assertThat(alert.alert()).isEqualTo(CertificateAlert.EXPIRED);
        assertThat(alert.subject()).isEqualTo("[einvoice-hub] 憑證已過期 Certificate EXPIRED: 04595257 範例商行, 2026-12-07");
        assertThat(alert.text()).contains("EXPIRED on 2026-12-07 (3 h ago)").contains("archive keeps hashes only")
                .contains("Renew the certificate");
    }

    @Test
    void withoutThresholdsOnlyExpiryIsDue() {
        assertThat(CertificateAlert.expiry(SELLER, null, key, NOT_AFTER.minus(Duration.ofHours(1)), List.of())).isEmpty();
        assertThat(CertificateAlert.expiry(SELLER, null, key, NOT_AFTER, List.of())).get()
                .extracting(CertificateAlert::alert).isEqualTo(CertificateAlert.EXPIRED);
    }

    @Test
    void anUnreadableKeystoreIsRememberedByTheDayAndNamesSellerAndReason() {
        CertificateAlert alert = CertificateAlert.unreadable(SELLER, "範例商行",
                "could not open signing keystore /run/secrets/a.p12 (wrong password, or not a PKCS#12 file)",
                LocalDate.parse("2026-11-30"));

        assertThat(alert.about()).isEqualTo("2026-11-30");
        assertThat(alert.alert()).isEqualTo(CertificateAlert.UNREADABLE);
        assertThat(alert.subject()).isEqualTo("[einvoice-hub] 憑證無法讀取 Certificate keystore unreadable: 04595257 範例商行");
        assertThat(alert.text()).contains("Reason: could not open signing keystore /run/secrets/a.p12")
                .contains("hub.signing.keystores.04595257.path");
    }

    @Test
    void thresholdsAreKeptLongestFirstWithoutDuplicatesOrNonPositiveOnes() {
        SigningProperties settings = new SigningProperties(true, Map.of(), true,
                List.of(Duration.ofDays(1), Duration.ofDays(30), Duration.ZERO, Duration.ofDays(7), Duration.ofDays(1)), null);

        assertThat(settings.expiryWarnings()).containsExactly(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1));
        assertThat(settings.certificateCheckCron()).isEqualTo("0 0 8 * * ?");
    }
}
