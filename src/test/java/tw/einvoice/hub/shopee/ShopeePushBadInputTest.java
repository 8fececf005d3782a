package tw.einvoice.hub.shopee;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.badinput.BadInputCorpus;
import tw.einvoice.hub.badinput.HttpCase;
import tw.einvoice.hub.badinput.RowCounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The Shopee push corpus ({@code bad-input/shopee-push}): forged, unsigned and re-signed pushes are refused (401);
 * authentic ones that are malformed, truncated or name an unknown shop are taken (200, so Shopee does not push them
 * again) and change nothing; a push replayed makes its invoice once. Each case's body is signed as its {@code sign}
 * says: {@code push} (the Live Push Partner Key), {@code api} (the API key), {@code wrong}, {@code none}, or
 * {@code push-other} (the push key over another body).
 */
class ShopeePushBadInputTest extends ShopeeFakeHubTest {

    private static final long REPLAY_SHOP = 200001; // PUSH_SHOP: authorised below

    @Autowired
    ShopeeTokens tokens;

    @Test
    void everyPushCaseIsAnsweredAsStatedAndOnlyTheAuthenticOrderMakesAnInvoiceOnce() {
        tokens.exchangeCode("code-badinput-push", REPLAY_SHOP);
        FAKE.addOrder(REPLAY_SHOP, FakeShopee.order("BADPUSH01", "COMPLETED", now(), 210, 1));
        RowCounts rows = new RowCounts(jdbc);
        rows.settled();
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("shopee-push");
        for (BadInputCorpus.Case c : tally.cases()) {
            try {
                String body = new String(HttpCase.body(c, null), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("{now}", String.valueOf(now()));
                String authorization = switch (c.detail("sign")) {
                    case "push" -> new ShopeeSigner(PUSH_KEY).hmac(CALLBACK + "|" + body);
                    case "api" -> new ShopeeSigner(API_KEY).hmac(CALLBACK + "|" + body);
                    case "wrong" -> new ShopeeSigner("not-the-key").hmac(CALLBACK + "|" + body);
                    case "push-other" -> new ShopeeSigner(PUSH_KEY).hmac(CALLBACK + "|" + body + " ");
                    default -> null;
                };
                int times = c.detail("times") == null ? 1 : Integer.parseInt(c.detail("times"));
                Map<String, Long> before = rows.take();
                StringBuilder statuses = new StringBuilder();
                HttpCase.Answer answer = null;
                for (int i = 0; i < times; i++) {
                    BadInputCorpus.Case send = c;
                    answer = HttpCase.send("http://127.0.0.1:" + port, send, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            authorization, Map.of());
                    statuses.append(i == 0 ? "" : ",").append(answer.status());
                }
                String order = c.detail("order");
                if (order != null) {
                    // the order the push names is fetched in the background: once there, it is the case's own
                    await().atMost(Duration.ofSeconds(30)).until(() -> invoice(REPLAY_SHOP, order).isPresent());
                    rows.own(invoice(REPLAY_SHOP, order).orElseThrow().id().toString(), null);
                }
                // whatever a push sets going runs in the background: nothing more may show for a moment
                List<String>[] changed = new List[]{List.of()};
                await().pollInterval(Duration.ofMillis(200)).during(Duration.ofMillis(order != null ? 2000 : 800))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> (changed[0] = RowCounts.diff(before, rows.take())).isEmpty());
                String outcome = statuses + (order != null ? " one-invoice" : "");
                tally.record(c, outcome, answer.body());
            } catch (RuntimeException | AssertionError e) {
                tally.failed(c, e);
            }
        }
        tally.assertAllAsExpected();
    }
}
