package tw.einvoice.hub.shopee;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.notify.Mailer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Shop authorisations kept alive: the scheduled renewal, single-use refresh tokens, Shopee's spellings of "expired". */
class ShopeeTokenRefreshTest extends ShopeeFakeHubTest {

    @Autowired
    ShopeeProperties settings;
    @Autowired
    ShopeeTokens tokens;
    @Autowired
    ShopeeClient client;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Mailer mailer;

    /** A clock the test moves; Shopee's (the fake's) follows it, so both sides see the days pass. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void shopsThatSendNothingFor29DaysStillHoldAValidToken() {
        MovingClock clock = new MovingClock();
        FAKE.clock = clock;
        try {
            ShopeeClient timed = new ShopeeClient(settings, clock);
            ShopeeTokens timedTokens = new ShopeeTokens(timed, settings, jdbc, tx, new ShopeeAuthorizationAlerts(settings, jdbc, mailer), clock);
            ShopeeTokenRefresh check = new ShopeeTokenRefresh(timedTokens, settings, jdbc, clock);
            timedTokens.exchangeCode("code-idle", IDLE_SHOP);
            timedTokens.exchangeCode("code-shopee-issues", SHOPEE_ISSUES_SHOP);
            String firstRefresh = refreshToken(IDLE_SHOP);
            int idleRefreshes = FAKE.refreshes(IDLE_SHOP).get();
            int byShopeeRefreshes = FAKE.refreshes(SHOPEE_ISSUES_SHOP).get();

            // nothing is polled or pushed; only the hourly check runs (here once a day)
            for (int day = 1; day <= 29; day++) {
                clock.advance(Duration.ofDays(1));
                check.renewDue();
            }

            for (long shop : new long[] {IDLE_SHOP, SHOPEE_ISSUES_SHOP}) {
                String refresh = refreshToken(shop);
                assertThat(FAKE.refreshTokens).as("shop %d's refresh token is live at Shopee", shop).containsKey(refresh);
                assertThat(Duration.between(FAKE.refreshIssued.get(refresh), clock.instant())).as("its age").isLessThan(Duration.ofDays(15));
                // a call now: the access token (4 h) is renewed with that refresh token and Shopee answers
                var answer = timedTokens.withToken(shop, t -> timed.shopGet(shop, t, ShopeeOrders.ORDER_LIST, ShopeeClient.params(
                        "time_range_field", "update_time", "time_from", Long.toString(clock.instant().getEpochSecond() - 3600),
                        "time_to", Long.toString(clock.instant().getEpochSecond()), "page_size", "100", "cursor", "")));
                assertThat(answer.path("error").asText()).isEmpty();
            }
            assertThat(FAKE.refreshes(IDLE_SHOP).get() - idleRefreshes).as("renewed on day 14 and 28, then on the call").isEqualTo(3);
            assertThat(FAKE.refreshes(SHOPEE_ISSUES_SHOP).get() - byShopeeRefreshes).isEqualTo(3);
            assertThat(FAKE.spentRefreshTokens).as("no spent token was ever sent again").doesNotContain(firstRefresh);
            assertThat(FAKE.refreshTokensSeen.get(firstRefresh).get()).isEqualTo(1);

            // and it goes on: two months without a word
            for (int day = 30; day <= 61; day++) {
                clock.advance(Duration.ofDays(1));
                check.renewDue();
            }
            assertThat(FAKE.refreshTokens).containsKey(refreshToken(IDLE_SHOP));
            assertThat(jdbc.sql("SELECT count(*) FROM shopee_shop WHERE shop_id IN (?, ?) AND reauthorize_needed_at IS NOT NULL")
                    .params(IDLE_SHOP, SHOPEE_ISSUES_SHOP).query(Long.class).single()).isZero();
        } finally {
            FAKE.clock = Clock.systemUTC();
        }
    }

    @Test
    void refreshWhoseAnswerIsLostIsNeverSentAgainAndTheShopIsMarkedForReauthorisation() {
        tokens.exchangeCode("code-dropped", DROPPED_SHOP);
        String sent = refreshToken(DROPPED_SHOP);
        jdbc.sql("UPDATE shopee_shop SET expires_at = ? WHERE shop_id = ?").params(OffsetDateTime.now().minusMinutes(1), DROPPED_SHOP).update();
        FAKE.dropRefreshAnswers.set(1); // Shopee spends the token, then the connection drops before the answer

        assertThatThrownBy(() -> tokens.accessToken(DROPPED_SHOP)).isInstanceOf(ShopeeTokens.AuthorisationLost.class)
                .hasMessageContaining("must be authorised again (" + REAUTHORIZE + ")");
        assertThatThrownBy(() -> tokens.accessToken(DROPPED_SHOP)).as("asked again").isInstanceOf(ShopeeTokens.AuthorisationLost.class);

        assertThat(FAKE.refreshTokensSeen.get(sent).get()).as("times Shopee saw that refresh token").isEqualTo(1);
        assertThat(FAKE.spentRefreshTokens).contains(sent);
        Map<String, Object> shop = jdbc.sql("SELECT reauthorize_needed_at, reauthorize_reason FROM shopee_shop WHERE shop_id = ?")
                .param(DROPPED_SHOP).query().singleRow();
        assertThat(shop.get("reauthorize_needed_at")).isNotNull();
        assertThat((String) shop.get("reauthorize_reason")).contains("answer was lost").contains("does not send it again");
        assertThat(jdbc.sql("SELECT outcome FROM shopee_token_refresh WHERE refresh_token_hash = ?").param(ShopeeTokens.hash(sent))
                .query(String.class).single()).isEqualTo("IN_DOUBT");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsAbout(DROPPED_SHOP).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> mailsAbout(DROPPED_SHOP).size() == 1);
        MimeMessage mail = mailsAbout(DROPPED_SHOP).get(0);
        assertThat(recipients(mail)).containsExactlyInAnyOrder(SHOP_ADMIN, FINANCE);
        assertThat(subject(mail)).startsWith("[einvoice-hub] Shopee shop " + DROPPED_SHOP + ": ").contains("must be authorised again");
        assertThat(text(mail)).contains(REAUTHORIZE).doesNotContain(sent);

        // a new authorisation clears it
        tokens.exchangeCode("code-dropped-again", DROPPED_SHOP);
        assertThat(tokens.accessToken(DROPPED_SHOP)).isEqualTo(jdbc.sql("SELECT access_token FROM shopee_shop WHERE shop_id = ?")
                .param(DROPPED_SHOP).query(String.class).single());
        assertThat(jdbc.sql("SELECT reauthorize_needed_at IS NULL FROM shopee_shop WHERE shop_id = ?").param(DROPPED_SHOP)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void invalidAcceessTokenTriggersARefreshAndTheCallIsRepeatedOnceWithTheNewToken() {
        tokens.exchangeCode("code-spelling", SPELLING_SHOP);
        String revoked = tokens.accessToken(SPELLING_SHOP);
        FAKE.accessTokens.remove(revoked);
        FAKE.tokenRejectionError.put(SPELLING_SHOP, "invalid_acceess_token");
        int refreshes = FAKE.refreshes(SPELLING_SHOP).get();
        int rejections = FAKE.tokenRejections(SPELLING_SHOP).get();
        int lists = FAKE.calls(ShopeeOrders.ORDER_LIST);

        var answer = tokens.withToken(SPELLING_SHOP, t -> client.shopGet(SPELLING_SHOP, t, ShopeeOrders.ORDER_LIST, ShopeeClient.params(
                "time_range_field", "update_time", "time_from", Long.toString(now() - 3600), "time_to", Long.toString(now()),
                "page_size", "100", "cursor", "")));

        assertThat(answer.path("error").asText()).isEmpty();
        assertThat(FAKE.tokenRejections(SPELLING_SHOP).get() - rejections).as("answered invalid_acceess_token").isEqualTo(1);
        assertThat(FAKE.refreshes(SPELLING_SHOP).get() - refreshes).as("refreshes").isEqualTo(1);
        assertThat(FAKE.calls(ShopeeOrders.ORDER_LIST) - lists).as("the refused call and its one repeat").isEqualTo(2);
        assertThat(FAKE.accessTokens.get(tokens.accessToken(SPELLING_SHOP))).isEqualTo(SPELLING_SHOP);
        assertThat(new ShopeeApiException(403, "invalid_access_token", "Invalid access_token.").tokenRejected()).isTrue();
        assertThat(new ShopeeApiException(403, "error_auth", "Invalid access_token.").tokenRejected()).isTrue();
        assertThat(new ShopeeApiException(403, "error_auth", "Invalid partner_id or shopid.").tokenRejected()).isFalse();
    }

    private String refreshToken(long shop) {
        return jdbc.sql("SELECT refresh_token FROM shopee_shop WHERE shop_id = ?").param(shop).query(String.class).single();
    }
}
