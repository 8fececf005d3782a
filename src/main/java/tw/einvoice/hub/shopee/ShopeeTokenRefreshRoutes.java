package tw.einvoice.hub.shopee;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Runs {@link ShopeeTokenRefresh} every {@code hub.shopee.token-check-period}. Without a partner id and key (Shopee
 * not used) or with a zero period there is no route at all.
 */
class ShopeeTokenRefreshRoutes extends RouteBuilder {

    static final String ROUTE_ID = "shopee-token-refresh";

    private final ShopeeProperties settings;
    private final ShopeeTokenRefresh refresh;

    ShopeeTokenRefreshRoutes(ShopeeProperties settings, ShopeeTokenRefresh refresh) {
        this.settings = settings;
        this.refresh = refresh;
    }

    @Override
    public void configure() {
        long period = settings.tokenCheckPeriod().toMillis();
        if (!settings.configured() || period <= 0) {
            return;
        }
        // the first check soon after start: a hub that was down for days may hold tokens close to their end
        from("timer:" + ROUTE_ID + "?delay=60000&period=" + period).routeId(ROUTE_ID)
                // a shop not renewed is tried again next period, days before its token lapses: log it, no redelivery
                .onException(RuntimeException.class).handled(true)
                    .log(LoggingLevel.WARN, "Shopee token check failed this time: ${exception.message}").end()
                .bean(refresh, "renewDue").id("shopee-token-refresh-renew");
    }
}
