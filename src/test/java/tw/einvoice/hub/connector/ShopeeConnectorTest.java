package tw.einvoice.hub.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Shopee connector against a real local HTTP server that answers Shopee's paths and checks our signatures. */
class ShopeeConnectorTest extends HubIntegrationTest {

    static final long PARTNER = 2001887;
    static final String KEY = "shpk-test-partner-key";
    static final String CALLBACK = "https://hub.example.com/api/v1/shopee/push";
    static final long POLLED_SHOP = 100001;
    static final long REFRESH_SHOP = 100002;
    static final long PUSH_SHOP = 100003;
    static final long SHOPEE_ISSUES_SHOP = 100004;
    static final long CANCEL_SHOP = 100005;
    static final long RETURN_SHOP = 100006;
    static final long ROUTE_SHOP = 100007;
    static final FakeShopee FAKE;

    static {
        try {
            FAKE = new FakeShopee(PARTNER, KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void shopee(DynamicPropertyRegistry r) {
        r.add("hub.test.context-folder", () -> "/shopee");
        r.add("hub.shopee.base-url", FAKE::baseUrl);
        r.add("hub.shopee.partner-id", () -> PARTNER);
        r.add("hub.shopee.partner-key", () -> KEY);
        r.add("hub.shopee.callback-url", () -> CALLBACK);
        r.add("hub.shopee.backoff", () -> "PT0.05S");
        r.add("hub.shopee.requests-per-second", () -> "200");
        for (long shop : List.of(POLLED_SHOP, REFRESH_SHOP, PUSH_SHOP, SHOPEE_ISSUES_SHOP, CANCEL_SHOP, RETURN_SHOP, ROUTE_SHOP)) {
            r.add("hub.shopee.shops." + shop + ".seller-id", () -> DEMO_SELLER);
        }
        r.add("hub.shopee.shops." + SHOPEE_ISSUES_SHOP + ".invoice-by-shopee", () -> "true");
        // routes/shopee-tw.yaml through connectors/shopee-orders-source.kamelet.yaml, as shipped
        r.add("hub.shopee.enabled", () -> "true");
        r.add("hub.shopee.route-shop-id", () -> ROUTE_SHOP);
        r.add("hub.shopee.poll-period-millis", () -> "1000");
        r.add("hub.shopee.poll-delay-millis", () -> "1000");
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Autowired
    ShopeeOrders orders;
    @Autowired
    ShopeeTokens tokens;
    @Autowired
    ShopeeProperties settings;
    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void pollingPagesThroughOrdersAndHandsCompletedOnesToIntake() {
        tokens.exchangeCode("code-polled", POLLED_SHOP);
        long t = now() - 3600;
        int completed = 149;
        for (int i = 0; i < completed; i++) {
            FAKE.addOrder(POLLED_SHOP, FakeShopee.order(String.format("P%05d", i), "COMPLETED", t, 105, 1));
        }
        ObjectNode bundle = FakeShopee.order("P99998", "COMPLETED", t, 150, 2);
        ((ObjectNode) bundle.path("item_list").get(0)).put("model_discounted_price", 0).put("promotion_type", "bundle_deal");
        FAKE.addOrder(POLLED_SHOP, bundle);
        FAKE.addOrder(POLLED_SHOP, FakeShopee.order("P99999", "READY_TO_SHIP", t, 105, 1));
        int listBefore = listCalls(POLLED_SHOP);

        long started = System.nanoTime();
        ShopeeOrders.PollResult result = orders.poll(POLLED_SHOP);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Shopee poll through the fake: %d orders to intake in %.2f s = %.0f orders/s%n",
                result.issued(), seconds, result.issued() / seconds);

        assertThat(result.listed()).isEqualTo(151);
        assertThat(result.issued()).isEqualTo(150);
        assertThat(listCalls(POLLED_SHOP) - listBefore).as("two pages of ≤ 100").isEqualTo(2);
        assertThat(FAKE.detailBatches).allSatisfy(b -> assertThat(b.split(",")).hasSizeLessThanOrEqualTo(50));
        assertThat(FAKE.calls(ShopeeOrders.ESCROW_DETAIL)).as("only the bundle deal needs escrow").isEqualTo(1);
        StoredInvoice first = invoice(POLLED_SHOP, "P00000").orElseThrow();
        assertThat(first.document().getCarrier().type()).isEqualTo("EJ0113");
        assertThat(first.document().getCarrier().id()).isEqualTo("shopee:1170319091");
        assertThat(first.document().getTotalAmount()).isEqualByComparingTo("105");
        // bundle: escrow's 20% off 2 × 150 = 240, not the order's 0
        assertThat(invoice(POLLED_SHOP, "P99998").orElseThrow().document().getTotalAmount()).isEqualByComparingTo("240");
        assertThat(invoice(POLLED_SHOP, "P99999")).isEmpty();
        Long watermark = jdbc.sql("SELECT order_cursor FROM shopee_shop WHERE shop_id = ?").param(POLLED_SHOP).query(Long.class).single();
        assertThat(watermark).isBetween(now() - 60, now());

        // the next run overlaps the last window: repeats are recognised, nothing new is made
        assertThat(orders.poll(POLLED_SHOP).issued()).isZero();
    }

    @Test
    void cancelledOrderCancelsItsConfirmedInvoice() {
        tokens.exchangeCode("code-cancel", CANCEL_SHOP);
        FAKE.addOrder(CANCEL_SHOP, FakeShopee.order("C00001", "COMPLETED", now() - 60, 210, 1));
        orders.poll(CANCEL_SHOP);
        await().atMost(Duration.ofSeconds(60)).until(() -> invoice(CANCEL_SHOP, "C00001").map(StoredInvoice::status)
                .orElse(null) == InvoiceStatus.CONFIRMED);

        FAKE.addOrder(CANCEL_SHOP, FakeShopee.order("C00001", "CANCELLED", now(), 210, 1));
        orders.poll(CANCEL_SHOP);

        await().atMost(Duration.ofSeconds(60)).until(() -> invoice(CANCEL_SHOP, "C00001").orElseThrow().status() == InvoiceStatus.CANCELLED);
        assertThat(jdbc.sql("SELECT count(*) FROM allowance WHERE invoice_id = ?").param(invoice(CANCEL_SHOP, "C00001").orElseThrow().id())
                .query(Long.class).single()).as("cancelled in its period, not allowed").isZero();
    }

    @Test
    void acceptedReturnBecomesAnAllowanceOnceTheInvoiceIsConfirmed() {
        tokens.exchangeCode("code-return", RETURN_SHOP);
        FAKE.addOrder(RETURN_SHOP, FakeShopee.order("RET0001", "COMPLETED", now() - 60, 210, 2));
        ObjectNode ret = FakeShopee.JSON.createObjectNode().put("return_sn", "RS0001").put("order_sn", "RET0001")
                .put("status", "ACCEPTED").put("refund_amount", 210).put("update_time", now());
        FAKE.returns.put(RETURN_SHOP, List.of(ret));

        orders.poll(RETURN_SHOP); // the invoice is only RECEIVED now: the refund waits
        assertThat(jdbc.sql("SELECT state FROM shopee_adjustment WHERE ref = 'RS0001'").query(String.class).single()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(60)).until(() -> invoice(RETURN_SHOP, "RET0001").map(StoredInvoice::status)
                .orElse(null) == InvoiceStatus.CONFIRMED);
        orders.poll(RETURN_SHOP);

        assertThat(jdbc.sql("SELECT state FROM shopee_adjustment WHERE ref = 'RS0001'").query(String.class).single()).isEqualTo("DONE");
        StoredInvoice invoice = invoice(RETURN_SHOP, "RET0001").orElseThrow();
        assertThat(jdbc.sql("SELECT amount + tax FROM allowance WHERE invoice_id = ?").param(invoice.id()).query(BigDecimal.class).single())
                .isEqualByComparingTo("210");
        orders.poll(RETURN_SHOP); // seen again in the overlap: applied once only
        assertThat(jdbc.sql("SELECT count(*) FROM allowance WHERE invoice_id = ?").param(invoice.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void expiredAccessTokenIsRefreshedAndTheSpentRefreshTokenIsRefused() {
        tokens.exchangeCode("code-refresh", REFRESH_SHOP);
        String oldRefresh = refreshToken(REFRESH_SHOP);
        jdbc.sql("UPDATE shopee_shop SET expires_at = ? WHERE shop_id = ?").params(OffsetDateTime.now().minusMinutes(1), REFRESH_SHOP).update();
        int refreshes = FAKE.calls(ShopeeTokens.ACCESS_TOKEN_GET);

        orders.poll(REFRESH_SHOP);

        assertThat(FAKE.calls(ShopeeTokens.ACCESS_TOKEN_GET) - refreshes).isEqualTo(1);
        String newRefresh = refreshToken(REFRESH_SHOP);
        assertThat(newRefresh).isNotEqualTo(oldRefresh);
        assertThat(FAKE.refreshTokens).containsKey(newRefresh);
        assertThat(jdbc.sql("SELECT expires_at FROM shopee_shop WHERE shop_id = ?").param(REFRESH_SHOP)
                .query(OffsetDateTime.class).single()).isAfter(OffsetDateTime.now().plusHours(3));
        // spending the old refresh token again is what the row lock prevents; Shopee would refuse it
        assertThatThrownBy(() -> new ShopeeClient(settings, clock).publicPost(ShopeeTokens.ACCESS_TOKEN_GET,
                Map.of("refresh_token", oldRefresh, "partner_id", PARTNER, "shop_id", REFRESH_SHOP)))
                .isInstanceOfSatisfying(ShopeeApiException.class, e -> assertThat(e.error()).isEqualTo("error_param"));
    }

    @Test
    void rejectedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        tokens.exchangeCode("code-revoked", REFRESH_SHOP);
        FAKE.accessTokens.clear(); // Shopee no longer accepts the stored one (e.g. the seller re-authorised)
        FAKE.addOrder(REFRESH_SHOP, FakeShopee.order("R00001", "COMPLETED", now() - 60, 105, 1));

        assertThat(orders.poll(REFRESH_SHOP).issued()).isEqualTo(1);
    }

    @Test
    void rateLimitedCallsBackOffAndThenSucceed() {
        tokens.exchangeCode("code-throttled", REFRESH_SHOP);
        FAKE.throttleNext.put(ShopeeOrders.ORDER_LIST + "#" + REFRESH_SHOP, new java.util.concurrent.atomic.AtomicInteger(2));
        int throttledBefore = FAKE.throttled.get();
        int before = listCalls(REFRESH_SHOP);

        ShopeeOrders.PollResult result = orders.poll(REFRESH_SHOP);

        assertThat(FAKE.throttled.get() - throttledBefore).as("two 429s answered").isEqualTo(2);
        assertThat(listCalls(REFRESH_SHOP) - before).as("then the answer").isGreaterThanOrEqualTo(1);
        assertThat(result.skipped()).isFalse();
    }

    @Test
    void signErrorIsNeverRetried() {
        tokens.exchangeCode("code-sign", REFRESH_SHOP);
        String token = tokens.accessToken(REFRESH_SHOP);
        var wrongKey = new ShopeeProperties(PARTNER, "not-the-partner-key", FAKE.baseUrl(), CALLBACK, "COMPLETED", 200, 4,
                Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofDays(3), Duration.ofMinutes(5), Map.of());
        int before = FAKE.calls(ShopeeOrders.ORDER_DETAIL);

        assertThatThrownBy(() -> new ShopeeClient(wrongKey, clock).shopGet(REFRESH_SHOP, token, ShopeeOrders.ORDER_DETAIL,
                Map.of("order_sn_list", "X", "response_optional_fields", "item_list")))
                .isInstanceOfSatisfying(ShopeeApiException.class, e -> assertThat(e.error()).isEqualTo("error_sign"));
        assertThat(FAKE.calls(ShopeeOrders.ORDER_DETAIL) - before).isEqualTo(1);
    }

    @Test
    void signedOrderStatusPushIsAnsweredEmptyAndTheOrderIssued() throws Exception {
        tokens.exchangeCode("code-push", PUSH_SHOP);
        FAKE.addOrder(PUSH_SHOP, FakeShopee.order("PUSH0001", "COMPLETED", now(), 525, 1));
        String body = "{\"data\":{\"items\":[],\"ordersn\":\"PUSH0001\",\"status\":\"COMPLETED\",\"completed_scenario\":\"\","
                + "\"update_time\":" + now() + "},\"shop_id\":" + PUSH_SHOP + ",\"code\":3,\"timestamp\":" + now() + "}";
        String authorization = new ShopeeSigner(KEY).hmac(CALLBACK + "|" + body);

        HttpResponse<String> r = push(body, authorization);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        StoredInvoice issued = await().atMost(Duration.ofSeconds(30)).until(() -> invoice(PUSH_SHOP, "PUSH0001"), Optional::isPresent)
                .orElseThrow();
        assertThat(issued.document().getTotalAmount()).isEqualByComparingTo(new BigDecimal("525"));
        assertThat(issued.connector()).isEqualTo("shopee-" + PUSH_SHOP);
    }

    @Test
    void forgedPushIsRefused() throws Exception {
        String body = "{\"data\":{\"ordersn\":\"FORGED01\",\"status\":\"COMPLETED\"},\"shop_id\":" + PUSH_SHOP + ",\"code\":3}";
        FAKE.addOrder(PUSH_SHOP, FakeShopee.order("FORGED01", "COMPLETED", now(), 105, 1));

        assertThat(push(body, new ShopeeSigner("guessed-key").hmac(CALLBACK + "|" + body)).statusCode()).isEqualTo(401);
        assertThat(push(body, null).statusCode()).isEqualTo(401);
        // signed for another body: the signature covers the raw bytes
        assertThat(push(body, new ShopeeSigner(KEY).hmac(CALLBACK + "|" + body + " ")).statusCode()).isEqualTo(401);
        Thread.sleep(500);
        assertThat(invoice(PUSH_SHOP, "FORGED01")).isEmpty();
    }

    @Test
    void shippedRouteAndKameletPollTheConfiguredShop() {
        FAKE.addOrder(ROUTE_SHOP, FakeShopee.order("ROUTE001", "COMPLETED", now() - 60, 315, 1));
        tokens.exchangeCode("code-route", ROUTE_SHOP);

        StoredInvoice made = await().atMost(Duration.ofSeconds(30)).until(() -> invoice(ROUTE_SHOP, "ROUTE001"), Optional::isPresent)
                .orElseThrow();
        assertThat(made.document().getTotalAmount()).isEqualByComparingTo("315");
    }

    @Test
    void shopWhoseInvoicesShopeeIssuesIsSkipped() {
        tokens.exchangeCode("code-skip", SHOPEE_ISSUES_SHOP);
        FAKE.addOrder(SHOPEE_ISSUES_SHOP, FakeShopee.order("S00001", "COMPLETED", now() - 60, 105, 1));

        assertThat(orders.poll(SHOPEE_ISSUES_SHOP).skipped()).isTrue();
        assertThat(invoice(SHOPEE_ISSUES_SHOP, "S00001")).isEmpty();
    }

    private static int listCalls(long shop) {
        return FAKE.listCalls.computeIfAbsent(shop, k -> new java.util.concurrent.atomic.AtomicInteger()).get();
    }

    private Optional<StoredInvoice> invoice(long shop, String sn) {
        return invoices.findBySource(ShopeeOrders.connector(shop), sn);
    }

    private String refreshToken(long shop) {
        return jdbc.sql("SELECT refresh_token FROM shopee_shop WHERE shop_id = ?").param(shop).query(String.class).single();
    }

    private HttpResponse<String> push(String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/shopee/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
