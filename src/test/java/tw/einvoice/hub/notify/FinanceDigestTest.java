package tw.einvoice.hub.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.ServerGate;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finance digests against the whole hub and a real SMTP server. The timer is set to an hour so that
 * each test decides when a digest runs, through the same route the timer uses.
 */
class FinanceDigestTest extends HubIntegrationTest {

    static final String FINANCE = "finance@example.test";
    static final String CFO = "cfo@example.test";

    static final GreenMail smtp = started(ServerSetupTest.SMTP.dynamicPort());
    /** The mail server's address as the hub knows it, which a test can take down and bring back. */
    static final ServerGate SMTP = new ServerGate().upTo(smtp.getSmtp().getPort());

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/notify");
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", SMTP::port);
        registry.add("hub.notify.finance-to", () -> FINANCE + "," + CFO);
        registry.add("hub.notify.from", () -> "hub@example.test");
        registry.add("hub.notify.digest-interval", () -> "PT1H");
    }

    @Autowired
    FinanceAlerts alerts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    CamelContext context;
    @Value("${hub.data-dir}")
    String dataDir;

    @BeforeEach
    void nothingPending() throws Exception {
        jdbc.sql("DELETE FROM finance_alert").update();
        jdbc.sql("DELETE FROM finance_alert_report").update();
        jdbc.sql("DELETE FROM invoice WHERE connector = 'notify-test'").update();
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterAll
    static void stopMail() {
        SMTP.close();
        smtp.stop();
    }

    @Test
    void thisContextKeepsItsDataInItsOwnFolderAndRunsTheTimerAtTheConfiguredInterval() {
        assertThat(dataDir).endsWith("/notify");
        assertThat(context.getRoute("finance-digest-timer").getEndpoint().getEndpointUri()).contains("period=3600000");
    }

    @Test
    void twoRejectionsMakeExactlyOneBilingualMailNamingBothInvoicesAndCodes() throws Exception {
        alerts.rejected(UUID.randomUUID(), "AB00000001", DEMO_SELLER, "E0310", "憑證未註冊 certificate not registered");
        alerts.rejected(UUID.randomUUID(), "AB00000002", OTHER_SELLER, "E0501", "發票號碼重複 duplicate invoice number");

        runDigest();

        MimeMessage mail = onlyMail();
        assertThat(mail.getSubject()).isEqualTo("[einvoice-hub] 財務通知 Finance alerts: 2 rejected, 0 stuck, 0 near deadline");
        assertThat(mail.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("hub@example.test");
        String body = (String) mail.getContent();
        assertThat(body)
                .contains("平台退回 Rejected by the platform (2)")
                .contains("AB00000001").contains("E0310").contains("憑證未註冊 certificate not registered")
                .contains("AB00000002").contains("E0501").contains("發票號碼重複")
                .contains(DEMO_SELLER + " 範例商行").contains(OTHER_SELLER + " 別家公司")
                .contains("POST /api/v1/invoices/AB00000001/resend")
                .contains("處理方式").contains("What to do: fix the data");
        assertThat(alerts.unsent()).isZero();
    }

    @Test
    void nothingNewSendsNoMail() throws Exception {
        alerts.rejected(UUID.randomUUID(), "AB00000003", DEMO_SELLER, "E0310", "certificate not registered");
        runDigest();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        smtp.purgeEmailFromAllMailboxes();

        runDigest();

        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aStuckInvoiceIsReportedOnceAndNotInTheNextDigest() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        UUID stuck = invoice("AB00000010", "SENT", now.minusHours(3), now.minusHours(3), null);
        invoice("AB00000011", "SENT", now.minusMinutes(30), now.minusMinutes(30), null);

        runDigest();

        MimeMessage mail = onlyMail();
        assertThat(mail.getSubject()).contains("0 rejected, 1 stuck, 0 near deadline");
        String body = (String) mail.getContent();
        assertThat(body).contains("處理停滯 Stuck").contains("AB00000010").contains(stuck.toString())
                .contains("狀態 Status SENT").contains("TURNKEY_MESSAGE_LOG")
                .doesNotContain("AB00000011");

        smtp.purgeEmailFromAllMailboxes();
        runDigest();

        assertThat(smtp.getReceivedMessages()).as("reported within repeat-after").isEmpty();
    }

    @Test
    void anInvoiceNearItsB2cDeadlineAppearsInTheDeadlineSection() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        invoice("AB00000020", "SENT", now.minusHours(40), now.minusMinutes(5), null);            // B2C: 8 h left
        invoice("AB00000021", "REJECTED", now.minusHours(50), now.minusMinutes(5), "0000000000"); // B2C: 2 h overdue
        invoice("AB00000022", "SENT", now.minusHours(40), now.minusMinutes(5), "12345676");       // B2B: days left
        invoice("AB00000023", "CONFIRMED", now.minusHours(47), now.minusMinutes(5), null);        // done

        runDigest();

        MimeMessage mail = onlyMail();
        assertThat(mail.getSubject()).contains("0 rejected, 0 stuck, 2 near deadline");
        String body = (String) mail.getContent();
        assertThat(body).contains("上傳期限將屆或已逾期 Upload deadline within 12 h or passed (2)")
                .containsPattern("AB00000020 .*B2C 48 h.*剩 left 7 h 5\\d min")
                .containsPattern("AB00000021 .*已逾期 OVERDUE by 2 h")
                .doesNotContain("AB00000022").doesNotContain("AB00000023");
        assertThat(body.indexOf("AB00000021")).as("most urgent first").isLessThan(body.indexOf("AB00000020"));
    }

    @Test
    void whileSmtpIsDownAlertsStayUnsentAndGoOutOnceItIsBack() throws Exception {
        SMTP.down();
        try {
            alerts.rejected(UUID.randomUUID(), "AB00000030", DEMO_SELLER, "E0310", "certificate not registered");

            runDigest();

            assertThat(alerts.unsent()).as("the rejection, and one alert for the mail server's outage").isEqualTo(2);
            assertThat(smtp.getReceivedMessages()).isEmpty();
        } finally {
            SMTP.upTo(smtp.getSmtp().getPort());
        }

        runDigest();

        MimeMessage mail = onlyMail();
        assertThat((String) mail.getContent()).contains("AB00000030").contains("E0310").contains("OUTAGE").contains("smtp");
        assertThat(alerts.unsent()).isZero();
    }

    @Test
    void platformRejectionOfAPostedInvoiceBecomesRejectedAndOneFinanceMail() throws Exception {
        String sourceRef = "reject-mail-" + UUID.randomUUID();
        var doc = Invoices.valid(sourceRef);
        doc.put("remark", "#REJECT:E0310");
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        String number = InvoiceAwait.bySource(api, sourceRef).until("REJECTED with E0310", view ->
                "REJECTED".equals(view.get("status").asText())
                        && "E0310".equals(view.path("platformError").path("code").asText())).get("invoiceNumber").asText();

        runDigest();

        MimeMessage mail = onlyMail();
        String text = mail.getContent().toString();
        assertThat(text).contains(number).contains("E0310");
        assertThat(alerts.unsent()).isZero();
    }

    private void runDigest() {
        camel.sendBody(FinanceDigestRoutes.DIGEST, null);
    }

    /** One mail to the list arrives once per recipient; all copies must be the same message. */
    private static MimeMessage onlyMail() throws Exception {
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(Arrays.stream(received).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(1);
        assertThat(smtp.findReceivedMessages(user -> FINANCE.equals(user.getEmail()), m -> true)).hasSize(1);
        assertThat(smtp.findReceivedMessages(user -> CFO.equals(user.getEmail()), m -> true)).hasSize(1);
        return received[0];
    }

    private UUID invoice(String number, String status, OffsetDateTime issuedAt, OffsetDateTime updatedAt, String buyerId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO invoice (id, connector, source_ref, seller_id, invoice_type, invoice_number, issued_at,
                            buyer_id, status, document, updated_at)
                        VALUES (?, 'notify-test', ?, ?, '07', ?, ?, ?, ?, '{}'::jsonb, ?)""")
                .params(id, id.toString(), DEMO_SELLER, number, issuedAt, buyerId, status, updatedAt)
                .update();
        return id;
    }

    private static GreenMail started(ServerSetup setup) {
        GreenMail mail = new GreenMail(setup);
        mail.start();
        return mail;
    }
}
