package tw.einvoice.hub.notify;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One finance digest per interval: build it, mail it, and only then mark what it carried. A failed
 * mail leaves everything pending for the next interval, so nothing is lost and nothing is retried
 * in a tight loop against a mail server that is down.
 */
@Component
class FinanceDigestRoutes extends RouteBuilder {

    /** Builds and sends one digest now; the timer calls it, and so can tests or an operator's tool. */
    static final String DIGEST = "direct:finance-digest";
    static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

    private static final Logger log = LoggerFactory.getLogger(FinanceDigestRoutes.class);

    private final NotifyProperties settings;
    private final MailServer server;

    FinanceDigestRoutes(NotifyProperties settings, MailServer server) {
        this.settings = settings;
        this.server = server;
    }

    @Override
    public void configure() {
        long period = settings.digestInterval().toMillis();
        // the first digest waits a whole interval too, so a restart loop cannot turn into a mail storm
        from("timer:finance-digest?delay=" + period + "&period=" + period).routeId("finance-digest-timer")
                .to(DIGEST).id("finance-digest-timer-run");

        var digest = from(DIGEST).routeId("finance-digest")
                .onException(Exception.class).handled(true)
                    .process(e -> server.failed(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))).id("finance-digest-mail-server-down")
                    .log(LoggingLevel.WARN, log, "Finance digest not sent, its alerts stay pending for the next interval: ${exception.message}")
                .end()
                .bean(FinanceDigests.class, "next").id("finance-digest-build")
                .filter(body().isNotNull()).id("finance-digest-anything-new");

        if (settings.mailConfigured()) {
            digest.setProperty("financeDigest", body())
                    .setHeader("Subject", simple("${body.subject()}"))
                    .setHeader("To", constant(String.join(",", settings.financeTo())))
                    .setHeader("From", constant(settings.from()))
                    .setHeader(Exchange.CONTENT_TYPE, constant(CONTENT_TYPE))
                    .setBody(simple("${body.text()}"))
                    .to(mailEndpoint()).id("finance-digest-send")
                    .process(e -> server.worked()).id("finance-digest-mail-server-up")
                    .setBody(exchangeProperty("financeDigest"))
                    .bean(FinanceDigests.class, "sent").id("finance-digest-mark-sent");
        } else {
            log.warn("No mail server for finance digests (hub.notify.smtp.host / hub.notify.finance-to): digests are "
                    + "only logged and alerts stay unsent until one is configured");
            digest.bean(FinanceDigests.class, "logged").id("finance-digest-log");
        }
    }

    private MailEndpoint mailEndpoint() {
        MailEndpoint endpoint = Mailer.endpoint(getContext(), settings);
        endpoint.getConfiguration().setTo(String.join(",", settings.financeTo()));
        return endpoint;
    }
}
