package tw.einvoice.hub.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code hub.notify.*}.
 *
 * @param digestInterval  how often a digest is built and mailed (if there is anything to say)
 * @param financeTo       recipients of the digest
 * @param from            sender address
 * @param smtp            mail server; without a host the digest is only logged and alerts stay unsent
 * @param stuckAfter      an invoice in RECEIVED, ISSUED or SENT unchanged this long is reported as stuck
 * @param deadlineWarning an unconfirmed invoice whose upload deadline is this close (or past) is reported
 * @param repeatAfter     a stuck or deadline item already reported is repeated at most this often
 * @param b2cUploadWithin upload deadline after issue for a consumer buyer (domain: 48 hours)
 * @param b2bUploadWithin upload deadline after issue for a business buyer (domain: 7 days)
 * @param resendHint      what the digest tells finance to do with a rejected invoice
 */
@ConfigurationProperties("hub.notify")
record NotifyProperties(Duration digestInterval, List<String> financeTo, String from, Smtp smtp,
                        Duration stuckAfter, Duration deadlineWarning, Duration repeatAfter,
                        Duration b2cUploadWithin, Duration b2bUploadWithin, String resendHint) {

    NotifyProperties {
        digestInterval = Objects.requireNonNullElse(digestInterval, Duration.ofMinutes(15));
        financeTo = financeTo == null ? List.of() : financeTo.stream().filter(StringUtils::hasText).map(String::strip).toList();
        from = StringUtils.hasText(from) ? from.strip() : "einvoice-hub@localhost";
        smtp = smtp == null ? new Smtp(null, null, null, null, null, null) : smtp;
        stuckAfter = Objects.requireNonNullElse(stuckAfter, Duration.ofHours(2));
        deadlineWarning = Objects.requireNonNullElse(deadlineWarning, Duration.ofHours(12));
        repeatAfter = Objects.requireNonNullElse(repeatAfter, Duration.ofHours(24));
        b2cUploadWithin = Objects.requireNonNullElse(b2cUploadWithin, Duration.ofHours(48));
        b2bUploadWithin = Objects.requireNonNullElse(b2bUploadWithin, Duration.ofDays(7));
        resendHint = StringUtils.hasText(resendHint) ? resendHint
                : "POST /api/v1/invoices/{invoiceNumber}/resend";
    }

    /** Mail goes out only with a server and at least one recipient. */
    boolean mailConfigured() {
        return smtp.configured() && !financeTo.isEmpty();
    }

    /**
     * @param protocol {@code smtp} (default) or {@code smtps} for implicit TLS
     * @param starttls upgrade a plain connection with STARTTLS
     */
    record Smtp(String host, Integer port, String username, String password, String protocol, Boolean starttls) {

        Smtp {
            port = port == null || port <= 0 ? 25 : port;
            protocol = StringUtils.hasText(protocol) ? protocol.strip() : "smtp";
            starttls = starttls != null && starttls;
        }

        boolean configured() {
            return StringUtils.hasText(host);
        }

        @Override
        public String toString() {
            return "Smtp[" + protocol + "://" + host + ":" + port + ", username=" + username + "]";
        }
    }
}
