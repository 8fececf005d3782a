package tw.einvoice.hub.shopee;

import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.issue.Adjustments;
import tw.einvoice.hub.notify.Mailer;
import tw.einvoice.hub.transmit.TurnkeyGateway;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Shopee beans. They exist without a partner key too: nothing calls Shopee until a route or a push does,
 * and without a key every push is refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShopeeProperties.class)
class ShopeeConfiguration {

    @Bean
    ShopeeClient shopeeClient(ShopeeProperties settings, Clock clock, tw.einvoice.hub.runtime.OutageBoard board) {
        return new ShopeeClient(settings, clock, board);
    }

    @Bean
    ShopeeAuthorizationAlerts shopeeAuthorizationAlerts(ShopeeProperties settings, JdbcClient jdbc, Mailer mailer) {
        return new ShopeeAuthorizationAlerts(settings, jdbc, mailer);
    }

    @Bean
    ShopeeTokens shopeeTokens(ShopeeClient client, ShopeeProperties settings, JdbcClient jdbc, TransactionTemplate tx,
                              ShopeeAuthorizationAlerts alerts, Clock clock) {
        return new ShopeeTokens(client, settings, jdbc, tx, alerts, clock);
    }

    @Bean
    ShopeeTokenRefresh shopeeTokenRefresh(ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc, Clock clock) {
        return new ShopeeTokenRefresh(tokens, settings, jdbc, clock);
    }

    @Bean
    ShopeeTokenRefreshRoutes shopeeTokenRefreshRoutes(ShopeeProperties settings, ShopeeTokenRefresh refresh) {
        return new ShopeeTokenRefreshRoutes(settings, refresh);
    }

    /** Named for the Kamelet, which calls {@code bean:shopeeOrders?method=poll(...)}. */
    @Bean
    ShopeeOrders shopeeOrders(ShopeeClient client, ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc,
                              ProducerTemplate producer, InvoiceStore invoices, Adjustments adjustments, TurnkeyGateway gateway,
                              TransactionTemplate tx, Clock clock) {
        return new ShopeeOrders(client, tokens, settings, jdbc, producer, invoices, adjustments, gateway, tx, clock);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService shopeePushFetcher() {
        // one thread: pushes come in bursts, and the client throttles per node anyway
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shopee-push-fetch");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ShopeePush shopeePush(ShopeeProperties settings, ShopeeOrders orders, ShopeeAuthorizationAlerts alerts) {
        // Shopee signs pushes with the console's Live Push Partner Key, not the key that signs API calls
        return new ShopeePush(settings, new ShopeeSigner(settings.pushKey()), orders, alerts, shopeePushFetcher());
    }

    @Bean
    ShopeeAuthorization shopeeAuthorization(ShopeeClient client, ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc,
                                            Clock clock) {
        return new ShopeeAuthorization(client, tokens, settings, jdbc, clock);
    }

    @Bean
    ShopeeLostPush shopeeLostPush(ShopeeClient client, ShopeePush push, ShopeeOrders orders, JdbcClient jdbc) {
        return new ShopeeLostPush(client, push, orders, jdbc);
    }

    @Bean
    ShopeeLostPushRoutes shopeeLostPushRoutes(ShopeeProperties settings, ShopeeLostPush lostPush) {
        return new ShopeeLostPushRoutes(settings, lostPush);
    }
}
