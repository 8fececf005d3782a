package tw.einvoice.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One thing finance must hear about a seller's certificate, with the mail that says it in 中文 and English: the
 * certificate comes within a warning threshold of its expiry, has expired, or its keystore cannot be read.
 *
 * @param about what the alert is remembered by: the certificate's SHA-256, or the day for an unreadable keystore
 * @param alert the threshold crossed ({@code PT168H} for 7 days), {@code EXPIRED} or {@code UNREADABLE}
 */
record CertificateAlert(String sellerId, String about, String alert, Instant notAfter, String subject, String text) {

    static final String EXPIRED = "EXPIRED";
    static final String UNREADABLE = "UNREADABLE";
    // certificates are renewed and expiries reckoned in Taiwan whatever zone the server runs in
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * The alert due for {@code key} at {@code now}: the tightest of {@code thresholds} (longest first) its remaining
     * validity has come within, or EXPIRED; empty while it is further from expiry than every threshold. Only the
     * tightest counts, so a certificate first seen 6 days before expiry gets the 7-day warning and not the 30-day one.
     */
    static Optional<CertificateAlert> expiry(String sellerId, String sellerName, SigningKeys.SigningKey key, Instant now,
                                             List<Duration> thresholds) {
        Duration left = Duration.between(now, key.notAfter());
        if (left.isNegative() || left.isZero()) {
            return Optional.of(expired(sellerId, sellerName, key, now));
        }
        return thresholds.stream().filter(t -> left.compareTo(t) <= 0).reduce((longer, shorter) -> shorter)
                .map(threshold -> expiring(sellerId, sellerName, key, left, threshold));
    }

    private static CertificateAlert expiring(String sellerId, String sellerName, SigningKeys.SigningKey key, Duration left,
                                             Duration threshold) {
        String date = date(key.notAfter());
        String subject = "[einvoice-hub] 憑證即將到期 Certificate expires in " + duration(left) + ": "
                + seller(sellerId, sellerName) + ", " + date;
        String text = """
                賣方 %s 的憑證將於 %s 到期（剩 %s；提醒門檻 %s）。
                The certificate of seller %s expires on %s (%s left; warning at %s before expiry).

                %s
                %s
                """.formatted(seller(sellerId, sellerName), date, duration(left), duration(threshold),
                seller(sellerId, sellerName), date, duration(left), duration(threshold),
                details(key), whatToDo(sellerId, key));
        return new CertificateAlert(sellerId, key.fingerprint(), threshold.toString(), key.notAfter(), subject, text);
    }

    private static CertificateAlert expired(String sellerId, String sellerName, SigningKeys.SigningKey key, Instant now) {
        String date = date(key.notAfter());
        String subject = "[einvoice-hub] 憑證已過期 Certificate EXPIRED: " + seller(sellerId, sellerName) + ", " + date;
        String text = """
                賣方 %s 的憑證已於 %s 到期（%s 前）。平台不接受以過期憑證簽章的上傳；本系統的存證自此僅保存雜湊值。
                The certificate of seller %s EXPIRED on %s (%s ago). The platform does not accept uploads signed \
                with an expired certificate, and the hub's archive keeps hashes only until a valid one is installed.

                %s
                %s
                """.formatted(seller(sellerId, sellerName), date, duration(Duration.between(key.notAfter(), now)),
                seller(sellerId, sellerName), date, duration(Duration.between(key.notAfter(), now)),
                details(key), whatToDo(sellerId, key));
        return new CertificateAlert(sellerId, key.fingerprint(), EXPIRED, key.notAfter(), subject, text);
    }

    /**
     * The seller's keystore cannot be read; {@code reason} names the file and what went wrong, never the password.
     * Remembered by the day, so it is repeated daily while it lasts.
     */
    static CertificateAlert unreadable(String sellerId, String sellerName, String reason, LocalDate today) {
        String subject = "[einvoice-hub] 憑證無法讀取 Certificate keystore unreadable: " + seller(sellerId, sellerName);
        String text = """
                賣方 %s 的憑證檔（PKCS#12）無法讀取，無法得知其到期日；本系統的存證在修正前僅保存雜湊值。
                The certificate keystore (PKCS#12) of seller %s cannot be read, so its expiry is unknown, and the \
                hub's archive keeps hashes only until it can be read.

                原因 Reason: %s

                處理方式：確認 hub.signing.keystores.%s 的 path 指向存在且 hub 可讀的 .p12/.pfx 檔，password 正確（alias 若有設定須存在），然後重新啟動 hub。
                What to do: check that hub.signing.keystores.%s.path names an existing .p12/.pfx file the hub's user \
                can read, that its password is right (and its alias, if set, exists), then restart the hub. This \
                mail repeats daily while the keystore stays unreadable.
                """.formatted(seller(sellerId, sellerName), seller(sellerId, sellerName), reason, sellerId, sellerId);
        return new CertificateAlert(sellerId, today.toString(), UNREADABLE, null, subject, text);
    }

    private static String details(SigningKeys.SigningKey key) {
        return """
                憑證主體 Subject: %s
                SHA-256 指紋 Fingerprint: %s
                有效期間 Valid: %s – %s (Asia/Taipei)
                來源 Keystore: %s%s"""
                .formatted(key.subject(), key.fingerprint(), time(key.certificate().getNotBefore().toInstant()),
                        time(key.notAfter()), key.source(),
                        key.selfSignedTest() ? "\n（自簽測試憑證 self-signed TEST certificate made by the hub: the platform "
                                + "does not accept it; the hub makes a new one when it expires）" : "");
    }

    private static String whatToDo(String sellerId, SigningKeys.SigningKey key) {
        if (key.selfSignedTest()) {
            return """
                    處理方式：正式環境請設定賣方已註冊的憑證（hub.signing.keystores.%s），並設 hub.signing.generate-test-certificates=false。
                    What to do: in production configure the seller's registered certificate (hub.signing.keystores.%s.path \
                    and .password) and set hub.signing.generate-test-certificates=false.""".formatted(sellerId, sellerId);
        }
        return """
                處理方式 What to do:
                1. 向憑證管理中心（如經濟部工商憑證管理中心）申請展期或新憑證。
                   Renew the certificate with its certificate authority (e.g. MOEACA for a 工商憑證).
                2. 到電子發票整合服務平台為此統一編號註冊新憑證。
                   Register the new certificate with the e-invoice platform for BAN %s.
                3. 在 Turnkey 的憑證設定換上新憑證（PFX 檔或 IC 卡），並在本系統換上新的 PKCS#12（hub.signing.keystores.%s.path／password）。
                   Install it in Turnkey (its certificate settings: PFX file or IC card) and here: replace the file at \
                hub.signing.keystores.%s.path (or point path and password at the new one and restart the hub). A file \
                replaced in place is picked up by the next daily check.""".formatted(sellerId, sellerId, sellerId);
    }

    private static String seller(String id, String name) {
        return name == null ? id : id + " " + name;
    }

    static String date(Instant at) {
        return at.atZone(TAIPEI).toLocalDate().toString();
    }

    private static String time(Instant at) {
        return at.atZone(TAIPEI).format(TIME);
    }

    /** "6 d 23 h", "20 h", "30 d": days and hours, enough for an expiry weeks or hours away. */
    static String duration(Duration d) {
        long hours = Math.max(0, d.toHours());
        long days = hours / 24;
        long rest = hours % 24;
        if (days == 0) {
            return hours + " h";
        }
        return rest == 0 ? days + " d" : days + " d " + rest + " h";
    }
}
