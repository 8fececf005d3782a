package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pushes as Shopee sends them: signed with the Live Push Partner Key, lost ones in the documented shape, code 12. */
class ShopeePushTest extends ShopeeFakeHubTest {

    @Autowired
    ShopeeTokens tokens;
    @Autowired
    ShopeeLostPush lostPush;
    @Autowired
    ShopeeOrders orders;

    @Test
    void pushSignedWithThePushKeyIsTakenAndOneSignedWithTheApiKeyIsRefused() throws Exception {
        tokens.exchangeCode("code-push-key", PUSH_SHOP);
        FAKE.addOrder(PUSH_SHOP, FakeShopee.order("PKEY0001", "COMPLETED", now(), 210, 1));
        FAKE.addOrder(PUSH_SHOP, FakeShopee.order("PKEY0002", "COMPLETED", now(), 315, 1));
        String byPushKey = orderStatusPush(PUSH_SHOP, "PKEY0001");
        String byApiKey = orderStatusPush(PUSH_SHOP, "PKEY0002");

        HttpResponse<String> taken = push(byPushKey, new ShopeeSigner(PUSH_KEY).hmac(CALLBACK + "|" + byPushKey));
        HttpResponse<String> refused = push(byApiKey, new ShopeeSigner(API_KEY).hmac(CALLBACK + "|" + byApiKey));

        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).isEmpty();
        assertThat(refused.statusCode()).as("signed with the API partner key while a push key is set").isEqualTo(401);
        await().atMost(Duration.ofSeconds(30)).until(() -> invoice(PUSH_SHOP, "PKEY0001").isPresent());
        assertThat(invoice(PUSH_SHOP, "PKEY0001").orElseThrow().document().getTotalAmount()).isEqualByComparingTo("210");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> invoice(PUSH_SHOP, "PKEY0002").isEmpty()
                && FAKE.detailBatches.stream().noneMatch(b -> b.contains("PKEY0002")));
    }

    @Test
    void lostPushPageInShopeesDocumentedShapeBecomesInvoicesBeforeItIsConfirmed() {
        tokens.exchangeCode("code-lost-documented", LOST_SHOP);
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOSTD001", "COMPLETED", now() - 60, 210, 1));
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOSTD002", "COMPLETED", now() - 60, 420, 1));
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOSTI003", "COMPLETED", now() - 60, 105, 1));
        ObjectNode unreadable = FakeShopee.JSON.createObjectNode().put("shop_id", LOST_SHOP).put("code", 3)
                .put("timestamp", now()).put("data", "{\"data\":{\"ordersn\":");
        FAKE.addLostPushes(List.of(
                FakeShopee.documentedLostPush(LOST_SHOP, 3, orderStatus("LOSTD001")),
                FakeShopee.documentedLostPush(LOST_SHOP, 3, orderStatus("LOSTD002")),
                FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("LOSTI003")), // the inner shape, still read
                unreadable));
        List<String> atConfirm = new ArrayList<>();
        FAKE.onConfirmLost = id -> {
            for (String sn : List.of("LOSTD001", "LOSTD002", "LOSTI003")) {
                atConfirm.add(sn + (invoice(LOST_SHOP, sn).isPresent() ? " invoiced" : " missing"));
            }
            atConfirm.add("confirmed " + id);
        };
        try {
            ShopeeLostPush.Recovered run = lostPush.recover();

            assertThat(run.pages()).isEqualTo(1);
            assertThat(run.orderChanges()).isEqualTo(3);
            assertThat(run.unreadable()).isEqualTo(1);
        } finally {
            FAKE.onConfirmLost = id -> { };
        }
        assertThat(atConfirm).as("what existed when Shopee saw the confirm").containsExactly("LOSTD001 invoiced", "LOSTD002 invoiced",
                "LOSTI003 invoiced", "confirmed " + FAKE.confirmedLost.get(FAKE.confirmedLost.size() - 1));
        assertThat(invoice(LOST_SHOP, "LOSTD002").orElseThrow().document().getTotalAmount()).isEqualByComparingTo("420");
        assertThat(FAKE.hasLostPushes()).isFalse();
        Map<String, Object> kept = jdbc.sql("SELECT shop_id, code, reason, message FROM shopee_push_unread WHERE shop_id = ?")
                .param(LOST_SHOP).query().singleRow();
        assertThat(kept.get("code")).isEqualTo(3);
        assertThat((String) kept.get("reason")).startsWith("data is not JSON");
        assertThat((String) kept.get("message")).contains("{\\\"data\\\":{\\\"ordersn\\\":");
    }

    @Test
    void authorisationExpiryPushMailsTheShopsAdminsAndFinanceOnceWithTheReauthoriseLink() throws Exception {
        tokens.exchangeCode("code-expiry", EXPIRY_SHOP);
        long notOurs = 987654321L;
        String body = "{\"code\":12,\"timestamp\":" + now() + ",\"data\":{\"merchant_expire_soon\":[],\"shop_expire_soon\":["
                + EXPIRY_SHOP + "," + notOurs + "],\"user_expire_soon\":[],\"expire_before\":" + (now() + 6 * 86400)
                + ",\"page_no\":1,\"total_page\":1}}";
        String authorization = new ShopeeSigner(PUSH_KEY).hmac(CALLBACK + "|" + body);

        assertThat(push(body, authorization).statusCode()).isEqualTo(200);
        assertThat(push(body, authorization).statusCode()).as("Shopee repeats a push").isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> mailsAbout(EXPIRY_SHOP).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> mailsAbout(EXPIRY_SHOP).size() == 1);
        MimeMessage mail = mailsAbout(EXPIRY_SHOP).get(0);
        assertThat(recipients(mail)).containsExactlyInAnyOrder(SHOP_ADMIN, FINANCE);
        assertThat(subject(mail)).startsWith("[einvoice-hub] Shopee shop " + EXPIRY_SHOP + ": ").contains("authorisation expires before");
        assertThat(text(mail)).contains(REAUTHORIZE).contains("seller " + DEMO_SELLER);
        assertThat(mailsAbout(notOurs)).as("a shop the hub does not hold").isEmpty();
    }

    @Test
    void longCatchUpIsSplitIntoWindowsUnderFifteenDays() {
        tokens.exchangeCode("code-catch-up", CATCH_UP_SHOP);
        long start = now() - 40L * 86400;
        jdbc.sql("UPDATE shopee_shop SET order_cursor = ? WHERE shop_id = ?").params(start, CATCH_UP_SHOP).update();
        FAKE.addOrder(CATCH_UP_SHOP, FakeShopee.order("CATCH001", "COMPLETED", now() - 35L * 86400, 105, 1));
        FAKE.addOrder(CATCH_UP_SHOP, FakeShopee.order("CATCH002", "COMPLETED", now() - 20L * 86400, 105, 1));
        int before = FAKE.orderListWindows.size();

        ShopeeOrders.PollResult result = orders.poll(CATCH_UP_SHOP);

        List<long[]> windows = FAKE.orderListWindows.subList(before, FAKE.orderListWindows.size()).stream()
                .sorted(Comparator.comparingLong(w -> w[0])).toList();
        assertThat(windows).as("40 days in windows of at most 14").hasSize(3);
        assertThat(windows).allSatisfy(w -> assertThat(w[1] - w[0]).isLessThan(15L * 86400).isLessThanOrEqualTo(14L * 86400));
        assertThat(windows.get(0)[0]).isEqualTo(start - 600); // the overlap before the watermark
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i)[0]).as("contiguous").isEqualTo(windows.get(i - 1)[1]);
        }
        assertThat(result.issued()).isEqualTo(2);
        assertThat(invoice(CATCH_UP_SHOP, "CATCH001")).isPresent();
    }

    @Test
    void pushReaderTakesEveryDocumentedShape() {
        ObjectNode documented = FakeShopee.documentedLostPush(LOST_SHOP, 3, orderStatus("SHAPE001"));
        ObjectNode inner = FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("SHAPE002"));
        ObjectNode live = FakeShopee.JSON.createObjectNode().put("shop_id", LOST_SHOP).put("code", 3).put("timestamp", now());
        live.set("data", orderStatus("SHAPE003"));

        assertThat(List.of(documented, inner, live)).map(ShopeePush::read)
                .allSatisfy(m -> assertThat(m.readable()).isTrue())
                .extracting(m -> m.shopId() + "/" + m.code() + "/" + m.data().path("ordersn").asText())
                .containsExactly(LOST_SHOP + "/3/SHAPE001", LOST_SHOP + "/3/SHAPE002", LOST_SHOP + "/3/SHAPE003");
        assertThat(ShopeePush.read(FakeShopee.JSON.createObjectNode().put("shop_id", LOST_SHOP).put("code", 3).put("data", "{}"))
                .unreadable()).isEqualTo("order status push without data.ordersn");
    }

    private static ObjectNode orderStatus(String sn) {
        ObjectNode data = FakeShopee.JSON.createObjectNode();
        data.putArray("items");
        return data.put("ordersn", sn).put("status", "COMPLETED").put("completed_scenario", "").put("update_time", now());
    }

    private static String orderStatusPush(long shop, String sn) {
        return "{\"data\":" + orderStatus(sn) + ",\"shop_id\":" + shop + ",\"code\":3,\"timestamp\":" + now() + "}";
    }

    private HttpResponse<String> push(String body, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/shopee/push"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
