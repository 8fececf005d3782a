package tw.einvoice.hub.runtime;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells the {@link OutageBoard} when the hub's own database ({@code database}) or broker ({@code broker}) stops
 * answering and when it answers again, by trying each every {@code hub.outages.probe-interval}: every stage meets
 * these two, each in its own way (a 503 at intake, a retried step in a queue consumer, a skipped poll), so one
 * watcher reports them instead of every place that fails. Each probe opens a connection of its own, outside the
 * pools, under {@code hub.outages.probe-timeout}: a pool waiting for a connection would hold the probe 30 s.
 */
@Component
class OutageWatch implements SmartLifecycle {

    static final String DATABASE = "database";
    static final String BROKER = "broker";

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "outage-probe");
        t.setDaemon(true);
        return t;
    });

    private final OutageBoard board;
    private final DataSource database;
    private final ConnectionFactory broker;
    private final Duration timeout;
    private final Duration interval;
    // a thread of its own: a probe waiting out its timeout, or an alert waiting for the database, holds no one else's
    private java.util.concurrent.ScheduledExecutorService watch;

    OutageWatch(OutageBoard board, DataSource database, ConnectionFactory broker,
                @Value("${hub.outages.probe-timeout:PT3S}") Duration timeout,
                @Value("${hub.outages.probe-interval:PT1S}") Duration interval) {
        this.interval = interval;
        this.board = board;
        this.database = database;
        this.broker = broker instanceof CachingConnectionFactory caching && caching.getTargetConnectionFactory() != null
                ? caching.getTargetConnectionFactory() : broker;
        this.timeout = timeout;
    }

    @Override
    public synchronized void start() {
        watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outage-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (watch != null) {
            watch.shutdownNow();
            watch = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return watch != null;
    }

    void probe() {
        try {
            report(DATABASE, this::database);
            report(BROKER, this::broker);
        } catch (RuntimeException e) {
            // an alert that could not be recorded must not end the watch
            org.slf4j.LoggerFactory.getLogger(OutageWatch.class).warn("Outage probe failed: {}", e.toString());
        }
    }

    private void report(String part, Callable<Void> probe) {
        Future<Void> running = PROBES.submit(probe);
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            board.up(part);
        } catch (TimeoutException e) {
            running.cancel(true);
            board.down(part, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            board.down(part, rootCause(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Void database() throws Exception {
        if (database instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            Properties login = new Properties();
            if (pool.getUsername() != null) {
                login.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                login.setProperty("password", pool.getPassword());
            }
            login.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
            try (java.sql.Connection c = DriverManager.getConnection(pool.getJdbcUrl(), login)) {
                if (!c.isValid((int) Math.max(1, timeout.toSeconds()))) {
                    throw new java.sql.SQLTransientConnectionException("the connection did not answer");
                }
            }
        } else {
            try (java.sql.Connection c = database.getConnection()) {
                c.isValid((int) Math.max(1, timeout.toSeconds()));
            }
        }
        return null;
    }

    private Void broker() throws Exception {
        try (Connection c = broker.createConnection()) {
            c.start();
        }
        return null;
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
