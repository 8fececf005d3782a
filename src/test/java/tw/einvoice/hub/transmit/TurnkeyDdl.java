package tw.einvoice.hub.transmit;

import tw.einvoice.hub.reference.Reference;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Turnkey's own tables, made by Turnkey's own DDL ("自動建立表格", {@code ../shared/reference/turnkey-ddl/}), read at
 * test time and never copied into the project.
 */
final class TurnkeyDdl {

    private TurnkeyDdl() {
    }

    /** {@code h2}, {@code postgresql}, {@code mariadb}, {@code mysql8}, {@code mssql2016} or {@code oracle}. */
    static Path file(String database) {
        return Reference.folder("turnkey-ddl").resolve("turnkey-3.2.0-" + database + ".sql");
    }

    /** Runs the DDL unless Turnkey's tables are there already (several test classes share one database). */
    static void createIfMissing(DataSource dataSource, String database) {
        try {
            TurnkeyTables.discover(dataSource);
            return;
        } catch (IllegalStateException missing) {
            // made below
        }
        Path file = file(database);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String ddl = Files.readAllLines(file).stream()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            for (String statement : ddl.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Turnkey's DDL " + file + " failed: " + e.getMessage(), e);
        }
    }
}
