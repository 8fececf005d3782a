package tw.einvoice.hub.shopee;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Keeps every authorised shop's authorisation alive. A refresh token lives 30 days and a shop's tokens are otherwise
 * renewed only when the shop is called, so a shop that is idle, or whose invoices Shopee issues (never polled),
 * would lose its authorisation silently. This check renews every pair whose refresh token is older than
 * {@code refresh-token-renew-after}. Each node runs it; a shop another node is refreshing is skipped
 * ({@code FOR UPDATE SKIP LOCKED}), and a refresh token is never sent twice ({@link ShopeeTokens}).
 */
class ShopeeTokenRefresh {

    private static final Logger log = LoggerFactory.getLogger(ShopeeTokenRefresh.class);

    private final ShopeeTokens tokens;
    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final Clock clock;

    ShopeeTokenRefresh(ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc, Clock clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What one check did, for the route's log. */
    record Checked(int due, int renewed, int lost, int failed) {
    }

    Checked renewDue() {
        OffsetDateTime renewBefore = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minus(settings.refreshTokenRenewAfter());
        List<Long> due = jdbc.sql("""
                        SELECT shop_id FROM shopee_shop WHERE refresh_token IS NOT NULL AND reauthorize_needed_at IS NULL
                          AND (token_refreshed_at IS NULL OR token_refreshed_at <= ?) ORDER BY shop_id""")
                .param(renewBefore).query(Long.class).list();
        int renewed = 0;
        int lost = 0;
        int failed = 0;
        for (long shopId : due) {
            try {
                renewed += tokens.renewIfDue(shopId) ? 1 : 0;
            } catch (ShopeeTokens.AuthorisationLost e) {
                lost++; // logged, marked and mailed where it happened
            } catch (RuntimeException e) {
                // unspent (Shopee unreachable, throttling): the next check tries again, days before the token lapses
                failed++;
                log.warn("Shopee shop {}: tokens not renewed this time: {}", shopId, e.getMessage());
            }
        }
        if (!due.isEmpty()) {
            log.info("Shopee token check: {} shops due, {} renewed, {} need a new authorisation, {} to try again", due.size(),
                    renewed, lost, failed);
        }
        return new Checked(due.size(), renewed, lost, failed);
    }
}
