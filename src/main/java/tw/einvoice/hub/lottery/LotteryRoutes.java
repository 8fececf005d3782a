package tw.einvoice.hub.lottery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Matching and notices on a timer (any hub of a cluster may run them: both are idempotent and lock what they take),
 * and Turnkey's E0504 download folder, read in place, each file imported once.
 */
@Component
class LotteryRoutes extends RouteBuilder {

    private final LotteryProperties settings;
    private final LotteryMatcher matcher;
    private final LotteryNotices notices;
    private final AwardListImport awards;

    LotteryRoutes(LotteryProperties settings, LotteryMatcher matcher, LotteryNotices notices, AwardListImport awards) {
        this.settings = settings;
        this.matcher = matcher;
        this.notices = notices;
        this.awards = awards;
    }

    @Override
    public void configure() {
        from("timer:lottery?delay=" + settings.pollMillis() + "&period=" + settings.pollMillis()).routeId("lottery-matching")
                .process(e -> matcher.matchPending()).id("lottery-match-pending-periods")
                .process(e -> notices.announce(200)).id("lottery-announce-winners");
        if (settings.e0504Dir() != null && !settings.e0504Dir().isBlank()) {
            from("file:" + settings.e0504Dir() + "?recursive=true&include=(?i).*\\.xml&noop=true&idempotent=true&delay=5000")
                    .routeId("lottery-e0504-import")
                    .bean(awards, "importFile").id("lottery-e0504-store");
        }
    }
}
