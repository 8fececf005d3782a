package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

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
import java.util.UUID;

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
    static final long OAUTH_SHOP = 100008;
    static final long OAUTH_REFUSED_SHOP = 100009;
    static final long LOST_SHOP = 100010;
    static final long LOST_RETRY_SHOP = 100011;
    static final long RACE_SHOP = 100012;
    static final long OUTAGE_SHOP = 100013;
    static final long CORPUS_SHOP = 100014;
    static final FakeShopee FAKE = FakeShopee.started(PARTNER, KEY);

    @DynamicPropertySource
    static void shopee(DynamicPropertyRegistry r) {
        FAKE.register(r, "/shopee", PARTNER, KEY, CALLBACK);
        for (long shop : List.of(POLLED_SHOP, REFRESH_SHOP, PUSH_SHOP, SHOPEE_ISSUES_SHOP, CANCEL_SHOP, RETURN_SHOP, ROUTE_SHOP,
                OAUTH_SHOP, LOST_SHOP, LOST_RETRY_SHOP, RACE_SHOP, OUTAGE_SHOP, CORPUS_SHOP)) {
            r.add("hub.shopee.shops." + shop + ".seller-id", () -> DEMO_SELLER);
        }
        r.add("hub.shopee.shops." + SHOPEE_ISSUES_SHOP + ".invoice-by-shopee", () -> "true");
        // routes/shopee-tw.yaml through connectors/shopee-orders-source.kamelet.yaml, as shipped
        r.add("hub.shopee.enabled", () -> "true");
        r.add("hub.shopee.route-shop-id", () -> ROUTE_SHOP);
        r.add("hub.shopee.poll-period-millis", () -> "1000");
        r.add("hub.shopee.poll-delay-millis", () -> "1000");
        r.add("hub.shopee.lost-push-period", () -> "PT1S");
        FAKE.lostPageSize = 2; // so a few messages make several pages
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
        int escrowBefore = FAKE.calls(ShopeeOrders.ESCROW_DETAIL);

        long started = System.nanoTime();
        ShopeeOrders.PollResult result = orders.poll(POLLED_SHOP);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Shopee poll through the fake: %d orders to intake in %.2f s = %.0f orders/s%n",
                result.issued(), seconds, result.issued() / seconds);

        assertThat(result.listed()).isEqualTo(151);
        assertThat(result.issued()).isEqualTo(150);
        assertThat(listCalls(POLLED_SHOP) - listBefore).as("two pages of ≤ 100").isEqualTo(2);
        assertThat(FAKE.detailBatches).allSatisfy(b -> assertThat(b.split(",")).hasSizeLessThanOrEqualTo(50));
        assertThat(FAKE.calls(ShopeeOrders.ESCROW_DETAIL) - escrowBefore).as("only the bundle deal needs escrow").isEqualTo(1);
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
    void paidRefundBecomesAnAllowanceOnceTheInvoiceIsConfirmed() {
        tokens.exchangeCode("code-return", RETURN_SHOP);
        FAKE.addOrder(RETURN_SHOP, FakeShopee.order("RET0001", "COMPLETED", now() - 60, 210, 2));
        ObjectNode ret = FakeShopee.JSON.createObjectNode().put("return_sn", "RS0001").put("order_sn", "RET0001")
                .put("status", "REFUND_PAID").put("refund_amount", 210).put("update_time", now());
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
        int refreshes = FAKE.refreshes(REFRESH_SHOP).get();

        orders.poll(REFRESH_SHOP);

        assertThat(FAKE.refreshes(REFRESH_SHOP).get() - refreshes).as("refreshes Shopee saw").isEqualTo(1);
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
        String revoked = tokens.accessToken(REFRESH_SHOP);
        FAKE.accessTokens.remove(revoked); // Shopee no longer accepts the stored one (e.g. the seller re-authorised)
        FAKE.addOrder(REFRESH_SHOP, FakeShopee.order("R00001", "COMPLETED", now() - 60, 105, 1));
        int refreshes = FAKE.refreshes(REFRESH_SHOP).get();
        int rejections = FAKE.tokenRejections(REFRESH_SHOP).get();
        int lists = listCalls(REFRESH_SHOP);

        assertThat(orders.poll(REFRESH_SHOP).issued()).isEqualTo(1);

        assertThat(FAKE.tokenRejections(REFRESH_SHOP).get() - rejections).as("the order list call refused for its token").isEqualTo(1);
        assertThat(FAKE.refreshes(REFRESH_SHOP).get() - refreshes).as("refreshes Shopee saw").isEqualTo(1);
        assertThat(listCalls(REFRESH_SHOP) - lists).as("the same call repeated with the new token, answered once").isEqualTo(1);
        String stored = tokens.accessToken(REFRESH_SHOP);
        assertThat(stored).isNotEqualTo(revoked);
        assertThat(FAKE.accessTokens.get(stored)).as("the new token Shopee issued is the one kept").isEqualTo(REFRESH_SHOP);
        assertThat(invoice(REFRESH_SHOP, "R00001")).isPresent();
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
                Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofDays(3), Duration.ofMinutes(5), null, Duration.ofMinutes(15),
                Duration.ZERO, Map.of(), null, Duration.ZERO, Duration.ofDays(14));
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
    void ordersPushedAndPolledAtTheSameMomentBecomeOneInvoiceEachWithOneReceivedEntry() throws Exception {
        tokens.exchangeCode("code-race", RACE_SHOP);
        int orderCount = 20;
        List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < orderCount; i++) {
            String sn = String.format("RACE%04d", i);
            FAKE.addOrder(RACE_SHOP, FakeShopee.order(sn, "COMPLETED", now() - 60, 105, 1));
            String body = "{\"data\":{\"items\":[],\"ordersn\":\"" + sn + "\",\"status\":\"COMPLETED\",\"completed_scenario\":\"\","
                    + "\"update_time\":" + now() + "},\"shop_id\":" + RACE_SHOP + ",\"code\":3,\"timestamp\":" + now() + "}";
            String authorization = new ShopeeSigner(KEY).hmac(CALLBACK + "|" + body);
            calls.add(() -> {
                go.await();
                return push(body, authorization).statusCode();
            });
        }
        calls.add(() -> {
            go.await();
            return (int) orders.poll(RACE_SHOP).listed();
        });
        var pool = java.util.concurrent.Executors.newFixedThreadPool(calls.size());
        List<java.util.concurrent.Future<Integer>> answers = calls.stream().map(pool::submit).toList();
        go.countDown();
        List<Integer> results = new java.util.ArrayList<>();
        for (var a : answers) {
            results.add(a.get(120, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(results.subList(0, orderCount)).as("every push answered").containsOnly(200);
        assertThat(results.get(orderCount)).as("the poll saw every order").isEqualTo(orderCount);
        String connector = ShopeeOrders.connector(RACE_SHOP);
        await().atMost(Duration.ofSeconds(60)).until(() -> invoicesOf(connector) == orderCount);
        // the pushes' own fetches may still be under way: nothing may come of them
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> invoicesOf(connector) == orderCount);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                        WHERE i.connector = ? AND h.to_status = 'RECEIVED'""")
                .param(connector).query(Long.class).single()).isEqualTo(orderCount);
        assertThat(jdbc.sql("SELECT count(*) FROM rejected_record WHERE connector = ?").param(connector)
                .query(Long.class).single()).as("no repeat kept as a rejection").isZero();
        assertThat(orders.poll(RACE_SHOP).issued()).as("a later poll makes nothing").isZero();
    }

    private long invoicesOf(String connector) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE connector = ?").param(connector).query(Long.class).single();
    }

    @Test
    void forgedPushIsRefused() throws Exception {
        String body = "{\"data\":{\"ordersn\":\"FORGED01\",\"status\":\"COMPLETED\"},\"shop_id\":" + PUSH_SHOP + ",\"code\":3}";
        FAKE.addOrder(PUSH_SHOP, FakeShopee.order("FORGED01", "COMPLETED", now(), 105, 1));

        assertThat(push(body, new ShopeeSigner("guessed-key").hmac(CALLBACK + "|" + body)).statusCode()).isEqualTo(401);
        assertThat(push(body, null).statusCode()).isEqualTo(401);
        // signed for another body: the signature covers the raw bytes
        assertThat(push(body, new ShopeeSigner(KEY).hmac(CALLBACK + "|" + body + " ")).statusCode()).isEqualTo(401);
        // a taken push is fetched in the background within milliseconds: a refused one must never be
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                invoice(PUSH_SHOP, "FORGED01").isEmpty() && FAKE.detailBatches.stream().noneMatch(b -> b.contains("FORGED01")));
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

    @Test
    void adminAuthorisesAShopThroughShopeeAndTheHubStoresItsTokens() throws Exception {
        FAKE.approvingShop = OAUTH_SHOP;
        FAKE.nextCode = null;
        int linksBefore = FAKE.calls(ShopeeClient.AUTH_PARTNER);

        // admin → hub authorize (302) → Shopee auth_partner (sign checked; the seller approves, 302) → hub callback
        HttpResponse<String> r = browser().send(adminGet("/api/v1/shopee/authorize"), HttpResponse.BodyHandlers.ofString());

        assertThat(FAKE.calls(ShopeeClient.AUTH_PARTNER) - linksBefore).as("Shopee accepted the signed link").isEqualTo(1);
        String redirect = FAKE.authRedirects.get(FAKE.authRedirects.size() - 1);
        assertThat(redirect).startsWith("http://127.0.0.1:" + port + "/api/v1/shopee/oauth/callback/");
        assertThat(r.uri().getPath()).startsWith("/api/v1/shopee/oauth/callback/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var body = FakeShopee.JSON.readTree(r.body());
        assertThat(body.path("shopId").asLong()).isEqualTo(OAUTH_SHOP);
        assertThat(body.path("authorised").asBoolean()).isTrue();
        assertThat(body.path("polled").asBoolean()).isTrue();
        assertThat(OffsetDateTime.parse(body.path("tokenValidUntil").asText())).isAfter(OffsetDateTime.now().plusHours(3));
        assertThat(body.path("message").asText()).contains("Shopee shop " + OAUTH_SHOP + " authorised; access token valid until");
        String stored = jdbc.sql("SELECT access_token FROM shopee_shop WHERE shop_id = ?").param(OAUTH_SHOP).query(String.class).single();
        assertThat(FAKE.accessTokens.get(stored)).as("the token Shopee issued for the shop").isEqualTo(OAUTH_SHOP);

        // the same callback again (a replay): refused, and Shopee is not asked
        int exchanges = FAKE.calls(ShopeeTokens.TOKEN_GET);
        HttpResponse<String> replay = browser().send(HttpRequest.newBuilder(r.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(FakeShopee.JSON.readTree(replay.body()).path("reason").asText()).isEqualTo("STATE_USED");
        assertThat(replay.body()).contains("already used");
        assertThat(FAKE.calls(ShopeeTokens.TOKEN_GET)).isEqualTo(exchanges);
    }

    @Test
    void callbackWithoutAStateTheHubIssuedIsRefusedAndStoresNothing() throws Exception {
        int exchanges = FAKE.calls(ShopeeTokens.TOKEN_GET);
        String query = "?code=code-forged-" + UUID.randomUUID() + "&shop_id=" + OAUTH_REFUSED_SHOP;

        HttpResponse<String> forged = browser().send(HttpRequest.newBuilder(URI.create(hub("/api/v1/shopee/oauth/callback/"
                + ShopeeAuthorization.newState() + query))).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noState = browser().send(HttpRequest.newBuilder(URI.create(hub("/api/v1/shopee/oauth/callback" + query)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(FakeShopee.JSON.readTree(forged.body()).path("reason").asText()).isEqualTo("STATE_UNKNOWN");
        assertThat(forged.body()).contains("does not belong to an authorisation started at the hub");
        assertThat(noState.statusCode()).isEqualTo(403);
        assertThat(FAKE.calls(ShopeeTokens.TOKEN_GET)).isEqualTo(exchanges);
        assertThat(shopRows(OAUTH_REFUSED_SHOP)).isZero();
    }

    @Test
    void expiredStateIsRefused() throws Exception {
        HubClient.Response started = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/shopee/authorize");
        assertThat(started.status()).isEqualTo(200);
        URI link = URI.create(started.body().path("authorizeUrl").asText());
        String redirect = query(link).get("redirect");
        String state = redirect.substring(redirect.lastIndexOf('/') + 1);
        jdbc.sql("UPDATE shopee_oauth_state SET expires_at = now() - interval '1 minute' WHERE state_hash = ?")
                .param(ShopeeAuthorization.hash(state)).update();

        HttpResponse<String> late = browser().send(HttpRequest.newBuilder(URI.create(redirect + "?code=code-late-" + UUID.randomUUID()
                + "&shop_id=" + OAUTH_REFUSED_SHOP)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(FakeShopee.JSON.readTree(late.body()).path("reason").asText()).isEqualTo("STATE_EXPIRED");
        assertThat(shopRows(OAUTH_REFUSED_SHOP)).isZero();
    }

    @Test
    void codeShopeeRefusesIsAClearErrorAndStoresNothing() throws Exception {
        FAKE.approvingShop = OAUTH_REFUSED_SHOP;
        FAKE.nextCode = "bad-code-4711";
        try {
            HttpResponse<String> r = browser().send(adminGet("/api/v1/shopee/authorize"), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(400);
            var problem = FakeShopee.JSON.readTree(r.body());
            assertThat(problem.path("reason").asText()).isEqualTo("CODE_REJECTED");
            assertThat(problem.path("detail").asText())
                    .contains("Shopee refused the authorisation code of shop " + OAUTH_REFUSED_SHOP)
                    .contains("Invalid code.").contains("nothing was stored");
            assertThat(r.body()).as("the code is a secret").doesNotContain("bad-code-4711");
            assertThat(shopRows(OAUTH_REFUSED_SHOP)).isZero();
        } finally {
            FAKE.nextCode = null;
        }
    }

    @Test
    void onlyHqAdminsStartAnAuthorisationAndApiCallersGetTheSignedLink() {
        assertThat(api.get("/api/v1/shopee/authorize").status()).as("an API key").isEqualTo(403);
        assertThat(api.anonymous().get("/api/v1/shopee/authorize").status()).isEqualTo(401);

        HubClient.Response r = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/shopee/authorize");

        assertThat(r.status()).isEqualTo(200);
        URI link = URI.create(r.body().path("authorizeUrl").asText());
        Map<String, String> q = query(link);
        assertThat(link.toString()).startsWith(FAKE.baseUrl() + "/api/v2/shop/auth_partner?");
        assertThat(q.get("partner_id")).isEqualTo(Long.toString(PARTNER));
        assertThat(q.get("sign")).isEqualTo(new ShopeeSigner(KEY).publicSign(PARTNER, "/api/v2/shop/auth_partner",
                Long.parseLong(q.get("timestamp"))));
        assertThat(q.get("redirect")).matches("http://127\\.0\\.0\\.1:" + port + "/api/v1/shopee/oauth/callback/[A-Za-z0-9_-]{43}");
    }

    @Test
    void lostOrderStatusPushesBecomeInvoicesAndEachPageIsConfirmedOnce() throws Exception {
        tokens.exchangeCode("code-lost", LOST_SHOP);
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOST0001", "COMPLETED", now() - 60, 210, 1));
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOST0002", "COMPLETED", now() - 60, 315, 1));
        FAKE.addOrder(LOST_SHOP, FakeShopee.order("LOST0003", "READY_TO_SHIP", now() - 60, 105, 1));
        int confirmed = FAKE.confirmedLost.size();

        FAKE.addLostPushes(List.of(
                FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("LOST0001", "COMPLETED")),
                FakeShopee.lostPush(LOST_SHOP, 4, FakeShopee.JSON.createObjectNode().put("ordersn", "LOST0002").put("tracking_no", "TW1")),
                FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("LOST0002", "COMPLETED")),
                FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("LOST0003", "READY_TO_SHIP")),
                FakeShopee.lostPush(LOST_SHOP, 3, orderStatus("LOST0001", "COMPLETED"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> !FAKE.hasLostPushes());
        assertThat(invoice(LOST_SHOP, "LOST0001").orElseThrow().document().getTotalAmount()).isEqualByComparingTo("210");
        assertThat(invoice(LOST_SHOP, "LOST0002").orElseThrow().document().getTotalAmount()).isEqualByComparingTo("315");
        assertThat(invoice(LOST_SHOP, "LOST0003")).as("not yet at the issue status").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM invoice WHERE connector = ? AND source_ref = 'LOST0001'")
                .param(ShopeeOrders.connector(LOST_SHOP)).query(Long.class).single()).as("pushed twice, issued once").isEqualTo(1);
        List<Long> pages = FAKE.confirmedLost.subList(confirmed, FAKE.confirmedLost.size());
        assertThat(pages).as("three pages of two, each confirmed once, in order").hasSize(3).isSorted().doesNotHaveDuplicates();
        // later periods find nothing left, so nothing more is confirmed
        int reads = FAKE.calls(ShopeeLostPush.GET_LOST);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                .until(() -> FAKE.confirmedLost.size() == confirmed + 3);
        assertThat(FAKE.calls(ShopeeLostPush.GET_LOST) - reads).as("the hub kept reading meanwhile").isGreaterThanOrEqualTo(2);
    }

    @Test
    void lostPushIsConfirmedOnlyAfterItsOrderWasFetched() throws Exception {
        tokens.exchangeCode("code-lost-retry", LOST_RETRY_SHOP);
        FAKE.addOrder(LOST_RETRY_SHOP, FakeShopee.order("LOSTR001", "COMPLETED", now() - 60, 420, 1));
        var busy = new java.util.concurrent.atomic.AtomicInteger(1_000_000);
        FAKE.throttleNext.put(ShopeeOrders.ORDER_DETAIL + "#" + LOST_RETRY_SHOP, busy);
        int confirmed = FAKE.confirmedLost.size();
        int throttled = FAKE.throttled.get();
        try {
            FAKE.addLostPushes(List.of(FakeShopee.lostPush(LOST_RETRY_SHOP, 3, orderStatus("LOSTR001", "COMPLETED"))));

            // Shopee keeps answering 429: two runs give up on the order, so the message stays unconfirmed
            await().atMost(Duration.ofSeconds(30)).until(() -> FAKE.throttled.get() - throttled >= 10);
            assertThat(FAKE.hasLostPushes()).isTrue();
            assertThat(FAKE.confirmedLost).hasSize(confirmed);
            assertThat(invoice(LOST_RETRY_SHOP, "LOSTR001")).isEmpty();
        } finally {
            busy.set(0);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !FAKE.hasLostPushes());
        assertThat(invoice(LOST_RETRY_SHOP, "LOSTR001")).isPresent();
        assertThat(FAKE.confirmedLost).hasSize(confirmed + 1);
    }

    private static ObjectNode orderStatus(String sn, String status) {
        ObjectNode data = FakeShopee.JSON.createObjectNode();
        data.putArray("items");
        return data.put("ordersn", sn).put("status", status).put("completed_scenario", "").put("update_time", System.currentTimeMillis() / 1000);
    }

    private long shopRows(long shop) {
        return jdbc.sql("SELECT count(*) FROM shopee_shop WHERE shop_id = ?").param(shop).query(Long.class).single();
    }

    private String hub(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A browser: follows redirects, sends no Accept: application/json. */
    private static HttpClient browser() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private HttpRequest adminGet(String path) {
        return HttpRequest.newBuilder(URI.create(hub(path))).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int i = pair.indexOf('=');
            m.put(pair.substring(0, i), java.net.URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /**
     * Issue 18's corpus for order data the hub polls (bad-input/shopee-orders): each broken or hostile order is polled
     * on its own and must end as its case says (an invoice, one with the text kept verbatim, or a rejected record),
     * leaving nothing else behind and never stopping the poll.
     */
    @Test
    void everyBrokenOrFromShopeeHostileOrderEndsAsItsCorpusCaseSaysAndTouchesNothingElse() {
        tokens.exchangeCode("code-corpus", CORPUS_SHOP);
        String connector = ShopeeOrders.connector(CORPUS_SHOP);
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        tw.einvoice.hub.badinput.BadInputCorpus.Tally tally = new tw.einvoice.hub.badinput.BadInputCorpus.Tally("shopee-orders");
        int n = 0;
        for (var c : tally.cases()) {
            String sn = "BI" + run + String.format("%03d", n++);
            try {
                long invoicesBefore = connectorRows("invoice", connector);
                long rejectedBefore = connectorRows("rejected_record", connector);
                ObjectNode order = corpusOrder(sn, c);
                FAKE.addOrder(CORPUS_SHOP, order);
                orders.poll(CORPUS_SHOP);
                Optional<StoredInvoice> made = invoice(CORPUS_SHOP, sn);
                // a record the mapping could not read keeps the order as it came, order_sn and all
                String violations = jdbc.sql("""
                                SELECT violations::text FROM rejected_record WHERE connector = ?
                                  AND (source_ref = ? OR original_payload ->> 'order_sn' = ?)""")
                        .params(connector, sn, sn).query(String.class).optional().orElse(null);
                String outcome = made.isPresent() ? "issued" : violations != null ? "rejected" : "not-issued";
                if (made.isPresent() && c.detail("set") != null && order.path("item_list").path(0).has("item_name")) {
                    String sent = order.path("item_list").path(0).path("item_name").asText();
                    if (sent.equals(made.get().document().getItems().get(0).description())) {
                        outcome = c.expect().equals("issued-verbatim") ? "issued-verbatim" : outcome;
                    }
                }
                long invoicesMade = connectorRows("invoice", connector) - invoicesBefore;
                long rejectedMade = connectorRows("rejected_record", connector) - rejectedBefore;
                if (invoicesMade != (made.isPresent() ? 1 : 0) || rejectedMade != (violations != null ? 1 : 0)) {
                    outcome += " changed invoices+" + invoicesMade + " rejected+" + rejectedMade;
                }
                tally.record(c, outcome, violations);
            } catch (RuntimeException | AssertionError e) {
                tally.failed(c, e);
            }
        }
        tally.assertAllAsExpected();
    }

    /** The base order of the shop with the case's changes: {@code set} (JSON pointer → value), {@code remove}, {@code lines}. */
    private ObjectNode corpusOrder(String sn, tw.einvoice.hub.badinput.BadInputCorpus.Case c) {
        ObjectNode order = FakeShopee.order(sn, "COMPLETED", now() - 60, 105, 1);
        var set = c.detail().get("set");
        if (set != null) {
            set.fields().forEachRemaining(e -> {
                com.fasterxml.jackson.core.JsonPointer at = com.fasterxml.jackson.core.JsonPointer.compile(e.getKey());
                com.fasterxml.jackson.databind.JsonNode parent = order.at(at.head());
                if (parent instanceof ObjectNode object) {
                    object.set(at.last().getMatchingProperty(), e.getValue());
                }
            });
        }
        var remove = c.detail().get("remove");
        if (remove != null) {
            remove.forEach(p -> {
                com.fasterxml.jackson.core.JsonPointer at = com.fasterxml.jackson.core.JsonPointer.compile(p.asText());
                if (order.at(at.head()) instanceof ObjectNode object) {
                    object.remove(at.last().getMatchingProperty());
                }
            });
        }
        var lines = c.detail().get("lines");
        if (lines != null) {
            var items = order.withArray("item_list");
            ObjectNode first = (ObjectNode) items.get(0);
            for (int i = 1; i < lines.asInt(); i++) {
                items.add(first.deepCopy().put("item_id", 2001 + i).put("model_id", 3001 + i));
            }
        }
        return order;
    }

    private long connectorRows(String table, String connector) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE connector = ?").param(connector).query(Long.class).single();
    }

    /**
     * Issue 18: Shopee answering 5xx, then 429 with Retry-After, for a while. Intake goes on, finance hears once, the
     * hub waits as asked, and the first poll after the outage fetches every order once.
     */
    @Test
    void shopeeAnswering5xxThen429IsOneOutageRetryAfterIsHonouredAndEveryOrderIsFetchedOnceAfterwards() throws Exception {
        tokens.exchangeCode("code-outage", OUTAGE_SHOP);
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        tw.einvoice.hub.OutageRun outage = new tw.einvoice.hub.OutageRun(ShopeeClient.PART);
        List<String> sns = new java.util.concurrent.CopyOnWriteArrayList<>();
        Duration length = tw.einvoice.hub.OutageRun.outage();
        java.util.function.IntFunction<Integer> submit = i -> {
            String sn = "OUT" + run + i;
            FAKE.addOrder(OUTAGE_SHOP, FakeShopee.order(sn, "COMPLETED", now() - 30, 105, 1));
            sns.add(sn);
            // a poll meeting 429s waits a second per retry: the shipped route's polls meet those
            if (i % 4 == 0 && FAKE.outage == 503) {
                assertThatThrownBy(() -> orders.poll(OUTAGE_SHOP)).as("a poll while Shopee is down").isInstanceOf(ShopeeApiException.class);
            }
            return api.post("/api/v1/invoices", tw.einvoice.hub.Invoices.valid("shopee-out-" + sn)).status();
        };
        FAKE.outage = 503;
        long throttledFrom;
        long back;
        try {
            outage.load(length.dividedBy(2), Duration.ofMillis(400), submit);
            // however loaded the machine, Shopee stays down until the hub has met the outage
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(tw.einvoice.hub.OutageRun.health(admin, ShopeeClient.PART)).as("health while Shopee is down").isNotNull());
            // the second half: Shopee throttles instead, asking for a second between requests
            FAKE.outageAnswers.clear();
            throttledFrom = System.nanoTime();
            FAKE.outage = 429;
            int first = sns.size();
            outage.load(length.dividedBy(2), Duration.ofMillis(400), i -> submit.apply(first + i));
            assertThat(tw.einvoice.hub.OutageRun.health(admin, ShopeeClient.PART)).as("health while Shopee throttles").isNotNull();
        } finally {
            FAKE.outage = 0;
            back = System.nanoTime();
        }
        double throttledSeconds = (back - throttledFrom) / 1e9;
        List<Long> throttled = List.copyOf(FAKE.outageAnswers);
        outage.assertIntakeAcceptedEverything();
        // each 429 asked for a second: the node's callers (this poll, the shipped route, lost pushes) wait it out together
        assertThat(throttled.size()).as("429s answered in %.1f s", throttledSeconds).isLessThanOrEqualTo((int) (throttledSeconds + 1) * 4);

        FAKE.detailBatches.clear();
        ShopeeOrders.PollResult caughtUp = orders.poll(OUTAGE_SHOP);
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        assertThat(caughtUp.issued()).isEqualTo(sns.size());
        Map<String, Long> fetched = FAKE.detailBatches.stream().flatMap(b -> java.util.Arrays.stream(b.split(",")))
                .filter(sns::contains).collect(java.util.stream.Collectors.groupingBy(sn -> sn, java.util.stream.Collectors.counting()));
        assertThat(fetched).as("every order fetched once").hasSize(sns.size()).allSatisfy((sn, n) -> assertThat(n).isEqualTo(1));
        assertThat(sns).allSatisfy(sn -> assertThat(invoice(OUTAGE_SHOP, sn)).as(sn).isPresent());
        assertThat(tw.einvoice.hub.OutageRun.health(admin, ShopeeClient.PART)).as("health once Shopee answers").isNull();
        assertThat(outage.alerts(jdbc)).as("one finance alert for the outage, 5xx and 429 alike").isEqualTo(1);
        System.out.printf("Shopee 429 with Retry-After: 1 for %.1f s: %d requests answered 429%n", throttledSeconds, throttled.size());
        outage.report("shopee-5xx-429", sns.size() + outage.submitted(), 0, 0, recovery);
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
