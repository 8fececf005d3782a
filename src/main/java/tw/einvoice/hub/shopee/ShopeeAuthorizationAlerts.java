package tw.einvoice.hub.shopee;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.notify.Mailer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Tells a shop's admins ({@code hub.shopee.shops.<id>.admins-to}) and finance that a shop must be authorised again,
 * with the link to do it. Each reason is mailed once per shop ({@code shopee_authorization_alert}, claimed with one
 * insert so two nodes, or Shopee repeating a push, mail it once); a mail the server refused is tried again next time.
 */
class ShopeeAuthorizationAlerts {

    private static final Logger log = LoggerFactory.getLogger(ShopeeAuthorizationAlerts.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Taipei"));

    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final Mailer mailer;

    ShopeeAuthorizationAlerts(ShopeeProperties settings, JdbcClient jdbc, Mailer mailer) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.mailer = mailer;
    }

    /**
     * Push code 12 ({@code open_api_authorization_expiry}): {@code data.shop_expire_soon} lists the shops whose
     * authorisation ends within a week, before {@code data.expire_before}. Shops the hub does not hold are someone
     * else's business (the push is partner-wide). Shopee may page it ({@code page_no}/{@code total_page}) and repeat it.
     * @return the shops mailed now
     */
    List<Long> expiring(com.fasterxml.jackson.databind.JsonNode data) {
        long expireBefore = data.path("expire_before").asLong(0);
        List<Long> mailed = new ArrayList<>();
        for (var id : data.path("shop_expire_soon")) {
            long shopId = id.asLong();
            boolean held = settings.shops().containsKey(Long.toString(shopId))
                    || jdbc.sql("SELECT count(*) FROM shopee_shop WHERE shop_id = ?").param(shopId).query(Long.class).single() > 0;
            if (held && expiresSoon(shopId, expireBefore)) {
                mailed.add(shopId);
            }
        }
        return mailed;
    }

    /** Push code 12: Shopee says the shop's authorisation (365 days) ends before {@code expireBefore}. */
    boolean expiresSoon(long shopId, long expireBefore) {
        String when = DATE.format(Instant.ofEpochSecond(expireBefore));
        return alert(shopId, "EXPIRES:" + expireBefore,
                "Shopee shop " + shopId + ": 蝦皮授權即將到期 authorisation expires before " + when,
                "Shopee says the hub's authorisation for shop " + shopId + " ends before " + when + " (Asia/Taipei).\n"
                        + "After that the hub can no longer read its orders, and no invoices are made for them.");
    }

    /** The hub's own refresh could not renew the tokens: without a new authorisation the shop is lost. */
    boolean refreshLost(long shopId, String kind, String reason) {
        return alert(shopId, kind, "Shopee shop " + shopId + ": 蝦皮需重新授權 must be authorised again",
                "The hub could not renew the Shopee tokens of shop " + shopId + ": " + reason + ".\n"
                        + "Until the shop is authorised again the hub cannot read its orders, and no invoices are made for them.");
    }

    private boolean alert(long shopId, String kind, String subject, String why) {
        boolean claimed = jdbc.sql("INSERT INTO shopee_authorization_alert (shop_id, kind) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(shopId, kind).update() == 1;
        if (!claimed) {
            return false;
        }
        ShopeeProperties.Shop shop = settings.shop(shopId);
        String text = why + "\n\n"
                + "處理方式 What to do: an HQ admin of the hub opens\n  " + settings.reauthorizeLink() + "\n"
                + "and sends the link it gives (valid " + settings.authorizeTtl().toMinutes() + " minutes) to someone who can log in as the shop at Shopee,\n"
                + "or opens it while logged in as the shop, and approves the hub again.\n\n"
                + "Shop " + shopId + (shop.sellerId() == null ? "" : ", seller " + shop.sellerId()) + ".\n";
        List<String> to = new ArrayList<>(new LinkedHashSet<>(concat(shop.adminsTo(), mailer.financeTo())));
        try {
            if (!mailer.send(to, "[einvoice-hub] " + subject, text)) {
                log.warn("[einvoice-hub] {} (no mail server or recipients: only logged)\n{}", subject, text);
            }
            return true;
        } catch (RuntimeException e) {
            // give the claim back so that the next occasion (a repeated push, the next check) mails it
            jdbc.sql("DELETE FROM shopee_authorization_alert WHERE shop_id = ? AND kind = ?").params(shopId, kind).update();
            log.warn("Shopee authorisation alert for shop {} not mailed, will try again: {}", shopId, e.getMessage());
            return false;
        }
    }

    /** A new authorisation: the next trouble is news again. */
    void forget(long shopId) {
        jdbc.sql("DELETE FROM shopee_authorization_alert WHERE shop_id = ?").param(shopId).update();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a == null ? List.of() : a);
        all.addAll(b == null ? List.of() : b);
        return all;
    }
}
