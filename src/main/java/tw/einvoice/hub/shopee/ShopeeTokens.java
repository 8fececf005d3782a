package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each shop's token pair in {@code shopee_shop}. Shopee's refresh token is single-use and the access token lives
 * four hours, so a refresh happens under the shop row's lock: a second node waits, then finds the new pair and
 * uses it instead of spending the old refresh token a second time (which Shopee would refuse).
 */
class ShopeeTokens {

    private static final Logger log = LoggerFactory.getLogger(ShopeeTokens.class);
    static final String TOKEN_GET = "/api/v2/auth/token/get";
    static final String ACCESS_TOKEN_GET = "/api/v2/auth/access_token/get";

    private final ShopeeClient client;
    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ShopeeTokens(ShopeeClient client, ShopeeProperties settings, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    record Pair(String accessToken, String refreshToken, OffsetDateTime expiresAt) {
    }

    /**
     * OAuth step 3: the single-use code from the authorisation redirect becomes the shop's first token pair.
     * @return when the new access token expires
     */
    public OffsetDateTime exchangeCode(String code, long shopId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("partner_id", settings.partnerId());
        body.put("shop_id", shopId);
        Pair pair = pair(client.publicPost(TOKEN_GET, body));
        jdbc.sql("""
                        INSERT INTO shopee_shop (shop_id, access_token, refresh_token, expires_at, invoice_by_shopee, token_refreshed_at)
                        VALUES (:shop, :access, :refresh, :expires, :byShopee, now())
                        ON CONFLICT (shop_id) DO UPDATE SET access_token = :access, refresh_token = :refresh,
                            expires_at = :expires, token_refreshed_at = now(), updated_at = now()""")
                .param("shop", shopId).param("access", pair.accessToken()).param("refresh", pair.refreshToken())
                .param("expires", pair.expiresAt()).param("byShopee", settings.shop(shopId).invoiceByShopee())
                .update();
        log.info("Shopee shop {} authorised; access token valid until {}", shopId, pair.expiresAt());
        return pair.expiresAt();
    }

    /** A usable access token, refreshed first when it expires within {@code refresh-before}. */
    public String accessToken(long shopId) {
        Pair current = read(shopId, false).orElseThrow(() -> notAuthorised(shopId));
        if (current.expiresAt() != null && current.expiresAt().isAfter(now().plus(settings.refreshBefore()))) {
            return current.accessToken();
        }
        return refresh(shopId, current.accessToken());
    }

    /**
     * Refreshes unless another caller already did since {@code stale} was read. The row stays locked across the
     * call to Shopee and the update, so one refresh token is spent exactly once.
     */
    public String refresh(long shopId, String stale) {
        return tx.execute(status -> {
            Pair locked = read(shopId, true).orElseThrow(() -> notAuthorised(shopId));
            if (!locked.accessToken().equals(stale) && locked.expiresAt().isAfter(now().plus(settings.refreshBefore()))) {
                return locked.accessToken(); // someone refreshed while we waited for the lock
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("refresh_token", locked.refreshToken());
            body.put("partner_id", settings.partnerId());
            body.put("shop_id", shopId);
            Pair fresh = pair(client.publicPost(ACCESS_TOKEN_GET, body));
            int updated = jdbc.sql("""
                            UPDATE shopee_shop SET access_token = ?, refresh_token = ?, expires_at = ?, token_refreshed_at = now(),
                                updated_at = now() WHERE shop_id = ? AND refresh_token = ?""")
                    .params(fresh.accessToken(), fresh.refreshToken(), fresh.expiresAt(), shopId, locked.refreshToken())
                    .update();
            if (updated != 1) {
                throw new IllegalStateException("Shopee shop " + shopId + ": token row changed under its lock");
            }
            log.info("Shopee shop {}: access token refreshed, valid until {}", shopId, fresh.expiresAt());
            return fresh.accessToken();
        });
    }

    /** Runs a shop call with the current token; when Shopee rejects the token, refreshes once and tries again. */
    public <T> T withToken(long shopId, Function<String, T> call) {
        String token = accessToken(shopId);
        try {
            return call.apply(token);
        } catch (ShopeeApiException e) {
            if (!e.tokenRejected()) {
                throw e;
            }
            return call.apply(refresh(shopId, token));
        }
    }

    private Optional<Pair> read(long shopId, boolean lock) {
        return jdbc.sql("SELECT access_token, refresh_token, expires_at FROM shopee_shop WHERE shop_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                .param(shopId)
                .query((rs, n) -> new Pair(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .optional()
                .filter(p -> p.accessToken() != null && p.refreshToken() != null);
    }

    private Pair pair(JsonNode json) {
        // the token APIs answer at the top level, not under "response"
        JsonNode r = json.has("access_token") ? json : json.path("response");
        long expireIn = r.path("expire_in").asLong(14400);
        return new Pair(r.path("access_token").asText(), r.path("refresh_token").asText(), now().plusSeconds(expireIn));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static IllegalStateException notAuthorised(long shopId) {
        return new IllegalStateException("Shopee shop " + shopId + " is not authorised: exchange an authorisation code first");
    }
}
