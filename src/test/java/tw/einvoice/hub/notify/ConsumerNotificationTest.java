package tw.einvoice.hub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consumer email and SMS against a real SMTP server (GreenMail) and a fake Mitake gateway (the JDK's HTTP server). */
class ConsumerNotificationTest extends HubIntegrationTest {

    /** Replaced when a test stops the mail server and starts it again on the same port. */
    static GreenMail smtp = started();
    static final List<Map<String, String>> smsRequests = new CopyOnWriteArrayList<>();
    static final HttpServer gateway = gateway("/api/mtk/SmSend", "[1]\r\nmsgid=1234567890\r\nstatuscode=1\r\nAccountPoint=98\r\n");

    static GreenMail started() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    static HttpServer gateway(String path, String answer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(path, exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> form = new LinkedHashMap<>();
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                form.put("_query", String.valueOf(exchange.getRequestURI().getQuery()));
                smsRequests.add(form);
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/consumer");
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("hub.notify.from", () -> "hub@example.test");
        registry.add("hub.notify.consumer-poll-millis", () -> "300");
        registry.add("hub.notify.outage-backoff-initial", () -> "PT1S");
        registry.add("hub.notify.outage-backoff-max", () -> "PT2S");
        registry.add("hub.notify.sms.provider", () -> "mitake");
        registry.add("hub.notify.sms.url", () -> "http://127.0.0.1:" + gateway.getAddress().getPort() + "/api/mtk/SmSend?CharsetURL=UTF-8");
        registry.add("hub.notify.sms.username", () -> "hubuser");
        registry.add("hub.notify.sms.password", () -> "s3cret");
    }

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stop() {
        smtp.stop();
        gateway.stop(0);
    }

    @Test
    void aConfirmedPrintedInvoiceMailsTheHtmlWithThePdfProofAndTextsThroughMitakeOnce() throws Exception {
        String email = "buyer-" + UUID.randomUUID() + "@example.test";
        String number = confirmed(email, "0912-345-678", false);

        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        MimeMessage message = smtp.getReceivedMessagesForDomain(email)[0];
        assertThat(message.getSubject()).isEqualTo("電子發票開立通知 " + number);
        Multipart parts = (Multipart) message.getContent();
        String html = null;
        byte[] pdf = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getFileName() != null) {
                assertThat(part.getFileName()).isEqualTo(number + ".pdf");
                pdf = part.getInputStream().readAllBytes();
            } else {
                html = String.valueOf(part.getContent());
            }
        }
        assertThat(html).contains(number).contains("證明聯附於本信");
        assertThat(new String(Arrays.copyOf(pdf, 5), StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(tw.einvoice.hub.print.ProofCodesAccess.read(new PDFRenderer(document).renderImageWithDPI(0, 305)))
                    .startsWith(number);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> smsRequests.stream().anyMatch(r -> "0912345678".equals(r.get("dstaddr"))));
        Map<String, String> sms = smsRequests.stream().filter(r -> "0912345678".equals(r.get("dstaddr"))).findFirst().orElseThrow();
        assertThat(sms).containsEntry("username", "hubuser").containsEntry("password", "s3cret").containsKey("clientid")
                .containsEntry("_query", "CharsetURL=UTF-8");
        assertThat(sms.get("smbody")).contains(number);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(state(number, "SMS")));
        assertThat(jdbc.sql("SELECT provider_answer FROM notification n JOIN invoice i ON i.id = n.invoice_id "
                + "WHERE i.invoice_number = ? AND channel = 'SMS'").param(number).query(String.class).single())
                .isEqualTo("mitake statuscode=1 msgid=1234567890 AccountPoint=98");
        assertThat(jdbc.sql("SELECT address_masked FROM notification n JOIN invoice i ON i.id = n.invoice_id "
                + "WHERE i.invoice_number = ? AND channel = 'SMS'").param(number).query(String.class).single()).isEqualTo("0912***678");

        // once: the issued invoice's text is sent a single time, however often the outbox is polled
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> texts(number) == 1);

        HubClient.Response requested = api.post("/api/v1/invoices/" + number + "/notify", null);
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.text()).contains("EMAIL").contains("SMS").contains("0912***678");
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 2);
        api.post("/api/v1/invoices/" + number + "/notify", null);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> smtp.getReceivedMessagesForDomain(email).length == 2 && texts(number) == 2);
    }

    @Test
    void aMailServerThatIsDownIsOneOutageShownInHealthAndEveryWaitingNoticeIsMailedOnceWhenItIsBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        int port = smtp.getSmtp().getPort();
        List<String> emails = new java.util.ArrayList<>();
        tw.einvoice.hub.OutageRun outage = new tw.einvoice.hub.OutageRun(MailServer.PART);
        smtp.stop();
        long back;
        try {
            outage.load(tw.einvoice.hub.OutageRun.outage(), Duration.ofMillis(400), i -> {
                String email = "smtp-out-" + run + "-" + i + "@example.test";
                emails.add(email);
                ObjectNode doc = Invoices.valid("smtp-out-" + run + "-" + i);
                (doc.has("buyer") ? (ObjectNode) doc.get("buyer") : doc.putObject("buyer")).put("email", email);
                return api.post("/api/v1/invoices", doc).status();
            });
            // however loaded the machine, the server stays down until the hub has met the outage
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(tw.einvoice.hub.OutageRun.health(admin, MailServer.PART)).as("health while the mail server is down").isNotNull());
        } finally {
            GreenMail restarted = new GreenMail(new com.icegreen.greenmail.util.ServerSetup(port, null, "smtp"));
            restarted.start();
            smtp = restarted;
            back = System.nanoTime();
        }
        outage.assertIntakeAcceptedEverything();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(emails).allSatisfy(e -> assertThat(smtp.getReceivedMessagesForDomain(e)).as(e).isNotEmpty()));
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        // a few more rounds of the notification poller (every 300 ms): nothing may come twice
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(emails).allSatisfy(e -> assertThat(smtp.getReceivedMessagesForDomain(e)).as(e).hasSize(1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tw.einvoice.hub.OutageRun.health(admin, MailServer.PART)).as("health once mail goes out").isNull());
        assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE address = ANY (?) AND state = 'SENT'")
                .param((Object) emails.toArray(String[]::new)).query(Long.class).single()).isEqualTo(emails.size());
        assertThat(outage.alerts(jdbc)).as("one finance alert for the outage").isEqualTo(1);
        outage.report("smtp-down", emails.size(), 0, 0, recovery);
    }

    /** Texts the fake gateway received for this invoice's number. */
    private long texts(String number) {
        return smsRequests.stream().filter(r -> r.get("smbody") != null && r.get("smbody").contains(number)).count();
    }

    @Test
    void aCarrierInvoiceMailHasNoPdfAndSaysWhy() throws Exception {
        String email = "carrier-" + UUID.randomUUID() + "@example.test";
        confirmed(email, null, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        MimeMessage message = smtp.getReceivedMessagesForDomain(email)[0];
        String content = message.getContent() instanceof Multipart m ? String.valueOf(m.getBodyPart(0).getContent()) : String.valueOf(message.getContent());
        assertThat(content).contains("不列印證明聯").contains("3J0002");
        assertThat(message.getContent() instanceof Multipart m ? m.getCount() : 1).isEqualTo(1);
    }

    @Test
    void anOptedOutConsumerGetsNothing() throws Exception {
        String email = "optout-" + UUID.randomUUID() + "@example.test";
        assertThat(api.post("/api/v1/notifications/opt-out", Map.of("address", email.toUpperCase())).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/notifications/opt-out", Map.of("address", "+886 987 654 321")).status()).isEqualTo(200);
        String number = confirmed(email, "0987654321", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPTED_OUT".equals(state(number, "EMAIL")) && "OPTED_OUT".equals(state(number, "SMS")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                smtp.getReceivedMessagesForDomain(email).length == 0
                        && smsRequests.stream().noneMatch(r -> "0987654321".equals(r.get("dstaddr"))));
    }

    private String state(String number, String channel) {
        return jdbc.sql("SELECT n.state FROM notification n JOIN invoice i ON i.id = n.invoice_id WHERE i.invoice_number = ? "
                + "AND channel = ? AND kind = 'ISSUED'").params(number, channel).query(String.class).optional().orElse(null);
    }

    private String confirmed(String email, String phone, boolean carrier) throws Exception {
        String ref = "consumer-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(ref);
        if (!carrier) {
            doc.remove("carrier");
            doc.put("print", true);
        }
        ObjectNode buyer = doc.has("buyer") ? (ObjectNode) doc.get("buyer") : doc.putObject("buyer");
        buyer.put("email", email);
        if (phone != null) {
            buyer.put("phone", phone);
        }
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        return InvoiceAwait.bySource(api, ref).until("confirmed", v -> "CONFIRMED".equals(v.path("status").asText()))
                .get("invoiceNumber").asText();
    }
}
