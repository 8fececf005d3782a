package tw.einvoice.hub.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The running hub's embedded PostgreSQL, reached as {@code numbering usage} reaches it: the port from
 * {@code <data>/postgres/postmaster.pid}, read again for every connection (each start of the hub has a new port).
 * Connections are short: one left open would hold up the smart shutdown of a server a killed hub left behind.
 */
final class HubDatabase {

    /** The hub's own database and the Turnkey simulator's, both on the embedded server. */
    static final String LEDGER = "postgres";
    static final String TURNKEY = "turnkey";

    private final Path dataDir;

    HubDatabase(Path dataDir) {
        this.dataDir = dataDir;
    }

    Connection open(String database) throws SQLException {
        Optional<Integer> port = port(dataDir);
        if (port.isEmpty()) {
            throw new SQLException("no running embedded PostgreSQL under " + dataDir);
        }
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port.get() + "/" + database,
                "postgres", "postgres");
        c.setReadOnly(true);
        return c;
    }

    /** Line 1 of postmaster.pid: the server's pid. */
    static Optional<Long> postmasterPid(Path dataDir) {
        return line(dataDir, 0).flatMap(HubDatabase::number);
    }

    /** Line 4 of postmaster.pid: the port it listens on. */
    static Optional<Integer> port(Path dataDir) {
        return line(dataDir, 3).flatMap(HubDatabase::number).map(Long::intValue);
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty(); // a server still writing its file
        }
    }

    private static Optional<String> line(Path dataDir, int index) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
            return lines.size() > index && !lines.get(index).isBlank() ? Optional.of(lines.get(index).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
