package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each shop's token pair in {@code shopee_shop}. Shopee's refresh token is single-use and the access token lives
 * four hours, so a refresh happens under the shop row's lock: a second node waits, then finds the new pair and
 * uses it instead of spending the old refresh token a second time (which Shopee would refuse).
 * <p>
 * A refresh token is sent at most once, ever: before it goes out its hash is committed to
 * {@code shopee_token_refresh} (unique), and the request is never repeated (not even by {@link ShopeeCallPolicy}).
 * When the answer is lost (a broken connection, a timeout, a crash) the token may be spent at Shopee and the new
 * pair with it; nothing can recover that, so the shop is marked for re-authorisation and its admins and finance are
 * mailed the link, rather than sending a possibly spent token again.
 */
class ShopeeTokens {

    private static final Logger log = LoggerFactory.getLogger(ShopeeTokens.class);
    static final String TOKEN_GET = "/api/v2/auth/token/get";
    static final String ACCESS_TOKEN_GET = "/api/v2/auth/access_token/get";

    private final ShopeeClient client;
    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    /** commits on its own while the shop row stays locked by the refreshing transaction */
    private final TransactionTemplate own;
    private final ShopeeAuthorizationAlerts alerts;
    private final Clock clock;

    ShopeeTokens(ShopeeClient client, ShopeeProperties settings, JdbcClient jdbc, TransactionTemplate tx,
                 ShopeeAuthorizationAlerts alerts, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.own = new TransactionTemplate(tx.getTransactionManager());
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.alerts = alerts;
        this.clock = clock;
    }

    record Pair(String accessToken, String refreshToken, OffsetDateTime expiresAt) {
    }

    /** The shop's tokens cannot be renewed by the hub: someone must authorise the shop again. */
    static final class AuthorisationLost extends IllegalStateException {
        AuthorisationLost(String message) {
            super(message);
        }
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
                        VALUES (:shop, :access, :refresh, :expires, :byShopee, :now)
                        ON CONFLICT (shop_id) DO UPDATE SET access_token = :access, refresh_token = :refresh,
                            expires_at = :expires, token_refreshed_at = :now, reauthorize_needed_at = NULL,
                            reauthorize_reason = NULL, updated_at = now()""")
                .param("shop", shopId).param("access", pair.accessToken()).param("refresh", pair.refreshToken())
                .param("expires", pair.expiresAt()).param("byShopee", settings.shop(shopId).invoiceByShopee())
                .param("now", now()).update();
        alerts.forget(shopId);
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
        Spent spent = tx.execute(status -> {
            Pair locked = read(shopId, true).orElseThrow(() -> notAuthorised(shopId));
            if (!locked.accessToken().equals(stale) && locked.expiresAt().isAfter(now().plus(settings.refreshBefore()))) {
                return new Spent(locked, null); // someone refreshed while we waited for the lock
            }
            return spend(shopId, locked);
        });
        return spent.orThrow().accessToken();
    }

    /**
     * Renews the shop's pair now if its refresh token is older than {@code refresh-token-renew-after}, unless another
     * node holds the row (it is refreshing it): that one will do. For the scheduled check, so idle shops and shops
     * whose invoices Shopee issues keep a live authorisation too.
     * @return whether this call renewed the pair
     */
    boolean renewIfDue(long shopId) {
        Spent spent = tx.execute(status -> jdbc.sql("""
                        SELECT access_token, refresh_token, expires_at FROM shopee_shop
                        WHERE shop_id = ? AND refresh_token IS NOT NULL AND reauthorize_needed_at IS NULL
                          AND (token_refreshed_at IS NULL OR token_refreshed_at <= ?)
                        FOR UPDATE SKIP LOCKED""")
                .params(shopId, now().minus(settings.refreshTokenRenewAfter()))
                .query((rs, n) -> new Pair(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .optional().map(locked -> spend(shopId, locked)).orElse(null));
        if (spent == null) {
            return false;
        }
        spent.orThrow();
        return true;
    }

    /** The outcome of one refresh, carried out of the transaction so that what it wrote commits before a throw. */
    private record Spent(Pair pair, RuntimeException failure) {
        Pair orThrow() {
            if (failure instanceof AlertAfterCommit lost) {
                throw lost.raise();
            }
            if (failure != null) {
                throw failure;
            }
            return pair;
        }
    }

    /** Spends the locked row's refresh token, at most once. Runs inside the transaction that holds the row. */
    private Spent spend(long shopId, Pair locked) {
        String hash = hash(locked.refreshToken());
        Long attempt = own.execute(s -> jdbc.sql("""
                        INSERT INTO shopee_token_refresh (shop_id, refresh_token_hash, started_at) VALUES (?, ?, ?)
                        ON CONFLICT (refresh_token_hash) DO NOTHING RETURNING id""")
                .params(shopId, hash, now()).query(Long.class).optional().orElse(null));
        if (attempt == null) {
            // sent before and never settled: a crash or a lost answer. It may be spent; sending it again cannot tell
            return lost(shopId, "REFRESH_LOST", "its refresh token was sent before and Shopee's answer never arrived "
                    + "(the token may be spent, and the new pair lost with the answer)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refresh_token", locked.refreshToken());
        body.put("partner_id", settings.partnerId());
        body.put("shop_id", shopId);
        Pair fresh;
        try {
            fresh = pair(client.publicPost(ACCESS_TOKEN_GET, body));
        } catch (ShopeeApiException e) {
            return failed(shopId, attempt, e);
        }
        int updated = jdbc.sql("""
                        UPDATE shopee_shop SET access_token = ?, refresh_token = ?, expires_at = ?, token_refreshed_at = ?,
                            updated_at = now() WHERE shop_id = ? AND refresh_token = ?""")
                .params(fresh.accessToken(), fresh.refreshToken(), fresh.expiresAt(), now(), shopId, locked.refreshToken())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Shopee shop " + shopId + ": token row changed under its lock");
        }
        // in the row's transaction: if it does not commit, the new pair is lost and the open attempt says so
        finish(attempt, "REFRESHED", null, false);
        log.info("Shopee shop {}: access token refreshed, valid until {}", shopId, fresh.expiresAt());
        return new Spent(fresh, null);
    }

    private Spent failed(long shopId, long attempt, ShopeeApiException e) {
        if (!e.mayHaveReachedShopee() || e.httpStatus() == 429 || e.error().contains("rate_limit") || e.error().equals("error_sign")) {
            // Shopee never had it, or turned the request away before looking at the token: still unspent, try later
            own.execute(s -> jdbc.sql("DELETE FROM shopee_token_refresh WHERE id = ?").param(attempt).update());
            log.warn("Shopee shop {}: refresh not done ({}); the refresh token is unspent and will be used next time", shopId,
                    e.getMessage());
            return new Spent(null, e);
        }
        if (e.httpStatus() >= 500 || e.error().equals("error_network") || e.error().equals("error_server")) {
            finish(attempt, "IN_DOUBT", e.getMessage(), true);
            return lost(shopId, "REFRESH_LOST", "the refresh went to Shopee but its answer was lost (" + e.getMessage()
                    + "); the single-use refresh token may be spent, so the hub does not send it again");
        }
        finish(attempt, "REFUSED", e.getMessage(), true);
        return lost(shopId, "REFRESH_REFUSED", "Shopee refused the refresh token (" + e.getMessage() + ")");
    }

    /**
     * Marks the shop for re-authorisation in the locked row's transaction (the first cause stays: later attempts only
     * find the token already sent); the mail goes after it committed.
     */
    private Spent lost(long shopId, String kind, String reason) {
        jdbc.sql("""
                        UPDATE shopee_shop SET reauthorize_needed_at = coalesce(reauthorize_needed_at, ?),
                            reauthorize_reason = coalesce(reauthorize_reason, ?),
                            updated_at = now() WHERE shop_id = ?""").params(now(), reason, shopId).update();
        log.error("Shopee shop {} must be authorised again at {}: {}", shopId, settings.reauthorizeLink(), reason);
        return new Spent(null, new AlertAfterCommit(shopId, kind, reason));
    }

    /** Thrown once the transaction that marked the shop has committed: mails first, then fails the caller. */
    private final class AlertAfterCommit extends RuntimeException {
        private final long shopId;
        private final String kind;
        private final String reason;

        AlertAfterCommit(long shopId, String kind, String reason) {
            super(reason, null, false, false);
            this.shopId = shopId;
            this.kind = kind;
            this.reason = reason;
        }

        AuthorisationLost raise() {
            alerts.refreshLost(shopId, kind, reason);
            return new AuthorisationLost("Shopee shop " + shopId + " must be authorised again (" + settings.reauthorizeLink()
                    + "): " + reason);
        }
    }

    private void finish(long attempt, String outcome, String detail, boolean onItsOwn) {
        Runnable write = () -> jdbc.sql("UPDATE shopee_token_refresh SET outcome = ?, detail = ?, finished_at = ? WHERE id = ?")
                .params(outcome, detail, now(), attempt).update();
        if (onItsOwn) {
            own.executeWithoutResult(s -> write.run());
        } else {
            write.run();
        }
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
            log.info("Shopee shop {}: access token rejected ({}); refreshing once", shopId, e.error());
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

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
