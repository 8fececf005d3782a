package tw.einvoice.hub.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ERP's database, reached over its own small pool (never the hub's): claims staging rows and writes results.
 * SQL follows docs/erp-staging.sql (PostgreSQL; {@code FOR UPDATE SKIP LOCKED … LIMIT} also works on MySQL 8).
 */
public final class ErpDatabase implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private final ErpSettings settings;
    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public ErpDatabase(ErpSettings settings) {
        this(settings, java.time.Duration.ofSeconds(10));
    }

    /** @param connectionTimeout how long a poll or a write waits for a connection to an ERP that does not answer */
    public ErpDatabase(ErpSettings settings, java.time.Duration connectionTimeout) {
        this.settings = settings;
        this.dataSource = new HikariDataSource();
        dataSource.setPoolName("erp-" + settings.name());
        dataSource.setJdbcUrl(settings.url());
        dataSource.setUsername(settings.user());
        dataSource.setPassword(settings.password());
        dataSource.setMaximumPoolSize(4);
        // a dead ERP must not hold a timer thread for Hikari's default 30 s on every poll
        dataSource.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
        dataSource.setInitializationFailTimeout(-1);
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public ErpSettings settings() {
        return settings;
    }

    /**
     * Claims up to {@code limit} NEW rows (or CLAIMED ones whose claim timed out) for {@code node}: the SELECT …
     * FOR UPDATE SKIP LOCKED and the UPDATE to CLAIMED commit together, so a row locked or claimed by another
     * node is never taken twice. Lines are read after the commit: they belong to the claimed header only.
     */
    public List<ErpRecord> claim(int limit, String node) {
        List<Map<String, Object>> headers = tx.execute(s -> {
            List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM " + settings.table() + """
                             WHERE hub_status = 'NEW'
                                OR (hub_status = 'CLAIMED' AND claimed_at < CURRENT_TIMESTAMP - ? * INTERVAL '1' SECOND)
                            ORDER BY created_at, source_ref
                            LIMIT ?
                            FOR UPDATE SKIP LOCKED""")
                    // the database's clock on both sides of the comparison: hub and ERP clocks and time zones may differ
                    .params(settings.claimTimeout().toMillis() / 1000.0, limit)
                    .query(ErpDatabase::row).list();
            for (Map<String, Object> r : rows) {
                jdbc.sql("UPDATE " + settings.table()
                                + " SET hub_status = 'CLAIMED', claimed_by = ?, claimed_at = CURRENT_TIMESTAMP WHERE source_ref = ?")
                        .params(node, r.get("source_ref")).update();
            }
            return rows;
        });
        List<ErpRecord> records = new ArrayList<>();
        for (Map<String, Object> h : headers == null ? List.<Map<String, Object>>of() : headers) {
            String ref = String.valueOf(h.get("source_ref"));
            ObjectNode json = JSON.valueToTree(h);
            ArrayNode lines = json.putArray("lines");
            jdbc.sql("SELECT * FROM " + settings.linesTable() + " WHERE source_ref = ? ORDER BY line_no")
                    .param(ref).query(ErpDatabase::row).list().forEach(l -> lines.add(JSON.valueToTree(l)));
            records.add(new ErpRecord(ref, json.toString()));
        }
        return records;
    }

    /** Intake's verdict on a claimed row: ACCEPTED (an invoice exists) or ERROR with the reasons. */
    public void intakeResult(String sourceRef, boolean accepted, String errorCode, String errorMessage) {
        jdbc.sql("UPDATE " + settings.table() + """
                         SET hub_status = ?, invoice_status = CASE WHEN ? THEN COALESCE(invoice_status, 'RECEIVED') END,
                             error_code = ?, error_message = ?, result_at = CURRENT_TIMESTAMP
                        WHERE source_ref = ?""")
                .params(accepted ? "ACCEPTED" : "ERROR", accepted, errorCode, errorMessage, sourceRef).update();
    }

    /** An invoice outcome: into the staging row's result columns, or through the configured procedure. */
    public void result(String sourceRef, String invoiceNumber, String randomCode, String status, String errorCode,
                       String errorMessage) {
        if (settings.resultProcedure() != null) {
            jdbc.sql("CALL " + settings.resultProcedure() + "(?, ?, ?, ?, ?, ?)")
                    .params(sourceRef, invoiceNumber, randomCode, status, errorCode, errorMessage).update();
            return;
        }
        int updated = jdbc.sql("UPDATE " + settings.table() + """
                         SET invoice_number = ?, random_code = ?, invoice_status = ?, error_code = ?, error_message = ?,
                             result_at = CURRENT_TIMESTAMP
                        WHERE source_ref = ?""")
                .params(invoiceNumber, randomCode, status, errorCode, errorMessage, sourceRef).update();
        if (updated == 0) {
            // retried by the outbox: the row may appear later (restored backup), and finance hears if it never does
            throw new IllegalStateException("no row " + sourceRef + " in " + settings.table());
        }
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Column name (lower case) → JSON-friendly value: numbers stay numbers, times become ISO text in Taipei time. */
    private static Map<String, Object> row(ResultSet rs, int n) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof Timestamp t) {
                v = md.getColumnTypeName(i).toLowerCase().contains("tz")
                        ? OffsetDateTime.ofInstant(t.toInstant(), TAIPEI).toString()
                        : t.toLocalDateTime().toString();
            } else if (v instanceof java.sql.Date d) {
                v = d.toLocalDate().toString();
            } else if (v instanceof BigDecimal b) {
                v = b; // exact, as the ERP stored it
            } else if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) {
                v = v.toString();
            }
            row.put(md.getColumnLabel(i).toLowerCase(), v);
        }
        return row;
    }
}
