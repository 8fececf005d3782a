package tw.einvoice.hub.shopee;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code hub.shopee.*}. The partner key and the push key come only from configuration (HUB_SHOPEE_PARTNER_KEY,
 * HUB_SHOPEE_PUSH_PARTNER_KEY) and are never logged: {@link #toString()} hides them.
 */
@ConfigurationProperties("hub.shopee")
record ShopeeProperties(
        long partnerId,
        String partnerKey,
        @DefaultValue("https://partner.shopeemobile.com") String baseUrl,
        /* the push URL exactly as registered with Shopee (scheme, host, path): the push signature covers it */
        String callbackUrl,
        @DefaultValue("COMPLETED") String issueStatus,
        @DefaultValue("5") double requestsPerSecond,
        @DefaultValue("4") int maxRetries,
        @DefaultValue("PT1S") Duration backoff,
        @DefaultValue("PT10M") Duration overlap,
        @DefaultValue("P3D") Duration initialLookback,
        @DefaultValue("PT5M") Duration refreshBefore,
        /* the hub's OAuth callback as the seller's browser reaches it, e.g. https://hub.example.com/api/v1/shopee/oauth/callback */
        String redirectUrl,
        /* how long a started authorisation (its state) may take: login, SMS code, approval */
        @DefaultValue("PT15M") Duration authorizeTtl,
        /* how often get_lost_push_message is read; zero turns it off */
        @DefaultValue("PT5M") Duration lostPushPeriod,
        Map<String, Shop> shops,
        /* the console's Live Push Partner Key (Push Mechanism → Set Push); unset: pushes are verified with partner-key */
        String pushPartnerKey,
        /* how often every authorised shop's tokens are looked at (ShopeeTokenRefresh); zero turns it off */
        @DefaultValue("PT1H") Duration tokenCheckPeriod,
        /* a refresh token (30 days, single-use) this old is renewed, whether or not the shop is polled */
        @DefaultValue("P14D") Duration refreshTokenRenewAfter) {

    /** Per-shop settings; the key is the Shopee shop_id. */
    public record Shop(String sellerId, String branchId,
                       /* Shopee issues this shop's invoices itself (蝦皮代收轉付): the hub skips its orders */
                       @DefaultValue("false") boolean invoiceByShopee,
                       /* read a BAN (統編:12345678) or mobile barcode (/ABC+123) from message_to_seller */
                       @DefaultValue("false") boolean carrierFromMessage,
                       @DefaultValue("EJ0113") String memberCarrierType,
                       /* who hears that the shop's authorisation needs renewing (besides finance) */
                       List<String> adminsTo) {

        public Shop {
            adminsTo = adminsTo == null ? List.of() : adminsTo.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
        }
    }

    public ShopeeProperties {
        shops = shops == null ? Map.of() : Map.copyOf(shops);
    }

    /** The key pushes are signed with: the Live Push Partner Key when set, else the API partner key. */
    public String pushKey() {
        return pushPartnerKey != null && !pushPartnerKey.isBlank() ? pushPartnerKey : partnerKey;
    }

    /**
     * Where an admin starts a shop's authorisation again, as people reach the hub: derived from the OAuth callback
     * or the push URL (both registered with Shopee, so both are the hub's public address).
     */
    public String reauthorizeLink() {
        String authorize = "/api/v1/shopee/authorize";
        if (redirectUrl != null && redirectUrl.contains("/api/v1/shopee/")) {
            return redirectUrl.substring(0, redirectUrl.indexOf("/api/v1/shopee/")) + authorize;
        }
        if (callbackUrl != null && callbackUrl.contains("/api/v1/shopee/")) {
            return callbackUrl.substring(0, callbackUrl.indexOf("/api/v1/shopee/")) + authorize;
        }
        return authorize;
    }

    /** Partner id and key are set: the hub can sign calls to Shopee. */
    public boolean configured() {
        return partnerId != 0 && partnerKey != null && !partnerKey.isBlank();
    }

    public Shop shop(long shopId) {
        Shop s = shops.get(Long.toString(shopId));
        return s != null ? s : new Shop(null, null, false, false, "EJ0113", List.of());
    }

    @Override
    public String toString() {
        return "ShopeeProperties[partnerId=" + partnerId + ", partnerKey=***, pushPartnerKey=***, baseUrl=" + baseUrl + ", shops=" + shops.keySet() + "]";
    }
}
