package tw.einvoice.hub.cli;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options of the commands that read the hub's database directly over JDBC (no Spring, no server): the URL from
 * --db-url or HUB_DB_URL, else the embedded server of a running hub found through
 * {@code <data>/postgres/postmaster.pid}. A picocli mixin, so every such command reads them alike.
 */
final class HubDatabase {

    static final String DESCRIPTION = "Database: --db-url, else HUB_DB_URL (+ HUB_DB_USER, HUB_DB_PASSWORD); else the "
            + "embedded PostgreSQL of a running hub, found from <data-dir>/postgres/postmaster.pid (data dir: --data-dir, "
            + "else HUB_DATA_DIR, else ./data).";

    @Option(names = "--db-url", description = "JDBC URL of the hub's database")
    String dbUrl;
    @Option(names = "--db-user", description = "database user (default HUB_DB_USER)")
    String dbUser;
    @Option(names = "--db-password", description = "database password (default HUB_DB_PASSWORD)")
    String dbPassword;
    @Option(names = "--data-dir", description = "the hub's data folder, for its embedded database")
    Path dataDir;

    /**
     * One connection, opened on first use and kept for the command's queries; close it with
     * {@link SingleConnectionDataSource#destroy()}. Exits with {@code unreachable} when no database is named and no
     * running embedded one is found.
     */
    SingleConnectionDataSource dataSource(String command, int unreachable) {
        String url = dbUrl != null ? dbUrl : System.getenv("HUB_DB_URL");
        String user = dbUser != null ? dbUser : System.getenv("HUB_DB_USER");
        String password = dbPassword != null ? dbPassword : System.getenv("HUB_DB_PASSWORD");
        if (url == null || url.isBlank()) {
            Path data = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("HUB_DATA_DIR", "./data"));
            Path pid = data.resolve("postgres").resolve("postmaster.pid");
            try {
                // line 4 of postmaster.pid is the port of the running server
                String port = Files.readAllLines(pid).get(3).strip();
                url = "jdbc:postgresql://localhost:" + port + "/postgres";
                user = "postgres";
                password = "postgres";
            } catch (IOException | IndexOutOfBoundsException e) {
                throw new CliExit(unreachable, command + ": no --db-url or HUB_DB_URL, and no running embedded hub database at "
                        + pid + " (start the hub, or give the URL the hub printed: 'Embedded PostgreSQL running on port …')");
            }
        }
        return new SingleConnectionDataSource(url, user == null ? "" : user, password == null ? "" : password, true);
    }
}
