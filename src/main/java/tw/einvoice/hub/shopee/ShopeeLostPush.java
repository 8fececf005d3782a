package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes Shopee could not deliver (the hub was down, or answered late), read back from
 * {@code push/get_lost_push_message} (the earliest 100 of the last 3 days; each item's {@code data} is a JSON string
 * of the whole push). Order status messages (code 3) take the live push's path, authorisation expiry (code 12) mails
 * the shops' admins; a page is confirmed only after its orders were handed to intake (stored as invoices or rejected
 * records) and its unreadable messages were kept, so a crash reads it again (intake recognises repeats by order_sn). The API has no cursor: the next page appears once this one is confirmed.
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
    private final JdbcClient jdbc;

    ShopeeLostPush(ShopeeClient client, ShopeePush push, ShopeeOrders orders, JdbcClient jdbc) {
        this.client = client;
        this.push = push;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    /** What one run did, for the route's log. */
    record Recovered(int pages, int messages, int orderChanges, int skipped, int unreadable, long lastMessageId) {
    }

    Recovered recover() {
        int pages = 0;
        int messages = 0;
        int handed = 0;
        int skipped = 0;
        int unreadable = 0;
        long last = 0;
        for (boolean more = true; more && pages < MAX_PAGES_PER_RUN; ) {
            JsonNode r = client.publicGet(GET_LOST, Map.of());
            JsonNode page = r.has("response") ? r.path("response") : r;
            JsonNode list = page.path("push_message_list");
            if (list.isEmpty()) {
                break;
            }
            long lastId = page.path("last_message_id").asLong(0);
            if (lastId == 0) {
                throw new IllegalStateException("Shopee get_lost_push_message answered without last_message_id: cannot confirm");
            }
            Map<Long, Set<String>> byShop = new LinkedHashMap<>();
            List<ShopeePush.Message> expiries = new ArrayList<>();
            for (JsonNode item : list) {
                ShopeePush.Message message = ShopeePush.read(item);
                var change = push.orderChange(message);
                if (change.isPresent()) {
                    byShop.computeIfAbsent(change.get().shopId(), s -> new LinkedHashSet<>()).add(change.get().orderSn());
                } else if (!message.readable()) {
                    keep(item, message, lastId);
                    unreadable++;
                } else if (message.code() == ShopeePush.AUTHORIZATION_EXPIRY) {
                    expiries.add(message);
                } else {
                    skipped++;
                    log.debug("Shopee lost push code {} of shop {} skipped", message.code(), message.shopId());
                }
            }
            for (var shop : byShop.entrySet()) {
                handed += fetch(shop.getKey(), shop.getValue());
            }
            expiries.forEach(push::authorisationExpiry);
            client.publicPost(CONFIRM_LOST, Map.of("last_message_id", lastId));
            pages++;
            messages += list.size();
            last = lastId;
            more = page.path("has_next_page").asBoolean(false);
        }
        if (messages > 0) {
            log.info("Shopee lost pushes: {} read in {} pages, {} order status changes fetched, {} others skipped, {} unreadable "
                    + "kept in shopee_push_unread; confirmed up to {}", messages, pages, handed, skipped, unreadable, last);
        }
        return new Recovered(pages, messages, handed, skipped, unreadable, last);
    }

    /**
     * A message the hub cannot read is kept, with the reason, before its page is confirmed: confirming it unkept would
     * drop it for good, and leaving the page unconfirmed would hold back every lost push after it.
     */
    private void keep(JsonNode item, ShopeePush.Message message, long pageLastId) {
        jdbc.sql("INSERT INTO shopee_push_unread (shop_id, code, pushed_at, reason, message) VALUES (?, ?, ?, ?, ?)")
                .params(message.shopId() == 0 ? null : message.shopId(), message.code(), message.timestamp(),
                        message.unreadable(), item.toString()).update();
        log.warn("Shopee lost push code {} of shop {} (timestamp {}, page up to message {}) cannot be read: {}; kept in "
                + "shopee_push_unread", message.code(), message.shopId(), message.timestamp(), pageLastId, message.unreadable());
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
