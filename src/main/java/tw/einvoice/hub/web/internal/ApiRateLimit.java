package tw.einvoice.hub.web.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per API key, in this node's memory: a cluster of n nodes lets a key through up to n times the rate,
 * which bounds what one client costs each node, the point of the limit. Buckets are keyed by the key's row id, so a
 * revoked key's bucket just stops being used; keys are few (one per client system), so none is ever evicted.
 */
@Component
class ApiRateLimit {

    private final ApiRateLimitProperties settings;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimit(ApiRateLimitProperties settings) {
        this.settings = settings;
    }

    /** Takes one request of the key's allowance: zero when granted, else how long until the next one would be. */
    Duration take(long keyId) {
        var probe = buckets.computeIfAbsent(keyId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    ApiRateLimitProperties settings() {
        return settings;
    }

    private Bucket newBucket() {
        long nanosPerToken = (long) Math.ceil(1_000_000_000L / settings.requestsPerSecond());
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.burst())
                        .refillGreedy(1, Duration.ofNanos(Math.max(1, nanosPerToken))).build())
                .build();
    }
}
