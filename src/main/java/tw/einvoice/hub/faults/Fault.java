package tw.einvoice.hub.faults;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.runtime.EmbeddedServers;
import tw.einvoice.hub.transmit.TurnkeyDatabase;
import tw.einvoice.hub.transmit.TurnkeyGateway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An outage the fault run can make real under a running hub, and the part of the {@code OutageBoard} it takes away. */
public enum Fault {

    TURNKEY_UPCAST(TurnkeyGateway.UPCAST_PART, "Turnkey's UpCast folder unwritable"),
    TURNKEY_DATABASE(TurnkeyGateway.DATABASE_PART, "Turnkey's database refusing connections"),
    DATABASE("database", "the hub's PostgreSQL stopped and restarted"),
    BROKER("broker", "the Artemis broker stopped and restarted");

    private final String part;
    private final String description;

    Fault(String part, String description) {
        this.part = part;
        this.description = description;
    }

    public String part() {
        return part;
    }

    /** Whether intake needs the part to accept an invoice, so that while it is away intake answers 503. */
    public boolean intakeNeedsIt() {
        return this == DATABASE || this == BROKER;
    }

    public String description() {
        return description;
    }

    /** Makes this outage under {@code hub}, or says why it cannot be made there. */
    Optional<Outage> outage(ApplicationContext hub, StringBuilder whyNot) {
        EmbeddedServers servers = hub.getBean(EmbeddedServers.class);
        switch (this) {
            case TURNKEY_UPCAST -> {
                String upcast = hub.getEnvironment().getProperty("hub.turnkey.upcast", "");
                if (!upcast.startsWith("file:")) {
                    whyNot.append("UpCast is not a local folder (").append(upcast.replaceAll("//[^/@]*@", "//"))
                            .append("): stop its SFTP server instead");
                    return Optional.empty();
                }
                return Optional.of(new FolderAway(Path.of(upcast.substring(5).split("\\?")[0]).toAbsolutePath()));
            }
            case TURNKEY_DATABASE -> {
                TurnkeyDatabase turnkey = hub.getBean(TurnkeyDatabase.class);
                DataSource own = hub.getBean(DataSource.class);
                Optional<String> name = databaseName(turnkey.url());
                if (turnkey.dataSource() == own || name.isEmpty() || !servers.canRestartDatabase()) {
                    whyNot.append("Turnkey's tables are not a database of their own on the embedded PostgreSQL");
                    return Optional.empty();
                }
                return Optional.of(new DatabaseRefusing(JdbcClient.create(outsidePool(own)), name.get()));
            }
            case DATABASE -> {
                if (!servers.canRestartDatabase()) {
                    whyNot.append("the hub runs on an external PostgreSQL (HUB_DB_URL)");
                    return Optional.empty();
                }
                return Optional.of(new Outage() {
                    @Override
                    public void begin() {
                        servers.stopDatabase();
                    }

                    @Override
                    public void end() {
                        servers.startDatabase();
                    }
                });
            }
            case BROKER -> {
                if (!servers.canRestartBroker()) {
                    whyNot.append("the hub runs on an external broker (HUB_ARTEMIS_URL)");
                    return Optional.empty();
                }
                return Optional.of(new Outage() {
                    @Override
                    public void begin() {
                        servers.stopBroker();
                    }

                    @Override
                    public void end() {
                        servers.startBroker();
                    }
                });
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /**
     * A connection of the run's own to the hub's server: the hub's pool may be busy with work waiting out the outage,
     * and ending the outage must not queue behind it.
     */
    private static DataSource outsidePool(DataSource hub) {
        if (hub instanceof com.zaxxer.hikari.HikariDataSource pool && pool.getJdbcUrl() != null) {
            return new org.springframework.jdbc.datasource.DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(),
                    pool.getPassword());
        }
        return hub;
    }

    static Optional<String> databaseName(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        String path = URI.create(jdbcUrl.substring(5)).getPath();
        return path == null || path.length() < 2 ? Optional.empty() : Optional.of(path.substring(1));
    }

    /** An outage begun and ended by the run. */
    interface Outage {
        void begin();

        void end();
    }

    /**
     * The UpCast folder moved aside and a plain file put in its place, so every write under it fails as it would on
     * a missing mount; permission bits would not do, since the hub may run as root. Turnkey (the simulator) meets
     * the same missing folder. Anything made under the path in the instant between the move and the file is moved
     * back with the rest.
     */
    static final class FolderAway implements Outage {
        private final Path root;
        private final Path away;
        private final List<Path> strays = new ArrayList<>();

        FolderAway(Path root) {
            this.root = root;
            this.away = root.resolveSibling(root.getFileName() + ".away");
        }

        @Override
        public void begin() {
            try {
                Files.move(root, away, StandardCopyOption.ATOMIC_MOVE);
                for (int i = 0; ; i++) {
                    try {
                        Files.writeString(root, "UpCast is away for a fault run\n", java.nio.file.StandardOpenOption.CREATE_NEW);
                        return;
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        Path stray = root.resolveSibling(root.getFileName() + ".stray" + i);
                        Files.move(root, stray, StandardCopyOption.ATOMIC_MOVE);
                        strays.add(stray);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("UpCast " + root + " could not be taken away", e);
            }
        }

        @Override
        public void end() {
            try {
                Files.delete(root);
                Files.move(away, root, StandardCopyOption.ATOMIC_MOVE);
                for (Path stray : strays) {
                    try (Stream<Path> files = Files.walk(stray)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            Path to = root.resolve(stray.relativize(f).toString());
                            Files.createDirectories(to.getParent());
                            Files.move(f, to);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("UpCast " + root + " could not be put back from " + away, e);
            }
        }
    }

    /** Turnkey's database refusing new connections, its open ones cut, as when its server goes away. */
    static final class DatabaseRefusing implements Outage {
        private final JdbcClient server;
        private final String database;

        DatabaseRefusing(JdbcClient server, String database) {
            this.server = server;
            this.database = database;
        }

        @Override
        public void begin() {
            server.sql("ALTER DATABASE \"" + database.replace("\"", "") + "\" WITH ALLOW_CONNECTIONS false").update();
            server.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?")
                    .param(database).query(Long.class).single();
        }

        @Override
        public void end() {
            server.sql("ALTER DATABASE \"" + database.replace("\"", "") + "\" WITH ALLOW_CONNECTIONS true").update();
        }
    }
}
