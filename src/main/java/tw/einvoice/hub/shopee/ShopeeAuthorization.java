package tw.einvoice.hub.shopee;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A shop's authorisation (OAuth) started by a hub admin and finished by Shopee's redirect. Each start issues a
 * random one-time {@code state} that travels inside the redirect URL; the callback is accepted only with a state
 * that was issued here, is unused and has not expired. So a link or callback made up by someone else, or one
 * replayed, stores no tokens. States live in the database so any node may receive the callback.
 */
public class ShopeeAuthorization {

    private static final Logger log = LoggerFactory.getLogger(ShopeeAuthorization.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShopeeClient client;
    private final ShopeeTokens tokens;
    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final Clock clock;

    ShopeeAuthorization(ShopeeClient client, ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc, Clock clock) {
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The link to send the seller's browser to; {@code redirect} is the hub callback Shopee returns to. */
    public record Started(URI link, URI redirect, OffsetDateTime expiresAt) {
    }

    /** The shop's tokens are stored; {@code polled} says whether hub.shopee.shops lists it (else it is not polled). */
    public record Authorised(long shopId, OffsetDateTime tokenValidUntil, boolean polled) {
    }

    /** Why an authorisation could not start or finish; nothing was stored. */
    public static final class Refused extends RuntimeException {

        public enum Reason {
            NOT_CONFIGURED, STATE_UNKNOWN, STATE_USED, STATE_EXPIRED, NOT_APPROVED, MAIN_ACCOUNT, CODE_REJECTED,
            SHOPEE_UNAVAILABLE
        }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /**
     * Issues a state and builds Shopee's signed auth_partner link. {@code fallbackCallback} is used when
     * hub.shopee.redirect-url is not set (e.g. the URL the admin's request came in on).
     */
    public Started start(String fallbackCallback, String actor) {
        if (!settings.configured()) {
            throw new Refused(Refused.Reason.NOT_CONFIGURED,
                    "Shopee is not configured: set HUB_SHOPEE_PARTNER_ID and HUB_SHOPEE_PARTNER_KEY");
        }
        String base = settings.redirectUrl() == null || settings.redirectUrl().isBlank() ? fallbackCallback : settings.redirectUrl();
        String state = newState();
        OffsetDateTime expires = now().plus(settings.authorizeTtl());
        jdbc.sql("DELETE FROM shopee_oauth_state WHERE expires_at < ?").param(now().minusDays(30)).update();
        jdbc.sql("INSERT INTO shopee_oauth_state (state_hash, started_by, expires_at) VALUES (?, ?, ?)")
                .params(hash(state), actor, expires).update();
        // the state is a path segment, not a query parameter: Shopee appends ?code=…&shop_id=… to the URL as given
        URI redirect = URI.create(base.replaceAll("/+$", "") + "/" + state);
        log.info("Shopee shop authorisation started by {}; callback {}, valid until {}", actor, base, expires);
        return new Started(client.authPartnerLink(redirect.toString()), redirect, expires);
    }

    /**
     * Shopee's redirect back: spends the state (whatever happens next, it cannot be used again), then exchanges
     * the code for the shop's first token pair.
     */
    public Authorised complete(String state, String code, String shopId, String mainAccountId) {
        Optional<OffsetDateTime> expires = state == null || state.isBlank() ? Optional.empty()
                : jdbc.sql("UPDATE shopee_oauth_state SET used_at = now() WHERE state_hash = ? AND used_at IS NULL RETURNING expires_at")
                .param(hash(state)).query(OffsetDateTime.class).optional();
        if (expires.isEmpty()) {
            boolean used = state != null && !state.isBlank() && jdbc.sql("SELECT count(*) FROM shopee_oauth_state WHERE state_hash = ?")
                    .param(hash(state)).query(Long.class).single() > 0;
            log.warn("Shopee authorisation callback refused: {} state", used ? "already used" : "unknown");
            throw used ? new Refused(Refused.Reason.STATE_USED,
                    "this authorisation link was already used: start a new one at /api/v1/shopee/authorize")
                    : new Refused(Refused.Reason.STATE_UNKNOWN,
                    "this callback does not belong to an authorisation started at the hub (unknown state): nothing was stored");
        }
        if (expires.get().isBefore(now())) {
            return refuse(state, null, Refused.Reason.STATE_EXPIRED, "this authorisation started more than "
                    + settings.authorizeTtl().toMinutes() + " minutes ago and has expired: start a new one at /api/v1/shopee/authorize");
        }
        Long shop = parse(shopId);
        if (code == null || code.isBlank()) {
            return refuse(state, shop, Refused.Reason.NOT_APPROVED,
                    "Shopee sent no authorisation code: the seller did not approve the hub; nothing was stored");
        }
        if (shop == null) {
            return refuse(state, null, mainAccountId != null && !mainAccountId.isBlank() ? Refused.Reason.MAIN_ACCOUNT
                    : Refused.Reason.NOT_APPROVED, mainAccountId != null && !mainAccountId.isBlank()
                    ? "a main account (main_account_id) was authorised; the hub authorises single shops: log in to Shopee as the shop and start again"
                    : "Shopee's redirect has no valid shop_id; nothing was stored");
        }
        OffsetDateTime validUntil;
        try {
            validUntil = tokens.exchangeCode(code, shop);
        } catch (ShopeeApiException e) {
            // the code is single-use and lives 10 minutes: a fresh start is the only cure either way
            boolean down = e.retryable();
            return refuse(state, shop, down ? Refused.Reason.SHOPEE_UNAVAILABLE : Refused.Reason.CODE_REJECTED,
                    (down ? "Shopee could not be reached to exchange the authorisation code of shop " + shop
                            : "Shopee refused the authorisation code of shop " + shop) + " (" + e.getMessage()
                            + "); nothing was stored: start again at /api/v1/shopee/authorize");
        }
        jdbc.sql("UPDATE shopee_oauth_state SET shop_id = ?, outcome = 'AUTHORISED' WHERE state_hash = ?")
                .params(shop, hash(state)).update();
        boolean polled = settings.shops().containsKey(Long.toString(shop));
        if (!polled) {
            log.warn("Shopee shop {} authorised but not configured (hub.shopee.shops.{}): it will not be polled", shop, shop);
        }
        return new Authorised(shop, validUntil, polled);
    }

    private Authorised refuse(String state, Long shop, Refused.Reason reason, String message) {
        jdbc.sql("UPDATE shopee_oauth_state SET shop_id = ?, outcome = ? WHERE state_hash = ?")
                .params(shop, reason + ": " + message, hash(state)).update();
        log.warn("Shopee authorisation refused ({}{}): {}", reason, shop == null ? "" : ", shop " + shop, message);
        throw new Refused(reason, message);
    }

    private static Long parse(String shopId) {
        try {
            return shopId == null || shopId.isBlank() ? null : Long.valueOf(shopId.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String newState() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
