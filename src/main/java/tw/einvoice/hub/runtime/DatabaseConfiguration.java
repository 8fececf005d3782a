package tw.einvoice.hub.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The hub's PostgreSQL: the server named by HUB_DB_URL, or else real PostgreSQL binaries started
 * from Maven with their data under {@code <data>/postgres}, kept across restarts, including a restart after the
 * hub was killed ({@link LeftoverPostgres}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    /** How long a server left running by a killed hub may take to shut down before it is killed. */
    private static final Duration LEFTOVER_SHUTDOWN = Duration.ofSeconds(15);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(@Value("${hub.db.url:}") String url,
                                @Value("${hub.db.user:}") String user,
                                @Value("${hub.db.password:}") String password,
                                @Value("${hub.db.pool-size:10}") int poolSize,
                                EmbeddedDatabase embedded) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("hub-db");
        ds.setMaximumPoolSize(poolSize);
        if (StringUtils.hasText(url)) {
            ds.setJdbcUrl(url);
            ds.setUsername(user);
            ds.setPassword(password);
        } else {
            ds.setJdbcUrl(embedded.jdbcUrl());
            ds.setUsername("postgres");
            ds.setPassword("postgres");
        }
        return ds;
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${hub.db.url:}") String url,
                                      @Value("${hub.data-dir}") Path dataDir,
                                      @Value("${hub.db.embedded-port:0}") int port) {
        if (StringUtils.hasText(url)) {
            return EmbeddedDatabase.NONE;
        }
        Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            LeftoverPostgres.clear(pgData, LEFTOVER_SHUTDOWN);
            EmbeddedPostgres pg = start(pgData, port);
            log.info("Embedded PostgreSQL running on port {} with data in {}", pg.getPort(), pgData);
            return new EmbeddedDatabase(pg, pgData);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + pgData, e);
        }
    }

    static EmbeddedPostgres start(Path pgData, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                // zonky's default is off, made for throw-away test databases: a commit the hub acknowledged
                // (an accepted invoice, a number taken) would die with the server if the hub's whole process
                // group were killed. On, a commit waits for its WAL write, which any process crash survives.
                .setServerConfig("synchronous_commit", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * Holder so that the embedded server is closed after the pool that uses it; it can be stopped and started again
     * in place (same port, same data), which is how a fault run restarts the hub's PostgreSQL under it.
     */
    static final class EmbeddedDatabase implements AutoCloseable, EmbeddedDatabases {
        static final EmbeddedDatabase NONE = new EmbeddedDatabase(null, null);
        private final Path data;
        private final int port;
        private volatile EmbeddedPostgres postgres;

        EmbeddedDatabase(EmbeddedPostgres postgres, Path data) {
            this.postgres = postgres;
            this.data = data;
            this.port = postgres == null ? 0 : postgres.getPort();
        }

        String jdbcUrl() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        boolean embedded() {
            return data != null;
        }

        /** Stops the server (fast shutdown: open transactions are rolled back, connections cut); data stays. */
        synchronized void stop() throws IOException {
            EmbeddedPostgres running = postgres;
            if (running != null) {
                postgres = null;
                running.close();
                log.warn("Embedded PostgreSQL on port {} stopped", port);
            }
        }

        /** Starts the server again on the same port and data folder, when stopped. */
        synchronized void start() throws IOException {
            if (postgres == null && data != null) {
                postgres = DatabaseConfiguration.start(data, port);
                log.warn("Embedded PostgreSQL on port {} started again", port);
            }
        }

        @Override
        public synchronized Optional<String> jdbcUrl(String database) {
            EmbeddedPostgres pg = postgres;
            if (pg == null) {
                return Optional.empty();
            }
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                if (!exists.executeQuery().next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("embedded database " + database + " could not be created", e);
            }
            return Optional.of(pg.getJdbcUrl("postgres", database));
        }

        @Override
        public synchronized void close() throws IOException {
            EmbeddedPostgres running = postgres;
            postgres = null;
            if (running != null) {
                running.close();
            }
        }
    }

}
