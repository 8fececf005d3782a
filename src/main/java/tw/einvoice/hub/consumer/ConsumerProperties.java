package tw.einvoice.hub.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * {@code hub.consumer.*}: the consumer query site.
 *
 * @param baseUrl      the site's address as consumers reach it, put in front of the links in email and SMS
 * @param linkSecret   keys the HMAC of the carrier links; unset, no link is made and none is accepted
 * @param linkValidity how long a link works after it was made
 * @param rateLimit    requests per client address
 */
@ConfigurationProperties("hub.consumer")
record ConsumerProperties(URI baseUrl, String linkSecret, Duration linkValidity, RateLimit rateLimit) {

    static final int MIN_SECRET_LENGTH = 32;

    /**
     * A token bucket per client address on each node: at most {@code burst} requests at once, refilled at
     * {@code requestsPerMinute}; past it the site answers 429. At most {@code maxClients} buckets are held.
     */
    record RateLimit(Integer requestsPerMinute, Integer burst, Integer maxClients) {
        RateLimit {
            requestsPerMinute = requestsPerMinute == null ? 30 : requestsPerMinute;
            burst = burst == null ? 10 : burst;
            maxClients = maxClients == null ? 100_000 : maxClients;
            if (requestsPerMinute < 1 || burst < 1 || maxClients < 1) {
                throw new IllegalArgumentException("hub.consumer.rate-limit: requests-per-minute (HUB_CONSUMER_RATE_LIMIT_PER_MINUTE), "
                        + "burst (HUB_CONSUMER_RATE_LIMIT_BURST) and max-clients must be at least 1");
            }
        }
    }

    ConsumerProperties {
        baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
        linkSecret = linkSecret == null || linkSecret.isBlank() ? null : linkSecret;
        if (linkSecret != null && linkSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("hub.consumer.link-secret (HUB_CONSUMER_LINK_SECRET) must be at least "
                    + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 48)");
        }
        linkValidity = linkValidity == null ? Duration.ofDays(90) : linkValidity;
        if (linkValidity.isNegative() || linkValidity.isZero()) {
            throw new IllegalArgumentException("hub.consumer.link-validity (HUB_CONSUMER_LINK_VALIDITY) must be positive");
        }
        rateLimit = rateLimit == null ? new RateLimit(null, null, null) : rateLimit;
    }

    @Override
    public String toString() {
        return "ConsumerProperties[baseUrl=" + baseUrl + ", linkSecret=" + (linkSecret == null ? "unset" : "***")
                + ", linkValidity=" + linkValidity + ", rateLimit=" + rateLimit + "]";
    }
}
