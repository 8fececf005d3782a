package tw.einvoice.hub.notify;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Plain-text mail to people other than the digest's readers (HQ admins, finance) on the same mail server
 * settings ({@code hub.notify.smtp.*}), for alerts that must go out at once rather than with the next digest.
 */
@Service
public class Mailer {

    private final NotifyProperties settings;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final MailServer server;

    Mailer(NotifyProperties settings, CamelContext camel, ProducerTemplate producer, MailServer server) {
        this.server = server;
        this.settings = settings;
        this.camel = camel;
        this.producer = producer;
    }

    /** Finance's recipients ({@code hub.notify.finance-to}). */
    public List<String> financeTo() {
        return settings.financeTo();
    }

    /**
     * Sends one UTF-8 plain-text mail; false (and nothing sent) without a mail server or recipients.
     * Throws when the server refuses, so the caller can keep its alert pending.
     */
    public boolean send(List<String> to, String subject, String text) {
        List<String> recipients = to == null ? List.of() : to.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        if (!settings.smtp().configured() || recipients.isEmpty()) {
            return false;
        }
        try {
            producer.sendBodyAndHeaders(endpoint(camel, settings), text, Map.of("Subject", subject, "To", String.join(",", recipients),
                    "From", settings.from(), Exchange.CONTENT_TYPE, FinanceDigestRoutes.CONTENT_TYPE));
        } catch (RuntimeException e) {
            server.failed(e);
            throw e;
        }
        server.worked();
        return true;
    }

    /** The SMTP endpoint of {@code hub.notify.smtp.*}, shared with the finance digest route. */
    // credentials go into the endpoint's configuration, never into a URI that logs and metrics could show
    static MailEndpoint endpoint(CamelContext camel, NotifyProperties settings) {
        NotifyProperties.Smtp smtp = settings.smtp();
        MailEndpoint endpoint = camel.getEndpoint(
                smtp.protocol() + "://" + smtp.host() + ":" + smtp.port() + "?connectionTimeout=10000", MailEndpoint.class);
        MailConfiguration configuration = endpoint.getConfiguration();
        configuration.setFrom(settings.from());
        configuration.setContentType(FinanceDigestRoutes.CONTENT_TYPE);
        if (smtp.username() != null && !smtp.username().isBlank()) {
            configuration.setUsername(smtp.username());
            configuration.setPassword(smtp.password());
        }
        if (smtp.starttls()) {
            Properties tls = new Properties();
            tls.setProperty("mail." + smtp.protocol() + ".starttls.enable", "true");
            tls.setProperty("mail." + smtp.protocol() + ".starttls.required", "true");
            configuration.setAdditionalJavaMailProperties(tls);
        }
        return endpoint;
    }
}
