package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server answering Shopee's documented v2 paths. It checks every request as Shopee would: partner id,
 * a timestamp within 5 minutes, the sign over the documented base string, a live access token for the shop, and a
 * refresh token that has not been spent. Faults are injected per path.
 */
final class FakeShopee implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final long partnerId;
    private final ShopeeSigner signer;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** get_order_list calls per shop: the shipped route polls its own shop in the background */
    final Map<Long, AtomicInteger> listCalls = new ConcurrentHashMap<>();
    final List<String> detailBatches = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** access token → shop id */
    final Map<String, Long> accessTokens = new ConcurrentHashMap<>();
    /** access_token/get calls per shop: each is one refresh, spent or refused */
    final Map<Long, AtomicInteger> refreshes = new ConcurrentHashMap<>();
    /** shop API calls answered error_auth (access token not accepted), per shop */
    final Map<Long, AtomicInteger> tokenRejections = new ConcurrentHashMap<>();
    /** unspent refresh token → shop id */
    final Map<String, Long> refreshTokens = new ConcurrentHashMap<>();
    final Set<String> spentRefreshTokens = ConcurrentHashMap.newKeySet();
    /** shop → order_sn → order detail (update_time drives get_order_list) */
    final Map<Long, Map<String, ObjectNode>> orders = new ConcurrentHashMap<>();
    final Map<Long, List<ObjectNode>> returns = new ConcurrentHashMap<>();
    /** return_sn → get_return_detail's response; a return without one is detailed from its list entry */
    final Map<String, ObjectNode> returnDetails = new ConcurrentHashMap<>();
    /** order_sn → get_escrow_detail's response as given, instead of the one the fake works out from the order */
    final Map<String, ObjectNode> escrows = new ConcurrentHashMap<>();
    final AtomicInteger throttled = new AtomicInteger();
    /** while not 0, Shopee is down: every request is answered with this status (429 with {@link #retryAfter}) */
    volatile int outage;
    volatile String retryAfter = "1";
    /** System.nanoTime() of each request answered by the outage */
    final List<Long> outageAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** "path#shop_id" → how many of the next requests answer 429 */
    final Map<String, AtomicInteger> throttleNext = new ConcurrentHashMap<>();
    /** auth_partner: the shop the simulated seller approves, and the code to hand back (null: a fresh valid one) */
    volatile long approvingShop;
    volatile String nextCode;
    final List<String> authRedirects = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** a code is single-use */
    final Set<String> spentCodes = ConcurrentHashMap.newKeySet();
    /** lost pushes in message id order; get_lost_push_message pages them, confirm removes them */
    private final java.util.NavigableMap<Long, ObjectNode> lostPushes = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicLong lostIds = new java.util.concurrent.atomic.AtomicLong(176600);
    volatile int lostPageSize = 100;
    /** every last_message_id confirmed, in order */
    final List<Long> confirmedLost = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Shopee's clock: timestamps and token lifetimes (access 4 h, refresh 30 days) are judged by it */
    volatile java.time.Clock clock = java.time.Clock.systemUTC();
    final Map<String, java.time.Instant> accessIssued = new ConcurrentHashMap<>();
    final Map<String, java.time.Instant> refreshIssued = new ConcurrentHashMap<>();
    /** how often each refresh token was sent to access_token/get, spent or not */
    final Map<String, AtomicInteger> refreshTokensSeen = new ConcurrentHashMap<>();
    /** how many of the next refreshes Shopee performs (the token is spent) and then drops the connection unanswered */
    final AtomicInteger dropRefreshAnswers = new AtomicInteger();
    /** per shop: the error a rejected access token is answered with (Shopee's common list spells invalid_acceess_token) */
    final Map<Long, String> tokenRejectionError = new ConcurrentHashMap<>();
    /** every get_order_list window asked for, as [time_from, time_to] */
    final List<long[]> orderListWindows = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** called with last_message_id when a lost-push page is confirmed, before it is removed */
    volatile java.util.function.LongConsumer onConfirmLost = id -> { };

    /** A fake started on a port of its own, for a test class's static field. */
    static FakeShopee started(long partnerId, String partnerKey) {
        try {
            return new FakeShopee(partnerId, partnerKey);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The hub's settings for talking to this fake: its address, the partner, a callback URL, a quick back-off and a
     * rate no test waits on; {@code folder} keeps each test class's hub in its own data folder.
     */
    void register(org.springframework.test.context.DynamicPropertyRegistry r, String folder, long partnerId,
                  String partnerKey, String callbackUrl) {
        r.add("hub.test.context-folder", () -> folder);
        r.add("hub.shopee.base-url", this::baseUrl);
        r.add("hub.shopee.partner-id", () -> partnerId);
        r.add("hub.shopee.partner-key", () -> partnerKey);
        r.add("hub.shopee.callback-url", () -> callbackUrl);
        r.add("hub.shopee.backoff", () -> "PT0.05S");
        r.add("hub.shopee.requests-per-second", () -> "200");
    }

    FakeShopee(long partnerId, String partnerKey) throws IOException {
        this.partnerId = partnerId;
        this.signer = new ShopeeSigner(partnerKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int calls(String path) {
        return calls.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    AtomicInteger refreshes(long shopId) {
        return refreshes.computeIfAbsent(shopId, s -> new AtomicInteger());
    }

    AtomicInteger tokenRejections(long shopId) {
        return tokenRejections.computeIfAbsent(shopId, s -> new AtomicInteger());
    }

    void addOrder(long shopId, ObjectNode order) {
        orders.computeIfAbsent(shopId, s -> new ConcurrentHashMap<>()).put(order.path("order_sn").asText(), order);
    }

    /** Adds messages Shopee could not deliver, all at once (a run never sees half of them). */
    synchronized void addLostPushes(List<ObjectNode> messages) {
        for (ObjectNode m : messages) {
            lostPushes.put(lostIds.incrementAndGet(), m);
        }
    }

    boolean hasLostPushes() {
        return !lostPushes.isEmpty();
    }

    /**
     * A lost push exactly as get_lost_push_message documents it: {@code data} is a JSON string of the whole push,
     * {@code {"data":{"ordersn":…,"status":…},"shop_id":…,"code":3,"timestamp":…}}.
     */
    static ObjectNode documentedLostPush(long shopId, int code, ObjectNode data) {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode whole = JSON.createObjectNode();
        whole.set("data", data);
        whole.put("shop_id", shopId).put("code", code).put("timestamp", now);
        return JSON.createObjectNode().put("shop_id", shopId).put("code", code).put("timestamp", now).put("data", whole.toString());
    }

    /**
     * access_token/get before the usual answer: counts the token, refuses one older than 30 days, and when asked,
     * spends it and drops the connection without a word (a lost answer). @return true when the exchange was handled
     */
    private boolean refresh(HttpExchange ex, JsonNode body) throws IOException {
        String token = body.path("refresh_token").asText();
        refreshTokensSeen.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        java.time.Instant issued = refreshIssued.get(token);
        if (issued != null && issued.plus(java.time.Duration.ofDays(30)).isBefore(clock.instant())) {
            refreshTokens.remove(token);
            refreshes(body.path("shop_id").asLong()).incrementAndGet();
            send(ex, 200, error("error_param", "Invalid refresh_token."));
            return true;
        }
        if (dropRefreshAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refreshes(body.path("shop_id").asLong()).incrementAndGet();
            if (refreshTokens.remove(token) != null) {
                spentRefreshTokens.add(token);
            }
            // no response headers: closing the exchange closes the connection, the client reads no answer
            return true;
        }
        return false;
    }

    private boolean tokenLapsedOrRejected(long shopId, String token) {
        java.time.Instant issued = accessIssued.get(token);
        boolean lapsed = issued != null && issued.plus(java.time.Duration.ofHours(4)).isBefore(clock.instant());
        return lapsed || tokenRejectionError.containsKey(shopId) && !Long.valueOf(shopId).equals(accessTokens.get(token));
    }

    /** Records the window; true when Shopee refuses it (15 days or more: "diff in 15days" refuses exactly 15). */
    private boolean window(Map<String, String> q) {
        long from = Long.parseLong(q.get("time_from"));
        long to = Long.parseLong(q.get("time_to"));
        orderListWindows.add(new long[] {from, to});
        return to - from >= 15L * 24 * 3600;
    }

    /** A lost push as Shopee lists it: {@code data} is a JSON string. */
    static ObjectNode lostPush(long shopId, int code, ObjectNode data) {
        return JSON.createObjectNode().put("shop_id", shopId).put("code", code).put("timestamp", System.currentTimeMillis() / 1000)
                .put("data", data.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            byte[] raw = ex.getRequestBody().readAllBytes();
            int down = outage;
            if (down != 0) {
                outageAnswers.add(System.nanoTime());
                if (down == 429) {
                    ex.getResponseHeaders().set("Retry-After", retryAfter);
                }
                send(ex, down, down == 429 ? error("", "Too many requests") : error("error_server", "Service unavailable"));
                return;
            }
            AtomicInteger throttle = throttleNext.get(path + "#" + q.get("shop_id"));
            if (throttle != null && throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throttled.incrementAndGet();
                send(ex, 429, error("", "Too many requests"));
                return;
            }
            if (!Long.toString(partnerId).equals(q.get("partner_id"))) {
                send(ex, 403, error("error_param", "Invalid partner_id."));
                return;
            }
            long ts = Long.parseLong(q.getOrDefault("timestamp", "0"));
            if (Math.abs(clock.instant().getEpochSecond() - ts) > 300) {
                send(ex, 403, error("error_param", "Invalid timestamp"));
                return;
            }
            boolean isPublic = path.startsWith("/api/v2/auth/") || path.equals(ShopeeClient.AUTH_PARTNER)
                    || path.startsWith("/api/v2/push/");
            String expected = isPublic ? signer.publicSign(partnerId, path, ts)
                    : signer.shopSign(partnerId, path, ts, q.getOrDefault("access_token", ""), Long.parseLong(q.getOrDefault("shop_id", "0")));
            if (!expected.equals(q.get("sign"))) {
                send(ex, 403, error("error_sign", "Wrong sign."));
                return;
            }
            if (path.equals(ShopeeClient.AUTH_PARTNER)) {
                approve(ex, q.get("redirect"));
                return;
            }
            if (path.startsWith("/api/v2/push/")) {
                send(ex, 200, lostPush(path, raw));
                return;
            }
            if (path.equals(ShopeeTokens.ACCESS_TOKEN_GET) && refresh(ex, JSON.readTree(raw))) {
                return;
            }
            if (isPublic) {
                send(ex, 200, auth(path, JSON.readTree(raw)));
                return;
            }
            long shopId = Long.parseLong(q.get("shop_id"));
            if (tokenLapsedOrRejected(shopId, q.getOrDefault("access_token", ""))) {
                tokenRejections(shopId).incrementAndGet();
                String spelling = tokenRejectionError.get(shopId);
                send(ex, 403, spelling != null ? error(spelling, "Invalid access_token, please have a check.")
                        : error("error_auth", "Invalid access_token."));
                return;
            }
            if (path.equals(ShopeeOrders.ORDER_LIST) && window(q)) {
                send(ex, 200, error("order.order_list_invalid_time", "Start time must be earlier than end time and diff in 15days."));
                return;
            }
            if (!Long.valueOf(shopId).equals(accessTokens.get(q.getOrDefault("access_token", "")))) {
                tokenRejections(shopId).incrementAndGet();
                send(ex, 403, error("error_auth", "Invalid access_token."));
                return;
            }
            send(ex, 200, shopApi(path, shopId, q));
        } catch (RuntimeException e) {
            send(ex, 500, error("error_server", e.toString()));
        }
    }

    private ObjectNode auth(String path, JsonNode body) {
        long shopId = body.path("shop_id").asLong();
        if (path.equals(ShopeeTokens.ACCESS_TOKEN_GET)) {
            refreshes(shopId).incrementAndGet();
            String token = body.path("refresh_token").asText();
            if (refreshTokens.remove(token) == null) { // single use: a spent or unknown token is refused
                spentRefreshTokens.add(token);
                return error("error_param", "Invalid refresh_token.");
            }
        } else if (!body.path("code").asText().startsWith("code-") || !spentCodes.add(body.path("code").asText())) {
            return error("error_param", "Invalid code.");
        }
        String access = "at-" + UUID.randomUUID();
        String refresh = "rt-" + UUID.randomUUID();
        accessTokens.put(access, shopId);
        refreshTokens.put(refresh, shopId);
        accessIssued.put(access, clock.instant());
        refreshIssued.put(refresh, clock.instant());
        ObjectNode r = JSON.createObjectNode().put("partner_id", partnerId).put("access_token", access)
                .put("refresh_token", refresh).put("expire_in", 14400).put("request_id", "fake").put("error", "").put("message", "");
        r.put("shop_id", shopId);
        return r;
    }

    /** The seller logs in and approves: Shopee sends the browser to redirect?code=…&shop_id=…. */
    private void approve(HttpExchange ex, String redirect) throws IOException {
        if (redirect == null || redirect.isBlank()) {
            send(ex, 400, error("error_param", "redirect is required"));
            return;
        }
        authRedirects.add(redirect);
        String code = nextCode != null ? nextCode : "code-" + UUID.randomUUID();
        String to = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&shop_id=" + approvingShop;
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private synchronized ObjectNode lostPush(String path, byte[] raw) throws IOException {
        ObjectNode ok = JSON.createObjectNode().put("error", "").put("message", "").put("request_id", "fake");
        if (path.equals(ShopeeLostPush.GET_LOST)) {
            ObjectNode response = ok.putObject("response");
            ArrayNode list = response.putArray("push_message_list");
            long last = 0;
            for (var m : lostPushes.entrySet()) {
                if (list.size() == lostPageSize) {
                    break;
                }
                list.add(m.getValue().deepCopy());
                last = m.getKey();
            }
            response.put("has_next_page", lostPushes.size() > list.size());
            if (last != 0) {
                response.put("last_message_id", last);
            }
            return ok;
        }
        if (path.equals(ShopeeLostPush.CONFIRM_LOST)) {
            long last = JSON.readTree(raw).path("last_message_id").asLong(0);
            if (last == 0) {
                return error("error_param", "Wrong parameters, detail: last_message_id is required.");
            }
            onConfirmLost.accept(last);
            confirmedLost.add(last);
            lostPushes.headMap(last, true).clear();
            return ok;
        }
        return error("error_not_found", "no such path " + path);
    }

    private ObjectNode shopApi(String path, long shopId, Map<String, String> q) {
        Map<String, ObjectNode> shopOrders = orders.getOrDefault(shopId, Map.of());
        ObjectNode ok = JSON.createObjectNode().put("error", "").put("message", "").put("request_id", "fake");
        ObjectNode response = ok.putObject("response");
        switch (path) {
            case ShopeeOrders.ORDER_LIST -> {
                listCalls.computeIfAbsent(shopId, k -> new AtomicInteger()).incrementAndGet();
                long from = Long.parseLong(q.get("time_from"));
                long to = Long.parseLong(q.get("time_to"));
                if (to - from > 15L * 24 * 3600 || to < from) {
                    return error("order.order_list_invalid_time", "Start time must be earlier than end time and diff in 15days.");
                }
                if (!"update_time".equals(q.get("time_range_field"))) {
                    return error("error_param", "time_range_field");
                }
                int size = Integer.parseInt(q.get("page_size"));
                int offset = q.getOrDefault("cursor", "").isEmpty() ? 0 : Integer.parseInt(q.get("cursor"));
                List<ObjectNode> matching = shopOrders.values().stream()
                        .filter(o -> o.path("update_time").asLong() >= from && o.path("update_time").asLong() <= to)
                        .sorted((a, b) -> a.path("order_sn").asText().compareTo(b.path("order_sn").asText())).toList();
                ArrayNode list = response.putArray("order_list");
                matching.stream().skip(offset).limit(size).forEach(o -> list.addObject().put("order_sn", o.path("order_sn").asText()));
                boolean more = offset + size < matching.size();
                response.put("more", more).put("next_cursor", more ? Integer.toString(offset + size) : "");
            }
            case ShopeeOrders.ORDER_DETAIL -> {
                String[] sns = q.get("order_sn_list").split(",");
                if (sns.length > 50) {
                    return error("error_param", "Wrong parameters, detail: order_sn_list limit [1,50].");
                }
                if (!q.getOrDefault("response_optional_fields", "").contains("item_list")) {
                    return error("error_param", "test fake: item_list was not requested");
                }
                detailBatches.add(q.get("order_sn_list"));
                ArrayNode list = response.putArray("order_list");
                for (String sn : sns) {
                    if (shopOrders.containsKey(sn)) {
                        list.add(shopOrders.get(sn).deepCopy());
                    }
                }
            }
            case ShopeeOrders.ESCROW_DETAIL -> {
                if (escrows.containsKey(q.get("order_sn"))) {
                    ok.set("response", escrows.get(q.get("order_sn")).deepCopy());
                    return ok;
                }
                ObjectNode order = shopOrders.get(q.get("order_sn"));
                if (order == null) {
                    return error("error_not_found", "Wrong parameters, detail: the order is not found.");
                }
                ObjectNode income = response.put("order_sn", q.get("order_sn")).putObject("order_income");
                income.put("buyer_paid_shipping_fee", 0);
                ArrayNode items = income.putArray("items");
                for (JsonNode it : order.path("item_list")) {
                    // the fake's bundle discount: 20% off the line
                    double line = it.path("model_original_price").asDouble() * it.path("model_quantity_purchased").asInt();
                    items.addObject().put("item_id", it.path("item_id").asLong()).put("model_id", it.path("model_id").asLong())
                            .put("quantity_purchased", it.path("model_quantity_purchased").asInt())
                            .put("original_price", line).put("discounted_price", Math.round(line * 0.8));
                }
            }
            case ShopeeOrders.RETURN_LIST -> {
                List<ObjectNode> all = returns.getOrDefault(shopId, List.of());
                ArrayNode list = response.putArray("return");
                all.forEach(list::add);
                response.put("more", false);
            }
            case ShopeeOrders.RETURN_DETAIL -> {
                String sn = q.getOrDefault("return_sn", "");
                ObjectNode detail = returnDetails.get(sn);
                if (detail == null) {
                    detail = returns.getOrDefault(shopId, List.of()).stream().filter(r -> sn.equals(r.path("return_sn").asText()))
                            .findFirst().map(ObjectNode::deepCopy).orElse(null);
                }
                if (detail == null) {
                    return error("error_not_found", "Wrong parameters, detail: the return is not found.");
                }
                ok.set("response", detail);
            }
            default -> {
                return error("error_not_found", "no such path " + path);
            }
        }
        return ok;
    }

    static ObjectNode order(String sn, String status, long updateTime, double price, int qty) {
        ObjectNode o = JSON.createObjectNode().put("order_sn", sn).put("region", "TW").put("currency", "TWD")
                .put("order_status", status).put("update_time", updateTime).put("buyer_user_id", 1170319091L)
                .put("buyer_username", "buyer").put("message_to_seller", "").put("total_amount", price * qty);
        o.putArray("item_list").addObject().put("item_id", 2001).put("item_name", "乾電池").put("model_id", 3001)
                .put("model_name", "").put("model_quantity_purchased", qty).put("model_original_price", price)
                .put("model_discounted_price", price).put("promotion_type", "");
        return o;
    }

    private static ObjectNode error(String error, String message) {
        return JSON.createObjectNode().put("error", error).put("message", message).put("request_id", "fake");
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int i = pair.indexOf('=');
                m.put(URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8),
                        i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }
}
