package tw.einvoice.hub.transmit;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * Turnkey's own database, on any database Turnkey supports (PostgreSQL, MySQL, MariaDB, SQL Server, Oracle, H2,
 * Derby): the hub reads TURNKEY_MESSAGE_LOG and TURNKEY_SYSEVENT_LOG from it, and the simulator writes them. The
 * hub's reads find Turnkey's names first ({@link #tables()}), since they differ in case between installations.
 */
public final class TurnkeyDatabase implements AutoCloseable {

    /** Who answered, as the ledger and the API say it. */
    public static final String PLATFORM = "platform";
    public static final String SIMULATOR = "simulator";

    private final DataSource dataSource;
    private final HikariDataSource owned;
    private final JdbcClient jdbc;
    private final String description;
    private final boolean simulated;
    private volatile TurnkeyTables tables;

    /** A pool of its own on {@code url}. */
    TurnkeyDatabase(String url, String user, String password) {
        this(url, user, password, false);
    }

    /** A pool of its own on {@code url}; {@code simulated}: the simulator writes Turnkey's verdicts here. */
    TurnkeyDatabase(String url, String user, String password, boolean simulated) {
        this.simulated = simulated;
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("turnkey-db");
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(4);
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            // the simulator files a group of files in JDBC batches: many rows to an INSERT, not one statement a row
            pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        this.dataSource = pool;
        this.owned = pool;
        this.jdbc = JdbcClient.create(pool);
        this.description = withoutSecrets(url);
    }

    /** A database whose pool belongs to someone else (the hub's own, when Turnkey's tables live there). */
    TurnkeyDatabase(DataSource shared, String description) {
        this(shared, description, false);
    }

    TurnkeyDatabase(DataSource shared, String description, boolean simulated) {
        this.simulated = simulated;
        this.dataSource = shared;
        this.owned = null;
        this.jdbc = JdbcClient.create(shared);
        this.description = description;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Whether the Turnkey + platform simulator writes the verdicts here: then a C is the simulator's, and the invoice
     * never reached the MOF.
     */
    public boolean simulated() {
        return simulated;
    }

    /** {@link #SIMULATOR} or {@link #PLATFORM}: who a verdict read here comes from. */
    public String answeredBy() {
        return simulated ? SIMULATOR : PLATFORM;
    }

    /** Where it is, for people and logs: the JDBC URL without any password written into it. */
    public String url() {
        return description;
    }

    /** {@code password=…}/{@code pwd=…} parameters, {@code user:password@} and Oracle's {@code user/password@} masked. */
    static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)\\b(password|pwd)=[^;&]*", "$1=****")
                .replaceAll("//[^/@;?]*:[^/@;?]*@", "//****@")
                .replaceAll("(?i)(:thin:)[^@/]+/[^@]*@", "$1****@");
    }

    /** Turnkey's tables as this database names them; looked up on first use and after {@link #forgetTables()}. */
    TurnkeyTables tables() {
        TurnkeyTables found = tables;
        if (found == null) {
            found = TurnkeyTables.discover(dataSource);
            tables = found;
        }
        return found;
    }

    /** After a failed read: the tables may have been re-created (another case, another schema), so look again. */
    void forgetTables() {
        tables = null;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
