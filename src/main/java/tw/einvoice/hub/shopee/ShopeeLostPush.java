package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Pushes Shopee could not deliver (the hub was down, or answered late), read back from
 * {@code push/get_lost_push_message} (the earliest 100 of the last 3 days). Order status messages (code 3) take
 * the live push's path; a page is confirmed only after its orders were handed on, so a crash reads it again
 * (intake recognises repeats by order_sn). The API has no cursor: the next page appears once this one is confirmed.
 */
class ShopeeLostPush {

    private static final Logger log = LoggerFactory.getLogger(ShopeeLostPush.class);
    static final String GET_LOST = "/api/v2/push/get_lost_push_message";
    static final String CONFIRM_LOST = "/api/v2/push/confirm_consumed_lost_push_message";
    /** bounds one run; what is left waits for the next */
    static final int MAX_PAGES_PER_RUN = 20;

    private final ShopeeClient client;
    private final ShopeePush push;
    private final ShopeeOrders orders;

    ShopeeLostPush(ShopeeClient client, ShopeePush push, ShopeeOrders orders) {
        this.client = client;
        this.push = push;
        this.orders = orders;
    }

    /** What one run did, for the route's log. */
    record Recovered(int pages, int messages, int orderChanges, int skipped, long lastMessageId) {
    }

    Recovered recover() {
        int pages = 0;
        int messages = 0;
        int handed = 0;
        int skipped = 0;
        long last = 0;
        for (boolean more = true; more && pages < MAX_PAGES_PER_RUN; ) {
            JsonNode r = client.publicGet(GET_LOST, Map.of());
            JsonNode page = r.has("response") ? r.path("response") : r;
            JsonNode list = page.path("push_message_list");
            if (list.isEmpty()) {
                break;
            }
            Map<Long, Set<String>> byShop = new LinkedHashMap<>();
            for (JsonNode message : list) {
                var change = push.orderChange(message);
                if (change.isPresent()) {
                    byShop.computeIfAbsent(change.get().shopId(), s -> new LinkedHashSet<>()).add(change.get().orderSn());
                } else {
                    skipped++;
                    log.debug("Shopee lost push code {} of shop {} skipped", message.path("code").asInt(), message.path("shop_id").asLong());
                }
            }
            for (var shop : byShop.entrySet()) {
                handed += fetch(shop.getKey(), shop.getValue());
            }
            long lastId = page.path("last_message_id").asLong(0);
            if (lastId == 0) {
                throw new IllegalStateException("Shopee get_lost_push_message answered without last_message_id: cannot confirm");
            }
            client.publicPost(CONFIRM_LOST, Map.of("last_message_id", lastId));
            pages++;
            messages += list.size();
            last = lastId;
            more = page.path("has_next_page").asBoolean(false);
        }
        if (messages > 0) {
            log.info("Shopee lost pushes: {} read in {} pages, {} order status changes fetched, {} others skipped; confirmed up to {}",
                    messages, pages, handed, skipped, last);
        }
        return new Recovered(pages, messages, handed, skipped, last);
    }

    /**
     * Shopee trouble that passes with time stops the run unconfirmed, so the next run reads the page again. A shop
     * that cannot be fetched for good (not authorised, refused) is left to the poller, as a live push would be.
     */
    private int fetch(long shopId, Set<String> orderSns) {
        try {
            orders.fetch(shopId, new ArrayList<>(orderSns));
            return orderSns.size();
        } catch (ShopeeApiException e) {
            if (e.retryable()) {
                throw e;
            }
            log.warn("Shopee lost pushes of shop {} ({} orders) not fetched ({}); the poller will find them", shopId,
                    orderSns.size(), e.getMessage());
        } catch (IllegalStateException e) {
            log.warn("Shopee lost pushes of shop {} ({} orders) not fetched ({}); the poller will find them", shopId,
                    orderSns.size(), e.getMessage());
        }
        return 0;
    }
}
