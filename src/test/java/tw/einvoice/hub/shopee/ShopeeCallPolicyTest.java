package tw.einvoice.hub.shopee;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Shopee client's retry and rate policy on its own: no HTTP, no Spring context. */
class ShopeeCallPolicyTest {

    static final String ORDER_LIST = ShopeeOrders.ORDER_LIST;

    /** {@code hub.shopee} bound as the hub binds it: the record's own defaults, then {@code overrides}. */
    static ShopeeProperties settings(String... overrides) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            properties.put("hub.shopee." + overrides[i], overrides[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hub.shopee", ShopeeProperties.class);
    }

    /** Answers {@code failures} in turn, then {@code "ok"}; counts every attempt. */
    static final class Answers implements Supplier<String> {
        final AtomicInteger attempts = new AtomicInteger();
        private final List<RuntimeException> failures;

        Answers(RuntimeException... failures) {
            this.failures = List.of(failures);
        }

        static Answers always(RuntimeException failure) {
            return new Answers(IntStream.range(0, 100).mapToObj(i -> failure).toArray(RuntimeException[]::new));
        }

        @Override
        public String get() {
            int n = attempts.getAndIncrement();
            if (n < failures.size()) {
                throw failures.get(n);
            }
            return "ok";
        }
    }

    static ShopeeApiException answer(int status, String error) {
        return new ShopeeApiException(status, error, "Too many requests");
    }

    @Nested
    class Retries {

        final ShopeeCallPolicy policy = new ShopeeCallPolicy(settings("backoff", "PT0.001S", "requests-per-second", "0"));

        @ParameterizedTest(name = "HTTP {0} error \"{1}\" is tried 1 + max-retries times")
        @CsvSource({"429, ''", "500, ''", "502, ''", "503, ''", "200, error_server", "503, error_network", "200, error_busy",
                "403, error_rate_limit", "200, shop.rate_limit_exceeded"})
        void throttlingAndServerTroubleAreTriedAgainMaxRetriesTimes(int status, String error) {
            ShopeeApiException trouble = answer(status, error);
            Answers shopee = Answers.always(trouble);

            assertThatThrownBy(() -> policy.call(ORDER_LIST, shopee)).as("the last answer, as Shopee gave it").isSameAs(trouble);
            assertThat(shopee.attempts).hasValue(1 + 4);
        }

        @ParameterizedTest(name = "HTTP {0} error \"{1}\" is sent once")
        @CsvSource({"403, error_sign", "400, error_param", "403, error_permission", "403, error_auth", "200, error_shop",
                "404, error_not_found", "500, error_sign", "429, error_param", "400, ''", "404, ''"})
        void refusalsAreSentOnce(int status, String error) {
            ShopeeApiException refusal = answer(status, error);
            Answers shopee = Answers.always(refusal);

            assertThatThrownBy(() -> policy.call(ORDER_LIST, shopee)).isSameAs(refusal);
            assertThat(shopee.attempts).hasValue(1);
        }

        @Test
        void failureOfTheHubItselfIsNotRepeated() {
            IllegalStateException interrupted = new IllegalStateException("interrupted calling Shopee " + ORDER_LIST);
            Answers shopee = Answers.always(interrupted);

            assertThatThrownBy(() -> policy.call(ORDER_LIST, shopee)).isSameAs(interrupted);
            assertThat(shopee.attempts).hasValue(1);
        }

        @Test
        void throttledCallBacksOffAndReturnsTheAnswerThatFollows() {
            Answers shopee = new Answers(answer(429, ""), answer(429, ""));

            assertThat(policy.call(ORDER_LIST, shopee)).isEqualTo("ok");
            assertThat(shopee.attempts).hasValue(3);
        }

        @Test
        void waitsDoubleFromTheBackoffBetweenAttempts() {
            ShopeeCallPolicy policy = new ShopeeCallPolicy(settings("backoff", "PT0.005S", "max-retries", "4", "requests-per-second", "0"));
            List<Duration> waits = new ArrayList<>();
            policy.retry(ORDER_LIST).getEventPublisher().onRetry(retry -> waits.add(retry.getWaitInterval()));

            assertThatThrownBy(() -> policy.call(ORDER_LIST, Answers.always(answer(503, ""))));

            assertThat(waits).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
        }

        @Test
        void maxRetriesZeroSendsEachCallOnce() {
            ShopeeCallPolicy once = new ShopeeCallPolicy(settings("max-retries", "0", "requests-per-second", "0"));
            Answers shopee = Answers.always(answer(429, ""));

            assertThatThrownBy(() -> once.call(ORDER_LIST, shopee));
            assertThat(shopee.attempts).hasValue(1);
        }

        @Test
        void documentedDefaultsAreFiveAttemptsWaitingOneTwoFourAndEightSeconds() {
            RetryConfig retry = new ShopeeCallPolicy(settings()).retry(ORDER_LIST).getRetryConfig();

            assertThat(retry.getMaxAttempts()).isEqualTo(5);
            assertThat(IntStream.rangeClosed(1, 4).mapToObj(attempt -> retry.getIntervalBiFunction()
                    .apply(attempt, Either.left(answer(429, ""))))).containsExactly(1000L, 2000L, 4000L, 8000L);
        }
    }

    @Nested
    class RetryLog {

        private final Logger clientLog = (Logger) LoggerFactory.getLogger(ShopeeClient.class);
        private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

        @AfterEach
        void detach() {
            clientLog.detachAppender(lines);
        }

        @Test
        void eachRetryIsLoggedWithPathErrorWaitAndAttempt() {
            lines.start();
            clientLog.addAppender(lines);
            ShopeeCallPolicy policy = new ShopeeCallPolicy(settings("backoff", "PT0.001S", "requests-per-second", "0"));

            policy.call(ORDER_LIST, new Answers(answer(429, ""), new ShopeeApiException(200, "error_server", "busy")));

            // a hub context of another test in this JVM may be calling Shopee on its own threads meanwhile
            String caller = Thread.currentThread().getName();
            assertThat(lines.list).filteredOn(line -> line.getThreadName().equals(caller))
                    .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "Shopee /api/v2/order/get_order_list answered Shopee HTTP 429: Too many requests; retrying in PT0.001S (attempt 1 of 4)",
                    "Shopee /api/v2/order/get_order_list answered Shopee error_server: busy; retrying in PT0.002S (attempt 2 of 4)");
        }
    }

    @Nested
    class Rate {

        @Test
        void burstIsSpreadOnePeriodApartOnTheLimitersClock() {
            AtomicLong now = new AtomicLong(); // the limiter's clock, standing still: nothing is let through early
            RateLimiter rate = new ShopeeCallPolicy(settings("requests-per-second", "5"), now::get).rate().orElseThrow();

            long[] waits = LongStream.range(0, 10).map(i -> rate.reservePermission()).toArray();

            // the n-th call of a burst goes out (n - 1) × 200 ms after the first: 10 calls take 1.8 s at 5 per second
            assertThat(waits).containsExactly(LongStream.range(0, 10).map(n -> n * 200_000_000L).toArray());
        }

        @Test
        void callsOfAllShopsTogetherKeepTheRateOfTheNode() throws Exception {
            long spacing = Duration.ofMillis(20).toNanos();
            long start = System.nanoTime();
            ShopeeCallPolicy policy = new ShopeeCallPolicy(settings("requests-per-second", "50"), System::nanoTime);
            ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
            ExecutorService shops = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> polls = new ArrayList<>();
                for (int shop = 0; shop < 4; shop++) {
                    polls.add(shops.submit(() -> {
                        for (int call = 0; call < 5; call++) {
                            policy.call(ORDER_LIST, () -> sent.add(System.nanoTime() - start));
                        }
                    }));
                }
                for (Future<?> poll : polls) {
                    poll.get(30, TimeUnit.SECONDS);
                }
            } finally {
                shops.shutdownNow();
            }

            // the clock the limiter reads: the n-th of the 20 calls cannot go out before (n - 1) periods have passed
            List<Long> times = sent.stream().sorted().toList();
            assertThat(times).hasSize(20);
            for (int n = 1; n <= times.size(); n++) {
                assertThat(times.get(n - 1)).as("call %d", n).isGreaterThanOrEqualTo((n - 1) * spacing);
            }
        }

        @Test
        void everyAttemptWaitsItsOwnTurn() {
            ShopeeCallPolicy policy = new ShopeeCallPolicy(settings("requests-per-second", "1000", "backoff", "PT0.001S"));
            AtomicInteger permits = new AtomicInteger();
            policy.rate().orElseThrow().getEventPublisher().onSuccess(granted -> permits.incrementAndGet());

            policy.call(ORDER_LIST, new Answers(answer(429, ""), answer(503, "error_network")));

            assertThat(permits).as("two refused attempts and the answer").hasValue(3);
        }

        @Test
        void documentedDefaultIsOneCallEvery200Milliseconds() {
            RateLimiter rate = new ShopeeCallPolicy(settings()).rate().orElseThrow();

            assertThat(rate.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(1);
            assertThat(rate.getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(200));
        }

        @Test
        void zeroRequestsPerSecondLeavesCallsUnspaced() {
            assertThat(new ShopeeCallPolicy(settings("requests-per-second", "0")).rate()).isEmpty();
        }
    }
}
