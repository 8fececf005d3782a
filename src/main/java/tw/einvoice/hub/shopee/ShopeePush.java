package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Shopee push messages. Only a message whose {@code Authorization} is the HMAC of the registered callback URL and
 * the raw body, keyed with the console's Live Push Partner Key ({@code push-partner-key}; the API partner key when
 * unset), is accepted. An order status push (code 3) only says that something changed: the order is fetched
 * in the background so that Shopee gets its empty 2xx at once (a slow answer makes Shopee push again). An
 * authorisation expiry push (code 12) mails the shops' admins and finance. Pushes Shopee could not deliver are read
 * back by {@link ShopeeLostPush}; the poller finds the rest by update_time.
 */
public class ShopeePush {

    private static final Logger log = LoggerFactory.getLogger(ShopeePush.class);
    static final int ORDER_STATUS = 3;
    static final int AUTHORIZATION_EXPIRY = 12;

    private final ShopeeProperties settings;
    private final ShopeeSigner signer;
    private final ShopeeOrders orders;
    private final ShopeeAuthorizationAlerts alerts;
    private final ExecutorService fetcher;

    ShopeePush(ShopeeProperties settings, ShopeeSigner pushSigner, ShopeeOrders orders, ShopeeAuthorizationAlerts alerts,
               ExecutorService fetcher) {
        this.settings = settings;
        this.signer = pushSigner;
        this.orders = orders;
        this.alerts = alerts;
        this.fetcher = fetcher;
    }

    /** An order status push (code 3) for a shop the hub invoices for. */
    record OrderChange(long shopId, String orderSn) {
    }

    /** A push as the hub reads it, or why it cannot be read. */
    record Message(long shopId, int code, long timestamp, JsonNode data, String unreadable) {
        boolean readable() {
            return unreadable == null;
        }
    }

    /**
     * Reads a push in any of its shapes. A live push carries {@code data} as an object; a lost one
     * ({@code get_lost_push_message}) as a JSON string which, as documented, holds the whole push
     * ({@code {"data":{"ordersn":…,"status":…},"shop_id":…,"code":3,"timestamp":…}}); a string holding only the inner
     * object is read too. The item's own {@code shop_id}/{@code code} win over the inner ones.
     */
    static Message read(JsonNode push) {
        long shopId = push.path("shop_id").asLong(0);
        int code = push.path("code").asInt(0);
        long timestamp = push.path("timestamp").asLong(0);
        JsonNode data = push.path("data");
        if (data.isTextual()) {
            try {
                data = ShopeeClient.JSON.readTree(data.asText());
            } catch (IOException e) {
                return new Message(shopId, code, timestamp, null, "data is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
        }
        if (data.path("data").isObject() && (data.has("code") || data.has("shop_id") || data.has("timestamp"))) {
            shopId = shopId != 0 ? shopId : data.path("shop_id").asLong(0);
            code = code != 0 ? code : data.path("code").asInt(0);
            timestamp = timestamp != 0 ? timestamp : data.path("timestamp").asLong(0);
            data = data.path("data");
        }
        if (!data.isObject()) {
            return new Message(shopId, code, timestamp, null, "data is " + data.getNodeType() + ", not an object");
        }
        if (code == ORDER_STATUS && data.path("ordersn").asText("").isEmpty()) {
            return new Message(shopId, code, timestamp, data, "order status push without data.ordersn");
        }
        if (code == ORDER_STATUS && shopId == 0) {
            return new Message(shopId, code, timestamp, data, "order status push without shop_id");
        }
        return new Message(shopId, code, timestamp, data, null);
    }

    /** The order a readable push is about, when it is an order status push for a configured shop. */
    Optional<OrderChange> orderChange(Message message) {
        if (!message.readable() || message.code() != ORDER_STATUS || !settings.shops().containsKey(Long.toString(message.shopId()))) {
            return Optional.empty();
        }
        return Optional.of(new OrderChange(message.shopId(), message.data().path("ordersn").asText()));
    }

    /** Push code 12: mails the admins and finance of each listed shop the hub holds, once per warning. */
    List<Long> authorisationExpiry(Message message) {
        return alerts.expiring(message.data());
    }

    /** @return false when the push is not authentic (the caller answers 401); true when it was taken */
    public boolean accept(byte[] rawBody, String authorization) {
        if (!signer.pushAuthentic(settings.callbackUrl(), rawBody, authorization)) {
            log.warn("Shopee push refused: Authorization does not match (callback URL {}; signed with the {})", settings.callbackUrl(),
                    settings.pushPartnerKey() == null || settings.pushPartnerKey().isBlank()
                            ? "API partner key: set HUB_SHOPEE_PUSH_PARTNER_KEY to the console's Live Push Partner Key"
                            : "Live Push Partner Key");
            return false;
        }
        JsonNode push;
        try {
            push = ShopeeClient.JSON.readTree(rawBody);
        } catch (IOException e) {
            log.warn("Shopee push with an authentic signature but unreadable JSON ignored: {}", e.getMessage());
            return true;
        }
        if (push == null || push.isMissingNode() || push.isEmpty()) {
            return true; // the console's Verify of the callback URL
        }
        Message message = read(push);
        if (!message.readable()) {
            log.warn("Shopee push code {} of shop {} (timestamp {}) not readable: {}; the poller will find what it was about",
                    message.code(), message.shopId(), message.timestamp(), message.unreadable());
            return true;
        }
        if (message.code() == AUTHORIZATION_EXPIRY) {
            fetcher.submit(() -> {
                try {
                    authorisationExpiry(message);
                } catch (RuntimeException e) {
                    log.warn("Shopee authorisation expiry push not handled ({}); Shopee repeats it", e.getMessage());
                }
            });
        }
        orderChange(message).ifPresent(change -> fetcher.submit(() -> {
            try {
                orders.fetch(change.shopId(), List.of(change.orderSn()));
            } catch (RuntimeException e) {
                log.warn("Shopee order {} of shop {} not fetched after push ({}); the poller will find it", change.orderSn(),
                        change.shopId(), e.getMessage());
            }
        }));
        return true;
    }
}
