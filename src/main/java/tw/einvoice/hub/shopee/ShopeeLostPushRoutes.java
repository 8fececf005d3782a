package tw.einvoice.hub.shopee;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Reads back lost Shopee pushes every {@code hub.shopee.lost-push-period}. Without a partner id and key (Shopee
 * not used) or with a zero period there is no route at all, so nothing ticks.
 */
class ShopeeLostPushRoutes extends RouteBuilder {

    static final String ROUTE_ID = "shopee-lost-push";

    private final ShopeeProperties settings;
    private final ShopeeLostPush lostPush;

    ShopeeLostPushRoutes(ShopeeProperties settings, ShopeeLostPush lostPush) {
        this.settings = settings;
        this.lostPush = lostPush;
    }

    @Override
    public void configure() {
        long period = settings.lostPushPeriod().toMillis();
        if (!settings.configured() || period <= 0) {
            return;
        }
        from("timer:" + ROUTE_ID + "?delay=" + period + "&period=" + period).routeId(ROUTE_ID)
                // an unconfirmed page is simply read again next period: log it, no redelivery
                .onException(RuntimeException.class).handled(true)
                    .log(LoggingLevel.WARN, "Shopee lost pushes not recovered this time: ${exception.message}").end()
                .bean(lostPush, "recover").id("shopee-lost-push-recover");
    }
}
