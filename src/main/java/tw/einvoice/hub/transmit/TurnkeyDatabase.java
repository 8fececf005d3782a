package tw.einvoice.hub.transmit;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turnkey's own database (any JDBC URL): the hub reads TURNKEY_MESSAGE_LOG and TURNKEY_SYSEVENT_LOG
 * from it, and the simulator writes them. Names are unquoted, as Turnkey's PostgreSQL scripts make
 * them lower case.
 */
public final class TurnkeyDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;

    TurnkeyDatabase(String url, String user, String password) {
        this.dataSource = new HikariDataSource();
        dataSource.setPoolName("turnkey-db");
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(4);
        this.jdbc = JdbcClient.create(dataSource);
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public String url() {
        return dataSource.getJdbcUrl();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
