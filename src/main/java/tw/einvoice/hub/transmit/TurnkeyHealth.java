package tw.einvoice.hub.transmit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * {@code turnkeyUpcast} and {@code turnkeyDatabase} in {@code /actuator/health} and its readiness group: whether the
 * hub can hand files to Turnkey and read its verdicts. Each check runs on a thread of its own under
 * {@code hub.turnkey.health.timeout}: a Turnkey host that accepts a connection and never answers would otherwise
 * hold the probe for the pool's 30 s or the socket's default. Details name the folder or database without secrets.
 */
@Configuration(proxyBeanMethods = false)
class TurnkeyHealth {

    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "turnkey-health");
        t.setDaemon(true);
        return t;
    });

    @Bean
    HealthIndicator turnkeyUpcastHealthIndicator(TransmitProperties settings, CamelContext camel,
                                                 @Value("${hub.turnkey.health.timeout:PT3S}") Duration timeout) {
        return () -> bounded(timeout, () -> upcast(settings, camel), Health.down().withDetail("upcast",
                shown(settings.upcast())));
    }

    @Bean
    HealthIndicator turnkeyDatabaseHealthIndicator(TurnkeyDatabase database,
                                                   @Value("${hub.turnkey.health.timeout:PT3S}") Duration timeout) {
        return () -> bounded(timeout, () -> database(database), Health.down().withDetail("database", database.url()));
    }

    /** UP when the UpCast root is a folder the hub can create a file in (and remove it again). */
    static Health upcast(TransmitProperties settings, CamelContext camel) {
        String uri = settings.upcast();
        Health.Builder health = Health.up().withDetail("upcast", shown(uri));
        if (TransmitProperties.Sftp.remote(uri)) {
            return sftp(uri, settings, camel, health);
        }
        Path root = localPath(uri);
        if (!Files.isDirectory(root)) {
            return health.down().withDetail("reason", Files.exists(root)
                    ? "not a folder: " + root : "no such folder: " + root + " (is Turnkey installed there?)").build();
        }
        try {
            // a real write: permission bits say nothing when the hub runs as root, and a full or read-only disk
            // only shows on writing
            Path probe = Files.createTempFile(root, ".hub-health-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return health.down().withDetail("reason", "cannot write in " + root + ": " + e).build();
        }
        return health.build();
    }

    private static Health sftp(String uri, TransmitProperties settings, CamelContext camel, Health.Builder health) {
        SftpEndpoint endpoint = (SftpEndpoint) new TurnkeyFolders(settings.sftp()).endpoint(camel, uri,
                "connectTimeout=" + 5000);
        SftpOperations operations = (SftpOperations) endpoint.createRemoteFileOperations();
        try {
            operations.connect(endpoint.getConfiguration(), null);
            String dir = endpoint.getConfiguration().getDirectory();
            if (dir != null && !dir.isEmpty() && !operations.existsFile(dir)) {
                return health.down().withDetail("reason", "no such folder on the Turnkey host: " + dir).build();
            }
            return health.build();
        } catch (RuntimeException e) {
            String reason = TurnkeyFolders.hostKeyRefusal(e).map(r -> "host key refused: " + r).orElse(rootCause(e));
            return health.down().withDetail("reason", reason).build();
        } finally {
            try {
                operations.disconnect();
            } catch (RuntimeException ignored) {
                // a connection that never opened has nothing to close
            }
        }
    }

    /** UP when Turnkey's database answers and holds the two tables the hub reads, with their columns. */
    static Health database(TurnkeyDatabase database) {
        Health.Builder health = Health.up().withDetail("database", database.url())
                .withDetail("answeredBy", database.answeredBy());
        try {
            TurnkeyTables.discover(database.dataSource());
            return health.build();
        } catch (RuntimeException e) {
            return health.down().withDetail("reason", rootCause(e)).build();
        }
    }

    private static Health bounded(Duration timeout, Callable<Health> check, Health.Builder ifLate) {
        Future<Health> running = CHECKS.submit(check);
        try {
            return running.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return ifLate.withDetail("reason", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            return ifLate.withDetail("reason", rootCause(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ifLate.withDetail("reason", "interrupted").build();
        }
    }

    static Path localPath(String uri) {
        String path = uri.startsWith("file:") ? uri.substring(5) : uri;
        int options = path.indexOf('?');
        if (options >= 0) {
            path = path.substring(0, options);
        }
        if (path.startsWith("//")) {
            path = URI.create("file:" + path).getPath();
        }
        return Path.of(path);
    }

    /** The URI as people may see it: no options (a key file's path, say), no user name. */
    static String shown(String uri) {
        String s = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        return s.replaceAll("//[^/@]*@", "//");
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage();
        return t.getClass().getSimpleName() + TurnkeyDatabase.withoutSecrets(message);
    }
}
