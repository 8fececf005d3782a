package tw.einvoice.hub.signing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.notify.Mailer;
import tw.einvoice.hub.seller.SellerDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The certificate watch against the whole hub and a real SMTP server. The demo seller's configured keystore expires
 * in six days, so the check the hub runs at start has exactly one thing to say. Tests never purge the mailbox (the
 * start check mails whenever the context is up); each looks at the mails about its own seller and certificate.
 */
class CertificateWatchTest extends HubIntegrationTest {

    static final String FINANCE = "finance@example.test";
    static final Instant SIX_DAYS_ON = Instant.now().plus(6, ChronoUnit.DAYS);
    static final Path KEYSTORES = folder();
    static final Path DEMO_KEYSTORE = KEYSTORES.resolve("demo.p12");

    static GreenMail smtp = started();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        TestKeystores.write(DEMO_KEYSTORE, "demo-secret", "範例商行", DEMO_SELLER, SIX_DAYS_ON);
        registry.add("hub.test.context-folder", () -> "/certificates");
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("hub.notify.finance-to", () -> FINANCE);
        registry.add("hub.notify.digest-interval", () -> "PT1H");
        registry.add("hub.signing.keystores." + DEMO_SELLER + ".path", DEMO_KEYSTORE::toString);
        registry.add("hub.signing.keystores." + DEMO_SELLER + ".password", () -> "demo-secret");
    }

    @Autowired
    CertificateWatch watch;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SellerDirectory sellers;
    @Autowired
    Mailer mailer;
    @Autowired
    Scheduler scheduler;

    @AfterAll
    static void stopMail() {
        smtp.stop();
    }

    @Test
    void aCertificateExpiringInSixDaysProducesExactlyOneFinanceMailNamingTheSellerAndTheDate() throws Exception {
        String date = CertificateAlert.date(SIX_DAYS_ON);

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsSaying(DEMO_SELLER).size() == 1);

        MimeMessage mail = mailsSaying(DEMO_SELLER).get(0);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(FINANCE);
        // six days less the moments since the keystore was made
        assertThat(mail.getSubject()).isEqualTo("[einvoice-hub] 憑證即將到期 Certificate expires in 5 d 23 h: "
                + DEMO_SELLER + " 範例商行, " + date);
        assertThat((String) mail.getContent())
                .contains("The certificate of seller " + DEMO_SELLER + " 範例商行 expires on " + date)
                .contains(DEMO_KEYSTORE.toString())
                .contains("Renew the certificate").contains("Install it in Turnkey")
                .doesNotContain("demo-secret");

        assertThat(watch.check()).as("a second check").isEmpty();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> mailsSaying(DEMO_SELLER).size() == 1);
        assertThat(jdbc.sql("SELECT alert FROM certificate_alert WHERE seller_id = ?").param(DEMO_SELLER)
                .query(String.class).list()).containsExactly("PT168H");
    }

    @Test
    void anUnreadableKeystoreMailsFinanceOnceADayNamingTheSellerAndTheFileButNotThePassword(@TempDir Path dir)
            throws Exception {
        Path p12 = dir.resolve("other.p12");
        TestKeystores.write(p12, "right-password", "別家公司", OTHER_SELLER, Instant.now().plus(300, ChronoUnit.DAYS));
        CertificateWatch other = watch(Map.of(OTHER_SELLER, new SigningProperties.Keystore(p12, "wrong-password", null)),
                Clock.systemUTC());

        List<CertificateAlert> first = other.check();
        List<CertificateAlert> again = other.check();

        assertThat(first).extracting(CertificateAlert::alert).containsExactly(CertificateAlert.UNREADABLE);
        assertThat(again).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsSaying(OTHER_SELLER + " 別家公司").stream()
                .anyMatch(m -> subject(m).contains("keystore unreadable")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> mailsSaying(OTHER_SELLER + " 別家公司")
                .stream().filter(m -> subject(m).contains("keystore unreadable")).count() == 1);
        String text = mailsSaying(OTHER_SELLER).stream().filter(m -> subject(m).contains("keystore unreadable"))
                .map(CertificateWatchTest::content).findFirst().orElseThrow();
        assertThat(text).contains(p12.toString()).contains("wrong password")
                .doesNotContain("wrong-password").doesNotContain("right-password");
    }

    @Test
    void anExpiredCertificateMailsFinanceThatItHasExpired(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("expired.p12");
        Instant expired = Instant.now().minus(2, ChronoUnit.DAYS);
        TestKeystores.write(p12, "pw", "別家公司", OTHER_SELLER, expired);
        CertificateWatch other = watch(Map.of(OTHER_SELLER, new SigningProperties.Keystore(p12, "pw", null)),
                Clock.systemUTC());

        assertThat(other.check()).extracting(CertificateAlert::alert).containsExactly(CertificateAlert.EXPIRED);
        assertThat(other.check()).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> mailsSaying(OTHER_SELLER).stream()
                .anyMatch(m -> subject(m).equals("[einvoice-hub] 憑證已過期 Certificate EXPIRED: " + OTHER_SELLER + " 別家公司, "
                        + CertificateAlert.date(expired))));
    }

    @Test
    void theDailyCheckIsAClusteredQuartzJobOnTheConfiguredSchedule() throws Exception {
        CronTrigger trigger = (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("signing-certificate-check"));

        assertThat(trigger.getCronExpression()).isEqualTo("0 0 8 * * ?");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("Asia/Taipei");
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
    }

    /** A watch of other keystores on the same database and mail server, as a second hub configured so would run. */
    private CertificateWatch watch(Map<String, SigningProperties.Keystore> keystores, Clock clock) throws IOException {
        SigningProperties settings = SigningProperties.of(true, keystores, false);
        Path certs = Files.createTempDirectory("certs");
        return new CertificateWatch(settings, new SigningKeys(settings, certs, ban -> Optional.empty(), clock), sellers, jdbc,
                mailer, clock);
    }

    private static List<MimeMessage> mailsSaying(String text) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains(text)).toList();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String content(MimeMessage mail) {
        try {
            return (String) mail.getContent();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("hub-keystores");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GreenMail started() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }
}
