package tw.einvoice.hub.lottery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lottery on the whole hub: winning numbers uploaded, member-carrier invoices matched (donated, printed and
 * other carriers left out), each winner mailed once through GreenMail however often the import and the notices run,
 * the platform's E0504 list read from Turnkey's folder, the winners report, and the HTTP source.
 */
class LotteryWinnersTest extends HubIntegrationTest {

    static final String MEMBER_TYPE = "EJ0113";
    static final GreenMail smtp = started();
    static final Path E0504_DIR = Path.of("target", "test-data", "e0504-" + UUID.randomUUID()).toAbsolutePath();
    static final HttpServer source = source();

    static GreenMail started() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    /** The MOF App API's QryWinningList answer for 11510, as the published-numbers source. */
    static HttpServer source() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/winning", exchange -> {
                byte[] body = ("{\"v\":\"0.2\",\"code\":\"200\",\"msg\":\"查詢成功\",\"invoYm\":\"11510\",\"superPrizeNo\":\"12620024\","
                        + "\"spcPrizeNo\":\"39793895\",\"firstPrizeNo1\":\"67913945\",\"firstPrizeNo2\":\"09954061\","
                        + "\"firstPrizeNo3\":\"54574947\",\"firstPrizeNo4\":\"\",\"sixthPrizeNo1\":\"\"}").getBytes(StandardCharsets.UTF_8);
                String query = String.valueOf(exchange.getRequestURI().getQuery());
                int status = query.contains("term=11510") ? 200 : 404;
                exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
                if (status == 200) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/lottery");
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("hub.notify.from", () -> "hub@example.test");
        registry.add("hub.notify.consumer-poll-millis", () -> "300");
        registry.add("hub.carrier.member-type", () -> MEMBER_TYPE);
        registry.add("hub.carrier.secret", () -> "lottery-test-secret-of-at-least-32-characters");
        registry.add("hub.lottery.poll-millis", () -> "300");
        registry.add("hub.lottery.e0504-dir", E0504_DIR::toString);
        registry.add("hub.lottery.source-url", () -> "http://127.0.0.1:" + source.getAddress().getPort() + "/winning?term={period}");
    }

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stop() {
        smtp.stop();
        source.stop(0);
    }

    @Test
    void eachMemberCarrierWinnerIsMailedOnceWhateverIsImportedAgainAndDonatedPrintedAndOtherCarriersAreLeftOut() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Issued first = issue("first-" + run, "member");
        Issued second = issue("second-" + run, "member");
        Issued loser = issue("loser-" + run, "member");
        Issued cloud = issue("cloud-" + run, "member");
        Issued donated = issue("donated-" + run, "donated");
        Issued printed = issue("printed-" + run, "printed");
        Issued mobile = issue("mobile-" + run, "mobile");
        Issued cancelled = issue("cancelled-" + run, "member");
        assertThat(api.post("/api/v1/invoices/" + cancelled.number() + "/cancel", Map.of("reason", "退貨")).status()).isEqualTo(202);
        InvoiceAwait.byNumber(api, cancelled.number()).reaches("CANCELLED");
        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code();
        String numbers = """
                {"period":"%s","special":"%s","grand":"%s","first":["%s","%s","%s"],"additionalSixth":["%s","%s"]}""".formatted(period,
                donated.digits(), printed.digits(), first.digits(), "9" + second.digits().substring(1), "98765" + loser.digits().substring(5, 6)
                        + (loser.digits().charAt(6) == '9' ? "0" : "9") + loser.digits().charAt(7), mobile.digits().substring(5), cancelled.digits().substring(5));
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);

        HubClient.Response imported = admin.postText("/api/v1/lottery/periods/" + period + "/numbers", "application/json", numbers);
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.body().path("outcome").asText()).isEqualTo("IMPORTED");
        assertThat(imported.body().path("memberCarrierType").asText()).isEqualTo(MEMBER_TYPE);

        await().atMost(Duration.ofSeconds(60)).until(() -> lotteryMails(first.email()).size() == 1 && lotteryMails(second.email()).size() == 1);
        MimeMessage mail = lotteryMails(first.email()).get(0);
        assertThat(mail.getSubject()).isEqualTo("統一發票中獎通知 " + periodText(period) + " " + first.number());
        String text = String.valueOf(mail.getContent());
        WinningNumbers.ClaimWindow window = WinningNumbers.ClaimWindow.of(TaxPeriod.parse(period));
        assertThat(text).contains(first.number()).contains("頭獎").contains("200,000").contains("領獎期間：" + window.from() + " 至 " + window.to())
                .contains("多媒體服務機").contains("ibon");
        assertThat(String.valueOf(lotteryMails(second.email()).get(0).getContent())).contains(second.number()).contains("二獎").contains("40,000");

        // the same numbers again, a match run again (as after a crash before it committed), and a notice queued again
        // (as if the hub stopped after notify had the message): nobody hears twice
        HubClient.Response again = admin.postText("/api/v1/lottery/periods/" + period + "/numbers", "application/json", numbers);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("outcome").asText()).isEqualTo("UNCHANGED");
        jdbc.sql("UPDATE lottery_period SET matched_at = NULL WHERE period = ?").param(period).update();
        jdbc.sql("UPDATE lottery_winner SET notice_queued_at = NULL WHERE period = ?").param(period).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT matched_at IS NOT NULL FROM lottery_period WHERE period = ?")
                .param(period).query(Boolean.class).single()
                && jdbc.sql("SELECT count(*) FROM lottery_winner WHERE period = ? AND notice_queued_at IS NULL").param(period).query(Integer.class).single() == 0);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                lotteryMails(first.email()).size() == 1 && lotteryMails(second.email()).size() == 1
                        && lotteryMails(loser.email()).isEmpty() && lotteryMails(donated.email()).isEmpty()
                        && lotteryMails(printed.email()).isEmpty() && lotteryMails(mobile.email()).isEmpty()
                        && lotteryMails(cancelled.email()).isEmpty());
        assertThat(jdbc.sql("SELECT invoice_number || ' ' || prize || ' ' || amount FROM lottery_winner WHERE period = ? AND source = 'NUMBERS' ORDER BY amount DESC")
                .param(period).query(String.class).list())
                .containsExactly(first.number() + " first 200000", second.number() + " second 40000");

        // different numbers once the winners have been told are refused
        HubClient.Response changed = admin.postText("/api/v1/lottery/periods/" + period + "/numbers", "application/json",
                numbers.replace(first.digits(), "55555555"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.text()).contains("winners-already-told");

        // the platform's E0504: a cloud prize for one invoice, and the first prize we found ourselves (no second notice)
        Files.createDirectories(E0504_DIR);
        String e0504 = awardList(period, List.of(new Award(cloud, "C", 2000), new Award(first, "1", 200000)));
        Files.writeString(E0504_DIR.resolve("E0504-" + run + "-1.xml.tmp"), e0504);
        Files.move(E0504_DIR.resolve("E0504-" + run + "-1.xml.tmp"), E0504_DIR.resolve("E0504-" + run + "-1.xml"));
        await().atMost(Duration.ofSeconds(60)).until(() -> lotteryMails(cloud.email()).size() == 1);
        assertThat(String.valueOf(lotteryMails(cloud.email()).get(0).getContent())).contains("雲端發票專屬獎").contains("2,000");
        // the same list again under another name adds nobody
        Files.writeString(E0504_DIR.resolve("E0504-" + run + "-2.xml"), e0504);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM lottery_award_file WHERE file_name = ?")
                .param("E0504-" + run + "-2.xml").query(Integer.class).single() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                lotteryMails(cloud.email()).size() == 1 && lotteryMails(first.email()).size() == 1);

        // the winners report: highest prize first, the E0504 confirmation beside our own match
        HubClient.Response report = admin.get("/api/v1/lottery/periods/" + period + "/winners");
        assertThat(report.status()).isEqualTo(200);
        // only this run's invoices: another test of this class may add its own E0504 winner to the period
        List<String> ours = List.of(first.number(), second.number(), cloud.number());
        List<String> rows = rows(report.body()).stream().filter(r -> ours.contains(r.split(" ")[0])).toList();
        assertThat(rows).containsExactly(
                first.number() + " first 200000 NUMBERS",
                first.number() + " first 200000 E0504",
                second.number() + " second 40000 NUMBERS",
                cloud.number() + " cloud 2000 E0504");
        HubClient.Response csv = api.get("/api/v1/lottery/periods/" + period + "/winners.csv", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        List<String> all = csv.text().lines().toList();
        assertThat(all.get(0)).isEqualTo("period,seller_id,invoice_number,prize,amount,source,prize_type,found_at,told_at,note");
        List<String> lines = all.stream().filter(l -> l.startsWith("period,") || ours.stream().anyMatch(n -> l.contains("," + n + ","))).toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(4)).startsWith(period + "," + DEMO_SELLER + "," + cloud.number() + ",cloud,2000,E0504,C,");
    }

    @Test
    void aMembersWinnerWhoseInvoiceCarriedNoContactIsMailedOnceAtTheEmailTheMemberGaveLater() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String memberEmail = "member-" + run + "@example.test";
        Map<String, Object> identity = Map.of("source", "erp", "id", "ERP-" + run);
        HubClient.Response enrolled = api.post("/api/v1/members", identity);
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        assertThat(enrolled.body().path("email").isNull()).isTrue();

        ObjectNode doc = Invoices.valid("member-nocontact-" + run);
        doc.remove("carrier");
        doc.putObject("buyer").put("id", "0000000000").put("name", "王小明");
        doc.putObject("member").put("source", "erp").put("id", "ERP-" + run);
        HubClient.Response r = api.post("/api/v1/invoices", doc);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode confirmed = InvoiceAwait.bySource(api, "member-nocontact-" + run)
                .until("confirmed", v -> "CONFIRMED".equals(v.path("status").asText()));
        String number = confirmed.get("invoiceNumber").asText();
        assertThat(jdbc.sql("SELECT document -> 'buyer' ->> 'email' FROM invoice WHERE invoice_number = ?").param(number)
                .query(String.class).optional().orElse(null)).as("the invoice as issued has no email").isNull();

        // the member gives an email after the invoice was issued
        HubClient.Response contact = api.post("/api/v1/members", Map.of("source", "erp", "id", "ERP-" + run, "email", memberEmail));
        assertThat(contact.status()).as(contact.text()).isEqualTo(200);
        assertThat(contact.body().path("email").asText()).isEqualTo(memberEmail);

        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).code();
        Files.createDirectories(E0504_DIR);
        Issued winner = new Issued(number, memberEmail);
        Files.writeString(E0504_DIR.resolve("E0504-member-" + run + ".xml.tmp"), awardList(period, List.of(new Award(winner, "C", 2000))));
        Files.move(E0504_DIR.resolve("E0504-member-" + run + ".xml.tmp"), E0504_DIR.resolve("E0504-member-" + run + ".xml"));
        await().atMost(Duration.ofSeconds(60)).until(() -> lotteryMails(memberEmail).size() == 1);
        assertThat(String.valueOf(lotteryMails(memberEmail).get(0).getContent())).contains(number).contains("雲端發票專屬獎").contains("2,000");

        // the notice queued again (as after a stop before it was marked): still one mail
        jdbc.sql("UPDATE lottery_winner SET notice_queued_at = NULL WHERE invoice_number = ?").param(number).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM lottery_winner WHERE invoice_number = ? AND notice_queued_at IS NULL")
                .param(number).query(Integer.class).single() == 0);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> lotteryMails(memberEmail).size() == 1);
        assertThat(jdbc.sql("SELECT note FROM lottery_winner WHERE invoice_number = ?").param(number).query(String.class).single())
                .contains("told by EMAIL m***@example.test");
    }

    @Test
    void badNumbersAreRefusedNamingTheFieldAndOnlyHqAdminsImport() {
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        HubClient.Response bad = admin.postText("/api/v1/lottery/periods/11508/numbers", "application/json",
                "{\"special\":\"1234\",\"grand\":\"12345678\",\"first\":[\"12345678\",\"12345678\",\"12345678\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("special: 8 digits expected, got 1234");
        HubClient.Response byKey = api.postText("/api/v1/lottery/periods/11508/numbers", "application/json",
                "{\"special\":\"12345678\",\"grand\":\"12345678\",\"first\":[\"12345678\",\"12345678\",\"12345678\"]}");
        assertThat(byKey.status()).isEqualTo(403);
    }

    @Test
    void differentNumbersReplaceAPeriodWhileNobodyHasBeenToldAndThePeriodIsMatchedAgain() {
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        String typo = "{\"special\":\"11111111\",\"grand\":\"22222222\",\"first\":[\"33333333\",\"44444444\",\"55555555\"]}";
        assertThat(admin.postText("/api/v1/lottery/periods/11404/numbers", "application/json", typo).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.get("/api/v1/lottery/periods/11404").body().path("matchedAt").isNull());

        HubClient.Response replaced = admin.postText("/api/v1/lottery/periods/11404/numbers", "application/json", typo.replace("11111111", "11111112"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("outcome").asText()).isEqualTo("REPLACED");
        assertThat(replaced.body().path("numbers").path("special").asText()).isEqualTo("11111112");
        assertThat(replaced.body().path("matchedAt").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.get("/api/v1/lottery/periods/11404").body().path("matchedAt").isNull());
        assertThat(admin.get("/api/v1/lottery/periods/11404").body().path("numbers").path("special").asText()).isEqualTo("11111112");
    }

    @Test
    void theHttpSourceImportsTheMofAnswerAndSaysWhenNothingIsPublished() {
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        HubClient.Response fetched = admin.post("/api/v1/lottery/periods/11510/fetch", null);
        assertThat(fetched.status()).as(fetched.text()).isEqualTo(200);
        assertThat(fetched.body().path("source").asText()).isEqualTo("HTTP");
        assertThat(fetched.body().path("numbers").path("special").asText()).isEqualTo("12620024");
        assertThat(fetched.body().path("numbers").path("first").toString()).isEqualTo("[\"67913945\",\"09954061\",\"54574947\"]");
        assertThat(fetched.body().path("claimFrom").asText()).isEqualTo("2026-12-06");
        assertThat(admin.post("/api/v1/lottery/periods/11506/fetch", null).status()).isEqualTo(404);
    }

    record Issued(String number, String email) {
        String digits() {
            return number.substring(2);
        }
    }

    record Award(Issued invoice, String prizeType, long amount) {
    }

    private Issued issue(String ref, String kind) throws Exception {
        String email = ref + "@example.test";
        ObjectNode doc = Invoices.valid(ref);
        ObjectNode buyer = doc.putObject("buyer");
        buyer.put("id", "0000000000");
        buyer.put("name", "王小明");
        buyer.put("email", email);
        switch (kind) {
            case "member" -> {
                ObjectNode carrier = doc.putObject("carrier");
                carrier.put("type", MEMBER_TYPE);
                carrier.put("id", "M-" + ref);
            }
            case "donated" -> {
                doc.remove("carrier");
                doc.putObject("donation").put("npoban", "25885");
            }
            case "printed" -> {
                doc.remove("carrier");
                doc.put("print", true);
            }
            default -> {
            }
        }
        HubClient.Response r = api.post("/api/v1/invoices", doc);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        String number = InvoiceAwait.bySource(api, ref).until("confirmed", v -> "CONFIRMED".equals(v.path("status").asText()))
                .get("invoiceNumber").asText();
        return new Issued(number, email);
    }

    private List<MimeMessage> lotteryMails(String email) {
        return Arrays.stream(smtp.getReceivedMessagesForDomain(email)).filter(m -> {
            try {
                return m.getSubject().startsWith("統一發票中獎通知");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> rows(JsonNode report) {
        return StreamSupport.stream(report.spliterator(), false)
                .map(w -> w.path("invoiceNumber").asText() + " " + w.path("prize").asText() + " " + w.path("amount").asLong() + " " + w.path("source").asText())
                .toList();
    }

    private static String periodText(String period) {
        TaxPeriod tax = TaxPeriod.parse(period);
        return String.format("%d年%02d-%02d月", tax.rocYear(), tax.closingMonth() - 1, tax.closingMonth());
    }

    private static String awardList(String period, List<Award> awards) {
        String today = LocalDate.now(RuleSettings.TAIPEI).toString().replace("-", "");
        return AwardLists.of(DEMO_SELLER, period, awards.stream()
                .map(a -> new AwardLists.Entry(a.invoice().number(), today, DEMO_SELLER, MEMBER_TYPE, a.prizeType(), a.amount())).toList());
    }
}
