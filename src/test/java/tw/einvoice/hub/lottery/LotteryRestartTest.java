package tw.einvoice.hub.lottery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub stopped midway, after it matched the winners and queued their notices but before any was sent, then started
 * again on the same data: each winner gets exactly one mail, and importing the numbers again adds none.
 */
class LotteryRestartTest {

    static final GreenMail smtp = started();

    static GreenMail started() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Test
    void winnersQueuedBeforeARestartAreMailedOnceAfterItAndASecondImportAddsNothing() {
        Path data = Path.of("target", "test-data", "lottery-restart-" + UUID.randomUUID()).toAbsolutePath();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code();
        String numbers;
        List<String> winners;
        // first life: no mail server yet, so the notices wait in the outbox when the hub stops
        try (ConfigurableApplicationContext hub = start(data, "--hub.notify.smtp.host=")) {
            HubClient api = client(hub);
            String a = issue(api, "a-" + run);
            String b = issue(api, "b-" + run);
            String c = issue(api, "c-" + run);
            winners = List.of(a, b, c);
            numbers = """
                    {"period":"%s","special":"%s","grand":"%s","first":["%s","12121212","34343434"]}""".formatted(
                    period, a.substring(2), b.substring(2), c.substring(2));
            HubClient.Response imported = admin(hub).postText("/api/v1/lottery/periods/" + period + "/numbers", "application/json", numbers);
            assertThat(imported.status()).as(imported.text()).isEqualTo(201);
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM notification n JOIN lottery_winner w ON w.invoice_id = n.invoice_id
                    WHERE w.period = ? AND n.kind = ? AND n.state = 'PENDING'""").params(period, "LOTTERY-" + period + "-NUMBERS")
                    .query(Integer.class).single() == 3);
            assertThat(lotteryMails(run)).isEmpty();
        }

        // second life: the same data, a mail server now
        try (ConfigurableApplicationContext hub = start(data, "--hub.notify.smtp.host=127.0.0.1")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> lotteryMails(run).size() == 3);
            HubClient.Response again = admin(hub).postText("/api/v1/lottery/periods/" + period + "/numbers", "application/json", numbers);
            assertThat(again.body().path("outcome").asText()).isEqualTo("UNCHANGED");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> lotteryMails(run).size() == 3);
            assertThat(lotteryMails(run).stream().map(LotteryRestartTest::subject).toList()).containsExactlyInAnyOrder(
                    winners.stream().map(n -> "統一發票中獎通知 " + LotteryNotices.periodText(period) + " " + n).toArray(String[]::new));
            assertThat(hub.getBean(JdbcClient.class).sql("SELECT prize FROM lottery_winner WHERE period = ? ORDER BY amount DESC")
                    .param(period).query(String.class).list()).containsExactly("special", "grand", "first");
        }
    }

    private static ConfigurableApplicationContext start(Path data, String smtpHost) {
        return new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0", smtpHost, "--hub.notify.smtp.port=" + smtp.getSmtp().getPort(),
                        "--hub.notify.from=hub@example.test", "--hub.notify.consumer-poll-millis=300", "--hub.lottery.poll-millis=300",
                        "--hub.carrier.member-type=EJ0113",
                        "--hub.carrier.secret=lottery-test-secret-of-at-least-32-characters");
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        return new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port")).bearer(HubIntegrationTest.DEMO_KEY);
    }

    private static HubClient admin(ConfigurableApplicationContext hub) {
        return new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port"))
                .basic("admin", HubIntegrationTest.ADMIN_PASSWORD);
    }

    private static String issue(HubClient api, String ref) {
        ObjectNode doc = Invoices.valid(ref);
        ObjectNode buyer = doc.putObject("buyer");
        buyer.put("id", "0000000000");
        buyer.put("name", "王小明");
        buyer.put("email", ref + "@restart.test");
        ObjectNode carrier = doc.putObject("carrier");
        carrier.put("type", "EJ0113");
        carrier.put("id", "M-" + ref);
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        return InvoiceAwait.bySource(api, ref).until("confirmed", v -> "CONFIRMED".equals(v.path("status").asText()))
                .get("invoiceNumber").asText();
    }

    private static List<MimeMessage> lotteryMails(String run) {
        return Arrays.stream(smtp.getReceivedMessagesForDomain("restart.test"))
                .filter(m -> subject(m).startsWith("統一發票中獎通知") && String.join(",", recipients(m)).contains(run)).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
