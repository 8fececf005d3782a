package tw.einvoice.hub.consumer;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client address, in this node's memory, for every page of the site: the order search guesses
 * a 4-digit code, so its speed is what keeps the code worth anything. The address is the connection's, or the one a
 * proxy names when {@code server.forward-headers-strategy} trusts it (docs/members.md). Buckets of many addresses are
 * dropped together once there are more than {@code max-clients}, which costs a client at most a fresh burst.
 */
class ConsumerRateLimit extends OncePerRequestFilter {

    private final ConsumerProperties.RateLimit settings;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ConsumerRateLimit(ConsumerProperties.RateLimit settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (buckets.size() > settings.maxClients()) {
            buckets.clear();
        }
        var probe = buckets.computeIfAbsent(request.getRemoteAddr(), a -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().write("查詢太頻繁，請於 " + seconds + " 秒後再試。Too many requests: try again in " + seconds + " s.");
    }

    private Bucket newBucket() {
        long nanosPerToken = Duration.ofMinutes(1).toNanos() / settings.requestsPerMinute();
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.burst())
                        .refillGreedy(1, Duration.ofNanos(Math.max(1, nanosPerToken))).build())
                .build();
    }
}
