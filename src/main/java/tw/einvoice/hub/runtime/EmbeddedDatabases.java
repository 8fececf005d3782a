package tw.einvoice.hub.runtime;

import java.util.Optional;

/** Other databases on the embedded PostgreSQL server (e.g. the Turnkey simulator's), when it runs. */
public interface EmbeddedDatabases {

    /** JDBC URL of {@code database} on the embedded server, created when missing; empty with an external database. */
    Optional<String> jdbcUrl(String database);
}
