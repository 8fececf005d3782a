package tw.einvoice.hub.shopee;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When a call to Shopee goes out and when it is tried again (Resilience4j). Shopee publishes no limits for the order
 * APIs, so every call of this node, whichever shop it is for, waits its turn: at most {@code requests-per-second},
 * evenly spaced, bursts included. Throttling and server trouble ({@link ShopeeApiException#retryable()}) pass with
 * time and are tried again up to {@code max-retries} times, the waits doubling from {@code backoff}; each attempt
 * takes its own turn under the rate. Anything else fails at once: a wrong sign or parameter sent again is still wrong.
 */
final class ShopeeCallPolicy {

    // the client's category: operators filter the Shopee client's lines by it
    private static final Logger log = LoggerFactory.getLogger(ShopeeClient.class);

    /**
     * The authorisation code and the refresh token are single-use: a second request after a lost answer would spend a
     * spent one (Shopee refuses it, and the new pair from the first is lost). Their callers decide what comes next.
     */
    static final Set<String> SINGLE_USE = Set.of(ShopeeTokens.TOKEN_GET, ShopeeTokens.ACCESS_TOKEN_GET);

    /** The longest {@code Retry-After} honoured by waiting; a longer one fails the call, and the next run tries again. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

    private final int maxRetries;
    // System.nanoTime() before which no request of this node goes out: the last Retry-After Shopee gave
    private final java.util.concurrent.atomic.AtomicLong notBefore = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private final RetryRegistry retries;
    private final Optional<RateLimiter> rate;

    ShopeeCallPolicy(ShopeeProperties settings) {
        this(settings, System::nanoTime);
    }

    /** @param nanoClock the rate limiter's clock (a test moves its own) */
    ShopeeCallPolicy(ShopeeProperties settings, Supplier<Long> nanoClock) {
        this.maxRetries = Math.max(0, settings.maxRetries());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(maxRetries + 1)
                // Resilience4j waits in whole milliseconds, at least one
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Math.max(1, settings.backoff().toMillis()), 2))
                .retryOnException(e -> e instanceof ShopeeApiException answer && answer.retryable())
                .build());
        // one Retry per path, so that its events name the path; the registry announces a new one before handing it out
        retries.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onRetry(this::logRetry));
        long spacingNanos = settings.requestsPerSecond() <= 0 ? 0 : (long) (1_000_000_000L / settings.requestsPerSecond());
        this.rate = spacingNanos == 0 ? Optional.empty() : Optional.of(RateLimiter.of("shopee", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(spacingNanos))
                // a call waits for its turn however long the queue: refusing it would turn the node's own spacing
                // into a failure Shopee never answered
                .timeoutDuration(Duration.ofNanos(Long.MAX_VALUE))
                .build(), nanoClock));
    }

    /**
     * Runs {@code attempt} (one request to {@code path}) under the rate, again while Shopee's answer is retryable;
     * a request that spends a single-use credential goes out once, whatever happens.
     */
    <T> T call(String path, Supplier<T> attempt) {
        Supplier<T> honouring = () -> {
            awaitRetryAfter();
            try {
                return attempt.get();
            } catch (ShopeeApiException e) {
                e.retryAfter().ifPresent(wait -> {
                    long until = System.nanoTime() + Math.min(wait.toNanos(), LONGEST_WAIT.toNanos());
                    notBefore.accumulateAndGet(until, Math::max);
                });
                throw e;
            }
        };
        Supplier<T> inTurn = rate.map(r -> RateLimiter.decorateSupplier(r, honouring)).orElse(honouring);
        return SINGLE_USE.contains(path) ? inTurn.get() : retry(path).executeSupplier(inTurn);
    }

    /** Waits out the last {@code Retry-After}: every call of this node, not only the one that was told. */
    private void awaitRetryAfter() {
        long wait;
        while ((wait = notBefore.get() - System.nanoTime()) > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Shopee's Retry-After", e);
            }
        }
    }

    Retry retry(String path) {
        return retries.retry(path);
    }

    /** Empty when {@code requests-per-second} is 0 or less: calls are not spaced. */
    Optional<RateLimiter> rate() {
        return rate;
    }

    private void logRetry(RetryOnRetryEvent retry) {
        // the message is Shopee's error and message, never the request (its query carries the token and sign)
        log.warn("Shopee {} answered {}; retrying in {} (attempt {} of {})", retry.getName(),
                retry.getLastThrowable() == null ? "?" : retry.getLastThrowable().getMessage(), retry.getWaitInterval(),
                retry.getNumberOfRetryAttempts(), maxRetries);
    }
}
