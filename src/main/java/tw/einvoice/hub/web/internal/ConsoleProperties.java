package tw.einvoice.hub.web.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code hub.console.*}.
 *
 * @param login how repeated login failures lock a name from one address
 */
@ConfigurationProperties("hub.console")
record ConsoleProperties(Login login) {

    /**
     * @param maxFailures failures of one user name from one address within {@code window} that lock it
     * @param window      how far back failures count
     * @param lock        how long a lock lasts (from the failure that set it)
     */
    record Login(Integer maxFailures, Duration window, Duration lock) {
        Login {
            maxFailures = maxFailures == null || maxFailures < 1 ? 5 : maxFailures;
            window = window == null ? Duration.ofMinutes(15) : window;
            lock = lock == null ? Duration.ofMinutes(15) : lock;
        }
    }

    ConsoleProperties {
        login = login == null ? new Login(null, null, null) : login;
    }
}
