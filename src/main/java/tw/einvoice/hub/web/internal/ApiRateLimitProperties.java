package tw.einvoice.hub.web.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.api.rate-limit.*}: how fast one API key may call the hub. Each key has a token bucket on each hub node
 * holding at most {@code burst} requests and refilled at {@code requestsPerSecond}; a request finding it empty is
 * answered 429 with the seconds until the next token in {@code Retry-After}.
 */
@ConfigurationProperties("hub.api.rate-limit")
record ApiRateLimitProperties(Double requestsPerSecond, Integer burst) {

    ApiRateLimitProperties {
        requestsPerSecond = requestsPerSecond == null ? 20.0 : requestsPerSecond;
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("hub.api.rate-limit.requests-per-second (HUB_API_RATE_LIMIT_RPS) must be "
                    + "above 0, not " + requestsPerSecond);
        }
        burst = burst == null ? (int) Math.ceil(requestsPerSecond * 2) : burst;
        if (burst < 1) {
            throw new IllegalArgumentException("hub.api.rate-limit.burst (HUB_API_RATE_LIMIT_BURST) must be at least 1, not "
                    + burst);
        }
    }
}
