package tw.einvoice.hub.web.internal;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a user name from one address after {@code maxFailures} failed logins within the window, for the lock's
 * length, so a password cannot be guessed at speed. Kept in memory: each instance of a cluster counts its own
 * failures, which multiplies the guesses allowed by the number of instances behind a sticky load balancer; the
 * lock still stops a fast guesser, and the audit trail records every failure for the operator.
 */
@Component
class LoginThrottle {

    private final ConsoleProperties.Login settings;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

    LoginThrottle(ConsoleProperties properties, Clock clock) {
        this.settings = properties.login();
        this.clock = clock;
    }

    /** Whether this name from this address is locked out now. */
    boolean locked(String username, String remoteAddr) {
        Instant until = lockedUntil.get(key(username, remoteAddr));
        return until != null && until.isAfter(clock.instant());
    }

    /** Counts a failure; answers whether the name is now locked. */
    boolean failed(String username, String remoteAddr) {
        String key = key(username, remoteAddr);
        Deque<Instant> seen = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (seen) {
            Instant now = clock.instant();
            while (!seen.isEmpty() && !seen.peekFirst().isAfter(now.minus(settings.window()))) {
                seen.removeFirst();
            }
            seen.addLast(now);
            if (seen.size() >= settings.maxFailures()) {
                seen.clear();
                lockedUntil.put(key, now.plus(settings.lock()));
                return true;
            }
            return false;
        }
    }

    void succeeded(String username, String remoteAddr) {
        failures.remove(key(username, remoteAddr));
        lockedUntil.remove(key(username, remoteAddr));
    }

    long lockMinutes() {
        return Math.max(1, settings.lock().toMinutes());
    }

    private static String key(String username, String remoteAddr) {
        return (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + '\u0000' + remoteAddr;
    }
}
