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

    private final DataSource dataSource;
    private final HikariDataSource owned;
    private final JdbcClient jdbc;
    private final String description;
    private volatile TurnkeyTables tables;

    /** A pool of its own on {@code url}. */
    TurnkeyDatabase(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("turnkey-db");
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(4);
        this.dataSource = pool;
        this.owned = pool;
        this.jdbc = JdbcClient.create(pool);
        this.description = withoutSecrets(url);
    }

    /** A database whose pool belongs to someone else (the hub's own, when Turnkey's tables live there). */
    TurnkeyDatabase(DataSource shared, String description) {
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
