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
 * the raw body is accepted. An order status push (code 3) only says that something changed: the order is fetched
 * in the background so that Shopee gets its empty 2xx at once (a slow answer makes Shopee push again). Pushes Shopee
 * could not deliver are read back by {@link ShopeeLostPush}; the poller finds the rest by update_time.
 */
public class ShopeePush {

    private static final Logger log = LoggerFactory.getLogger(ShopeePush.class);
    static final int ORDER_STATUS = 3;

    private final ShopeeProperties settings;
    private final ShopeeSigner signer;
    private final ShopeeOrders orders;
    private final ExecutorService fetcher;

    ShopeePush(ShopeeProperties settings, ShopeeSigner signer, ShopeeOrders orders, ExecutorService fetcher) {
        this.settings = settings;
        this.signer = signer;
        this.orders = orders;
        this.fetcher = fetcher;
    }

    /** An order status push (code 3) for a shop the hub invoices for. */
    record OrderChange(long shopId, String orderSn) {
    }

    /**
     * The order a push is about, when it is an order status push for a configured shop. {@code data} is an object
     * in a live push and a JSON string in a lost one; either way its key is {@code ordersn}, not order_sn.
     */
    Optional<OrderChange> orderChange(JsonNode push) {
        if (push.path("code").asInt() != ORDER_STATUS) {
            return Optional.empty();
        }
        JsonNode data = push.path("data");
        if (data.isTextual()) {
            try {
                data = ShopeeClient.JSON.readTree(data.asText());
            } catch (IOException e) {
                log.warn("Shopee order status push of shop {} with unreadable data ignored: {}", push.path("shop_id").asLong(),
                        e.getMessage());
                return Optional.empty();
            }
        }
        long shopId = push.path("shop_id").asLong();
        String sn = data.path("ordersn").asText("");
        if (sn.isEmpty() || !settings.shops().containsKey(Long.toString(shopId))) {
            return Optional.empty();
        }
        return Optional.of(new OrderChange(shopId, sn));
    }

    /** @return false when the push is not authentic (the caller answers 401); true when it was taken */
    public boolean accept(byte[] rawBody, String authorization) {
        if (!signer.pushAuthentic(settings.callbackUrl(), rawBody, authorization)) {
            log.warn("Shopee push refused: Authorization does not match (callback URL {})", settings.callbackUrl());
            return false;
        }
        JsonNode push;
        try {
            push = ShopeeClient.JSON.readTree(rawBody);
        } catch (IOException e) {
            log.warn("Shopee push with an authentic signature but unreadable JSON ignored: {}", e.getMessage());
            return true;
        }
        orderChange(push).ifPresent(change -> fetcher.submit(() -> {
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
