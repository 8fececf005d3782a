package tw.einvoice.hub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Shopee push messages. Only a message whose {@code Authorization} is the HMAC of the registered callback URL and
 * the raw body is accepted. An order status push (code 3) only says that something changed: the order is fetched
 * in the background so that Shopee gets its empty 2xx at once (a slow answer makes Shopee push again). A lost push
 * costs nothing but time: the poller finds the order by its update_time.
 */
public class ShopeePush {

    private static final Logger log = LoggerFactory.getLogger(ShopeePush.class);
    public static final int ORDER_STATUS = 3;

    private final ShopeeProperties settings;
    private final ShopeeSigner signer;
    private final ShopeeOrders orders;
    private final ExecutorService fetcher;

    public ShopeePush(ShopeeProperties settings, ShopeeSigner signer, ShopeeOrders orders, ExecutorService fetcher) {
        this.settings = settings;
        this.signer = signer;
        this.orders = orders;
        this.fetcher = fetcher;
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
        if (push.path("code").asInt() == ORDER_STATUS) {
            long shopId = push.path("shop_id").asLong();
            String sn = push.path("data").path("ordersn").asText(""); // the push says ordersn, the APIs order_sn
            if (!sn.isEmpty() && settings.shops().containsKey(Long.toString(shopId))) {
                fetcher.submit(() -> {
                    try {
                        orders.fetch(shopId, List.of(sn));
                    } catch (RuntimeException e) {
                        log.warn("Shopee order {} of shop {} not fetched after push ({}); the poller will find it", sn, shopId,
                                e.getMessage());
                    }
                });
            }
        }
        return true;
    }
}
