package tw.einvoice.hub.bench;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hub's database can take, measured on the database the hub just used: the rows the hub left per invoice
 * (counted table by table) are written again, raw, into scratch copies of the same tables (same columns, defaults
 * and indexes, no foreign keys or triggers), one multi-row INSERT per table (the rows as one array parameter, a
 * single round trip, as COPY would be) and {@link #INVOICES_PER_COMMIT} invoices' rows per commit.
 * The rows are the hub's own, read back untimed, so their sizes and index keys are the real ones. A long run's
 * ceiling is measured on its first {@link #MOST_INVOICES} invoices' worth: a rate needs a sample, not a soak's
 * millions of rows written a second time.
 */
public final class DatabaseCeiling {

    public static final int INVOICES_PER_COMMIT = 1000;
    public static final long MOST_INVOICES = 50_000;
    private static final String SCRATCH = "bench_ceiling";

    private DatabaseCeiling() {
    }

    /** Rows now in every table of the database's own schemas, keyed {@code schema.table}. */
    public static Map<String, Long> rowCounts(DataSource db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                    WHERE schemaname NOT IN ('pg_catalog', 'information_schema', '%s') ORDER BY 1""".formatted(SCRATCH))) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Rows in {@code after} beyond {@code before}, tables that gained none left out. */
    public static Map<String, Long> written(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> written = new LinkedHashMap<>();
        after.forEach((t, n) -> {
            long more = n - before.getOrDefault(t, 0L);
            if (more > 0) {
                written.put(t, more);
            }
        });
        return written;
    }

    /** The ceiling: {@code invoices} invoices' worth of {@code written} rows, and the seconds their writes took. */
    public record Result(long invoices, long rows, double seconds) {
        public double invoicesPerSecond() {
            return seconds > 0 ? invoices / seconds : 0;
        }

        /** Both measured one after the other on the same server (the hub's database and Turnkey's). */
        public Result plus(Result other) {
            return new Result(invoices, rows + other.rows, seconds + other.seconds);
        }

        public double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    public static Result measure(DataSource db, Map<String, Long> written, long invoicesWritten) throws SQLException {
        long invoices = Math.min(invoicesWritten, MOST_INVOICES);
        try (Connection read = db.getConnection(); Connection write = db.getConnection()) {
            read.setAutoCommit(false);
            write.setAutoCommit(true);
            try (Statement s = write.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE");
                s.execute("CREATE SCHEMA " + SCRATCH);
                for (String t : written.keySet()) {
                    s.execute("CREATE TABLE " + scratch(t) + " (LIKE " + t + " INCLUDING DEFAULTS INCLUDING INDEXES)");
                }
            }
            write.setAutoCommit(false);
            // one open cursor per table on the reading connection: only one commit's rows are held at a time
            Map<String, ResultSet> sources = new LinkedHashMap<>();
            Map<String, PreparedStatement> inserts = new LinkedHashMap<>();
            List<Statement> open = new ArrayList<>();
            try {
                for (var e : written.entrySet()) {
                    Statement q = read.createStatement();
                    open.add(q);
                    q.setFetchSize(2000);
                    sources.put(e.getKey(), q.executeQuery("SELECT t::text FROM " + e.getKey() + " t LIMIT "
                            + e.getValue() * invoices / invoicesWritten));
                    inserts.put(e.getKey(), write.prepareStatement(
                            "INSERT INTO " + scratch(e.getKey()) + " SELECT (r::" + e.getKey() + ").* FROM unnest(?::text[]) r"));
                }
                long rows = 0;
                long nanos = 0;
                for (long done = 0; done < invoices; done += INVOICES_PER_COMMIT) {
                    long upTo = Math.min(invoices, done + INVOICES_PER_COMMIT);
                    Map<String, List<String>> chunk = new LinkedHashMap<>();
                    for (var e : written.entrySet()) {
                        long target = e.getValue() * upTo / invoicesWritten - e.getValue() * done / invoicesWritten;
                        List<String> lines = new ArrayList<>();
                        ResultSet rs = sources.get(e.getKey());
                        while (lines.size() < target && rs.next()) {
                            lines.add(rs.getString(1));
                        }
                        chunk.put(e.getKey(), lines);
                    }
                    long t0 = System.nanoTime();
                    for (var e : chunk.entrySet()) {
                        if (e.getValue().isEmpty()) {
                            continue;
                        }
                        PreparedStatement insert = inserts.get(e.getKey());
                        insert.setArray(1, write.createArrayOf("text", e.getValue().toArray()));
                        insert.executeUpdate();
                        rows += e.getValue().size();
                    }
                    write.commit();
                    nanos += System.nanoTime() - t0;
                }
                return new Result(invoices, rows, nanos / 1e9);
            } finally {
                for (Statement q : open) {
                    q.close();
                }
                for (PreparedStatement p : inserts.values()) {
                    p.close();
                }
                read.rollback();
                write.rollback();
                write.setAutoCommit(true);
                try (Statement s = write.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE");
                }
            }
        }
    }

    private static String scratch(String table) {
        return SCRATCH + "." + ("\"" + table.replace("\"", "").replace('.', '_') + "\"");
    }
}
