package tw.einvoice.hub.transmit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turnkey's table and column names as one database spells them. Turnkey's installer makes lower-case names on
 * PostgreSQL, MySQL, MariaDB and SQL Server and upper-case ones on Oracle; its "自動建立表格" makes upper-case ones
 * (which PostgreSQL folds to lower case and H2 keeps). MySQL and MariaDB on Linux compare table names
 * case-sensitively, and so does every database for quoted names. So the names are looked up once in the database's
 * own catalogue ({@link DatabaseMetaData}), case-insensitively, and written quoted exactly as found.
 */
final class TurnkeyTables {

    static final String MESSAGE_LOG = "TURNKEY_MESSAGE_LOG";
    static final String SYSEVENT_LOG = "TURNKEY_SYSEVENT_LOG";

    /** The columns the hub reads, by table. */
    static final Map<String, List<String>> READ = Map.of(
            MESSAGE_LOG, List.of("SEQNO", "SUBSEQNO", "INVOICE_IDENTIFIER", "STATUS", "MESSAGE_DTS", "IN_OUT_BOUND"),
            SYSEVENT_LOG, List.of("EVENTDTS", "PARTY_ID", "SEQNO", "SUBSEQNO", "ERRORCODE", "UUID",
                    "INFORMATION1", "INFORMATION2", "INFORMATION3",
                    "MESSAGE1", "MESSAGE2", "MESSAGE3", "MESSAGE4", "MESSAGE5", "MESSAGE6"));

    private static final Logger log = LoggerFactory.getLogger(TurnkeyTables.class);

    private final Map<String, Table> tables;

    private TurnkeyTables(Map<String, Table> tables) {
        this.tables = tables;
    }

    /** One table: its name ready for SQL, and its columns by upper-case name, ready for SQL. */
    private record Table(String sql, String found, Map<String, String> columns) {
    }

    /** {@code TURNKEY_MESSAGE_LOG} or {@code TURNKEY_SYSEVENT_LOG}, quoted as the database has it. */
    String table(String name) {
        return tables.get(name).sql();
    }

    /** A column of one of those tables, quoted as the database has it. */
    String column(String table, String column) {
        String sql = tables.get(table).columns().get(column);
        if (sql == null) {
            throw new IllegalArgumentException("the hub does not read " + table + "." + column);
        }
        return sql;
    }

    /** Comma-separated columns of one table, in the order given. */
    String columns(String table, List<String> columns) {
        return String.join(", ", columns.stream().map(c -> column(table, c)).toList());
    }

    @Override
    public String toString() {
        return String.join(", ", tables.values().stream().map(Table::found).toList());
    }

    /**
     * Finds the tables and columns the hub reads; fails naming what is missing, so that an operator who pointed
     * HUB_TURNKEY_DB_URL at the wrong database or schema learns so from the first warning.
     */
    static TurnkeyTables discover(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String quote = quoteString(meta);
            String catalog = c.getCatalog();
            String schema = currentSchema(c);
            Map<String, Table> found = new LinkedHashMap<>();
            for (String name : List.of(MESSAGE_LOG, SYSEVENT_LOG)) {
                Located table = locate(meta, catalog, schema, name);
                Map<String, String> columns = columns(meta, table, quote);
                List<String> missing = READ.get(name).stream().filter(col -> !columns.containsKey(col)).toList();
                if (!missing.isEmpty()) {
                    throw new IllegalStateException("Turnkey's table " + table.name() + " has no column " + missing
                            + " (found " + columns.keySet() + ")");
                }
                String sql = table.schema() != null && !table.schema().equals(schema)
                        ? quote(table.schema(), quote) + "." + quote(table.name(), quote) : quote(table.name(), quote);
                found.put(name, new Table(sql, table.toString(), columns));
            }
            return new TurnkeyTables(found);
        } catch (SQLException e) {
            throw new IllegalStateException("Turnkey's database could not be inspected: " + e.getMessage(), e);
        }
    }

    private record Located(String catalog, String schema, String name) {
        @Override
        public String toString() {
            return (schema == null ? "" : schema + ".") + name;
        }
    }

    private static Located locate(DatabaseMetaData meta, String catalog, String schema, String wanted) throws SQLException {
        // the connection's own schema first: another schema may hold an old copy of Turnkey's tables
        List<Located> candidates = named(meta, catalog, schema, wanted);
        if (candidates.isEmpty() && schema != null) {
            candidates = named(meta, catalog, null, wanted);
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("Turnkey's database has no table " + wanted + " (in any case; catalog "
                    + catalog + ", schema " + schema + "): is HUB_TURNKEY_DB_URL Turnkey's database, and were its "
                    + "tables created (建立資料庫 or 自動建立表格)?");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        // both spellings exist (a case-sensitive MySQL with the installer's and the JPA tables): Turnkey's own
        // unquoted SQL reaches the one in the case the database gives unquoted names, so that one is live
        String live = meta.storesLowerCaseIdentifiers() ? wanted.toLowerCase(Locale.ROOT) : wanted;
        Located chosen = candidates.stream().filter(t -> t.name().equals(live)).findFirst().orElse(candidates.get(0));
        log.warn("Turnkey's database has {} tables named {} in different case: {}; reading {}",
                candidates.size(), wanted, candidates, chosen);
        return chosen;
    }

    private static List<Located> named(DatabaseMetaData meta, String catalog, String schema, String wanted)
            throws SQLException {
        List<Located> found = new ArrayList<>();
        try (ResultSet rs = meta.getTables(catalog, schema, "%", null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                if (wanted.equalsIgnoreCase(name) && !type.contains("INDEX") && !type.contains("SEQUENCE")) {
                    found.add(new Located(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), name));
                }
            }
        }
        return found;
    }

    private static Map<String, String> columns(DatabaseMetaData meta, Located table, String quote) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet rs = meta.getColumns(table.catalog(), table.schema(), pattern(meta, table.name()), "%")) {
            while (rs.next()) {
                if (table.name().equals(rs.getString("TABLE_NAME"))) {
                    String name = rs.getString("COLUMN_NAME");
                    columns.putIfAbsent(name.toUpperCase(Locale.ROOT), quote(name, quote));
                }
            }
        }
        return columns;
    }

    /** The table's name as a search pattern: its {@code _} must not match any character. */
    private static String pattern(DatabaseMetaData meta, String name) throws SQLException {
        String escape = meta.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static String quoteString(DatabaseMetaData meta) throws SQLException {
        String quote = meta.getIdentifierQuoteString();
        return quote == null || quote.isBlank() ? "" : quote.strip();
    }

    private static String quote(String name, String quote) {
        return quote.isEmpty() ? name : quote + name.replace(quote, quote + quote) + quote;
    }

    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null; // a driver older than JDBC 4.1: every schema is searched
        }
    }
}
