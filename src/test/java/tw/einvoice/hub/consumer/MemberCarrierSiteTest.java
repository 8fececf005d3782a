package tw.einvoice.hub.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.reference.TurnkeyValidator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Member carriers end to end on the running hub: invoices naming a member are issued to its carrier (checked by the
 * real Turnkey validator), the consumer is mailed a signed link, and the public pages under /my/ are read over real
 * HTTP: only the carrier's own invoices, nothing for a tampered link or a wrong code, 429 past the limit.
 */
class MemberCarrierSiteTest extends HubIntegrationTest {

    static final String MEMBER_TYPE = "XY0001";
    static final String CARRIER_SECRET = "test-carrier-secret-0123456789abcdef";
    static final String LINK_SECRET = "test-link-secret-0123456789abcdefghij";
    static final int BURST = 60;
    static final GreenMail smtp = started();
    static final Pattern LINK = Pattern.compile("/my/c/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    static final List<Map<String, String>> smsRequests = new CopyOnWriteArrayList<>();
    static final HttpServer smsGateway = smsGateway();

    /** Mitake's SmSend as a real HTTP server on port 0, keeping each form it is posted (ConsumerNotificationTest's fake). */
    static HttpServer smsGateway() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/mtk/SmSend", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> form = new LinkedHashMap<>();
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                smsRequests.add(form);
                byte[] answer = "[1]\r\nmsgid=1234567890\r\nstatuscode=1\r\nAccountPoint=98\r\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static GreenMail started() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/members");
        registry.add("hub.carrier.member-type", () -> MEMBER_TYPE);
        registry.add("hub.carrier.secret", () -> CARRIER_SECRET);
        registry.add("hub.consumer.link-secret", () -> LINK_SECRET);
        registry.add("hub.consumer.base-url", () -> "https://invoice.example.test");
        // one a minute: the burst is all a client gets during the test (the other tests stay well inside it)
        registry.add("hub.consumer.rate-limit.requests-per-minute", () -> "1");
        registry.add("hub.consumer.rate-limit.burst", () -> String.valueOf(BURST));
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("hub.notify.from", () -> "hub@example.test");
        registry.add("hub.notify.consumer-poll-millis", () -> "300");
        registry.add("hub.notify.sms.provider", () -> "mitake");
        registry.add("hub.notify.sms.url", () -> "http://127.0.0.1:" + smsGateway.getAddress().getPort() + "/api/mtk/SmSend?CharsetURL=UTF-8");
        registry.add("hub.notify.sms.username", () -> "hubuser");
        registry.add("hub.notify.sms.password", () -> "s3cret");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        smsGateway.stop(0);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConsumerLinks links;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** A member's invoice: no carrier or print in the record, only who the member is. */
    private ObjectNode memberInvoice(String ref, String source, String memberId, String email) {
        ObjectNode doc = Invoices.valid(ref);
        doc.remove("carrier");
        doc.putObject("member").put("source", source).put("id", memberId);
        if (email != null) {
            doc.putObject("buyer").put("email", email);
        }
        return doc;
    }

    private JsonNode issued(ObjectNode doc, String status) {
        var r = api.post("/api/v1/invoices", doc);
        assertThat(r.status()).as(r.text()).isIn(200, 201, 202);
        var await = InvoiceAwait.bySource(api, doc.get("sourceRef").asText());
        // a numbered invoice may already be past ISSUED when first looked at
        return "ISSUED".equals(status)
                ? await.until("a number", j -> j.hasNonNull("invoiceNumber") && !"RECEIVED".equals(j.path("status").asText()))
                : await.reaches(status);
    }

    private JsonNode member(String source, String id) {
        var r = api.post("/api/v1/members", java.util.Map.of("source", source, "id", id));
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        return r.body();
    }

    private HttpResponse<String> page(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String shown(String number) {
        return number.substring(0, 2) + "-" + number.substring(2);
    }

    private static String token(String link) {
        Matcher m = LINK.matcher(link);
        assertThat(m.find()).as(link).isTrue();
        return m.group(1);
    }

    @Test
    void aMemberInvoiceIsIssuedOnTheMemberCarrierWithItsHiddenCodeNotPrintedAndTurnkeysValidatorAcceptsIt() throws Exception {
        String memberId = "M-" + UUID.randomUUID();
        JsonNode invoice = issued(memberInvoice("mc-" + UUID.randomUUID(), "erp", memberId, null), "CONFIRMED");
        JsonNode member = member("erp", memberId);
        assertThat(member.get("carrierType").asText()).isEqualTo(MEMBER_TYPE);

        String xml = jdbc.sql("SELECT m.xml FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id "
                        + "WHERE i.invoice_number = ? AND m.message_type = 'F0401'")
                .param(invoice.get("invoiceNumber").asText()).query(String.class).single();
        assertThat(xml).contains("<CarrierType>" + MEMBER_TYPE + "</CarrierType>")
                .contains("<CarrierId1>" + member.get("carrierId").asText() + "</CarrierId1>")
                .contains("<CarrierId2>" + member.get("hiddenCode").asText() + "</CarrierId2>")
                .contains("<PrintMark>N</PrintMark>");
        Path file = Files.writeString(Files.createTempDirectory(Path.of("target"), "member-f0401-")
                .resolve(invoice.get("invoiceNumber").asText() + ".xml"), xml);
        TurnkeyValidator.Verdict verdict = TurnkeyValidator.validate("F0401", file);
        assertThat(verdict.ok()).as("Turnkey's validator: " + verdict).isTrue();
    }

    @Test
    void wrongMemberDataIsARejectedRecordNamingFieldAndReason() {
        ObjectNode unknownSource = memberInvoice("bad-member-" + UUID.randomUUID(), "line", "U123", null);
        ObjectNode badEmail = memberInvoice("bad-member-" + UUID.randomUUID(), "email", "not-an-address", null);
        ObjectNode withCarrier = memberInvoice("bad-member-" + UUID.randomUUID(), "erp", "M1", null);
        withCarrier.putObject("carrier").put("type", "3J0002").put("id", "/ABC+123");
        ObjectNode printed = memberInvoice("bad-member-" + UUID.randomUUID(), "erp", "M1", null);
        printed.put("print", true);

        assertThat(rejected(unknownSource)).containsExactly("member.source MEMBER_SOURCE_UNKNOWN");
        assertThat(rejected(badEmail)).containsExactly("member.id MEMBER_EMAIL_FORMAT");
        assertThat(rejected(withCarrier)).containsExactly("member MEMBER_WITH_CARRIER");
        assertThat(rejected(printed)).containsExactly("print PRINT_WITH_CARRIER");
    }

    /** The violations of a refused invoice as "field CODE", and that its record was kept. */
    private List<String> rejected(ObjectNode doc) {
        var r = api.post("/api/v1/invoices", doc);
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.body().get("rejectedId").asLong()).isPositive();
        List<String> out = new ArrayList<>();
        r.body().get("violations").forEach(v -> out.add(v.get("field").asText() + " " + v.get("code").asText()));
        return out;
    }

    @Test
    void theApiEnrolsAMemberOnceAndAnswersTheSameCarrierAgain() {
        String email = "Member-" + UUID.randomUUID() + "@Example.test";
        var first = api.post("/api/v1/members", java.util.Map.of("source", "email", "id", email));
        var again = api.post("/api/v1/members", java.util.Map.of("source", "email", "id", email.toLowerCase()));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
        assertThat(again.body().get("carrierId").asText()).isEqualTo(first.body().get("carrierId").asText());
        assertThat(first.body().get("queryLink").asText()).startsWith("https://invoice.example.test/my/c/");
        var read = api.get("/api/v1/members/" + first.body().get("id").asLong());
        assertThat(read.body().get("hiddenCode").asText()).isEqualTo(first.body().get("hiddenCode").asText());
        assertThat(api.post("/api/v1/members", java.util.Map.of("source", "line", "id", "x")).status()).isEqualTo(400);
    }

    @Test
    void theConsumerIsMailedASignedLinkThatOpensTheirCarrierWithTheInvoiceAndTheAttributionCodes() throws Exception {
        String email = "mail-" + UUID.randomUUID() + "@example.test";
        JsonNode invoice = issued(memberInvoice("mail-" + UUID.randomUUID(), "email", email, null), "CONFIRMED");
        String number = invoice.get("invoiceNumber").asText();

        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        String body = GreenMailUtil.getBody(smtp.getReceivedMessagesForDomain(email)[0]).replace("=\r\n", "").replace("=3D", "=");
        assertThat(body).contains(number).contains("https://invoice.example.test/my/c/");

        HttpResponse<String> carrier = page("/my/c/" + token(body));
        JsonNode member = member("email", email);
        assertThat(carrier.statusCode()).isEqualTo(200);
        assertThat(carrier.body()).contains(shown(number))
                .contains(member.get("carrierId").asText()).contains(member.get("hiddenCode").asText())
                .contains("id=\"carrier-id-qr\" src=\"data:image/png;base64,").contains("歸戶");
        assertThat(carrier.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        HttpResponse<String> detail = page("/my/c/" + token(body) + "/" + number);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains(shown(number)).contains("id=\"proof\" src=\"data:image/png;base64,").contains("乾電池");
    }

    @Test
    void theConsumersSmsCarriesTheSignedLinkThatOpensTheirCarrierWithTheInvoice() throws Exception {
        String phone = "09" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        String memberId = "sms-" + UUID.randomUUID();
        ObjectNode doc = memberInvoice("sms-" + UUID.randomUUID(), "erp", memberId, null);
        doc.putObject("buyer").put("phone", phone);
        String number = issued(doc, "CONFIRMED").get("invoiceNumber").asText();

        await().atMost(Duration.ofSeconds(60)).until(() -> sms(phone).size() == 1);
        String text = sms(phone).get(0).get("smbody");
        assertThat(text).contains(number).contains("https://invoice.example.test/my/c/");

        HttpResponse<String> carrier = page("/my/c/" + token(text));
        JsonNode member = member("erp", memberId);
        assertThat(member.get("phone").asText()).isEqualTo(phone);
        assertThat(carrier.statusCode()).isEqualTo(200);
        assertThat(carrier.body()).contains(shown(number)).contains(member.get("carrierId").asText());
        assertThat(page("/my/c/" + token(text) + "/" + number).statusCode()).isEqualTo(200);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> sms(phone).size() == 1);
    }

    private static List<Map<String, String>> sms(String phone) {
        return smsRequests.stream().filter(r -> phone.equals(r.get("dstaddr"))).toList();
    }

    @Test
    void aConsumerSeesOnlyTheirOwnCarriersInvoices() throws Exception {
        String a = "A-" + UUID.randomUUID();
        String b = "B-" + UUID.randomUUID();
        String a1 = issued(memberInvoice("own-a1-" + UUID.randomUUID(), "erp", a, null), "ISSUED").get("invoiceNumber").asText();
        String a2 = issued(memberInvoice("own-a2-" + UUID.randomUUID(), "erp", a, null), "ISSUED").get("invoiceNumber").asText();
        String b1 = issued(memberInvoice("own-b1-" + UUID.randomUUID(), "erp", b, null), "ISSUED").get("invoiceNumber").asText();
        String linkA = token(member("erp", a).get("queryLink").asText());

        HttpResponse<String> pageA = page("/my/c/" + linkA);
        assertThat(pageA.statusCode()).isEqualTo(200);
        assertThat(pageA.body()).contains(shown(a1), shown(a2)).doesNotContain(shown(b1));
        assertThat(countOf(pageA.body(), "class=\"number\"")).isEqualTo(2);
        assertThat(page("/my/c/" + linkA + "/" + b1).statusCode()).as("B's invoice through A's link").isEqualTo(404);
        assertThat(page("/my/c/" + linkA + "/" + a1).statusCode()).isEqualTo(200);
    }

    @Test
    void aTamperedForeignSignedOrExpiredLinkOpensNothing() throws Exception {
        String a = "T-" + UUID.randomUUID();
        String b = "U-" + UUID.randomUUID();
        issued(memberInvoice("tamper-a-" + UUID.randomUUID(), "erp", a, null), "ISSUED");
        String numberB = issued(memberInvoice("tamper-b-" + UUID.randomUUID(), "erp", b, null), "ISSUED").get("invoiceNumber").asText();
        JsonNode memberB = member("erp", b);
        String linkA = token(member("erp", a).get("queryLink").asText());
        String[] parts = linkA.split("\\.");
        String payloadA = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String expires = payloadA.substring(payloadA.lastIndexOf('|') + 1);

        // A's signature on a payload naming B's carrier
        String toB = "1|" + DEMO_SELLER + "|" + MEMBER_TYPE + "|" + memberB.get("carrierId").asText() + "|" + expires;
        List<String> forged = List.of(
                encode(toB) + "." + parts[1],
                parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("AA") ? "BA" : "AA"),
                encode(toB) + "." + sign(encode(toB), LINK_SECRET + "-not-ours"),
                signed("1|" + DEMO_SELLER + "|" + MEMBER_TYPE + "|" + memberB.get("carrierId").asText() + "|"
                        + Instant.now().minusSeconds(60).getEpochSecond()),
                "garbage", parts[0]);
        for (String token : forged) {
            HttpResponse<String> r = page("/my/c/" + token);
            assertThat(r.statusCode()).as(token).isEqualTo(404);
            assertThat(r.body()).as(token).doesNotContain(shown(numberB)).doesNotContain(memberB.get("hiddenCode").asText());
        }
        // the same payload signed with the hub's secret and not expired does open B's carrier: the checks above are the signature's
        String genuine = signed(toB);
        assertThat(page("/my/c/" + genuine).body()).contains(shown(numberB));
    }

    @Test
    void anOrderNumberWithItsRandomCodeFindsTheInvoiceAndAWrongCodeFindsNothing() throws Exception {
        String ref = "order-" + UUID.randomUUID();
        JsonNode invoice = issued(memberInvoice(ref, "erp", "O-" + UUID.randomUUID(), null), "ISSUED");
        String number = invoice.get("invoiceNumber").asText();
        String code = invoice.get("randomCode") != null && !invoice.get("randomCode").isNull()
                ? invoice.get("randomCode").asText()
                : jdbc.sql("SELECT random_code FROM invoice WHERE invoice_number = ?").param(number).query(String.class).single();
        String wrong = String.format("%04d", (Integer.parseInt(code) + 1) % 10000);

        HttpResponse<String> found = order(ref, code);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains(shown(number)).contains("src=\"data:image/png;base64,");

        HttpResponse<String> notFound = order(ref, wrong);
        assertThat(notFound.statusCode()).isEqualTo(200);
        assertThat(notFound.body()).contains("id=\"not-found\"").doesNotContain(shown(number));
        assertThat(order("no-such-order-" + UUID.randomUUID(), code).body()).contains("id=\"not-found\"");
    }

    @Test
    void theSiteIsPublicWhileTheConsoleAndTheApiStillAskWhoIsCalling() throws Exception {
        assertThat(page("/my/").statusCode()).isEqualTo(200);
        assertThat(page("/my/").body()).contains("查詢您的電子發票").contains("name=\"_csrf\"");
        HttpResponse<String> console = page("/invoices");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(api.anonymous().get("/api/v1/members/1").status()).isEqualTo(401);
    }

    @Test
    void oneClientAddressGets429PastItsBurstWhileAnotherIsStillServed() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.2");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < BURST + 5; i++) {
            statuses.add(rawGet(client, "/my/"));
        }
        assertThat(statuses.subList(0, BURST)).containsOnly(200);
        assertThat(statuses.subList(BURST, BURST + 5)).containsOnly(429);
        assertThat(rawGet(InetAddress.getByName("127.0.0.3"), "/my/")).isEqualTo(200);
    }

    /** A GET from a chosen loopback address: the limit is per client address, and the JDK's client cannot pick one. */
    private int rawGet(InetAddress from, String path) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private HttpResponse<String> order(String orderNumber, String code) throws Exception {
        String form = page("/my/").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();
        String body = "orderNumber=" + URLEncoder.encode(orderNumber, StandardCharsets.UTF_8) + "&randomCode=" + code
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/my/order"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int countOf(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String encode(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(String payload) throws Exception {
        return encode(payload) + "." + sign(encode(payload), LINK_SECRET);
    }

    private static String sign(String encoded, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.UTF_8)));
    }
}
