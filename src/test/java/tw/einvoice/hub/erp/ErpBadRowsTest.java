package tw.einvoice.hub.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.badinput.BadInputCorpus;
import tw.einvoice.hub.badinput.BadInputCorpus.Case;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus of ERP staging rows ({@code bad-input/erp-rows}, issue 18 item 2): each case is one header
 * row and its lines, the reference defaults (docs/erp-staging.sql) with the case's {@code header} and {@code lines}
 * columns over them, staged in one transaction as the ERP contract asks. The hub answers in the row itself:
 * {@code ERROR} with the violation naming the field (and a kept rejected record), or {@code ACCEPTED} with every text
 * stored as staged. Beyond each case: the hub's invoices and rejected records grow by exactly the cases' own, both
 * staging tables are still there, and no other staging row changed.
 */
class ErpBadRowsTest extends ConnectorsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyBadErpRowEndsAsItsManifestSaysAndNothingElseChanges() throws Exception {
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("erp-rows");
        String run = "BAD-" + UUID.randomUUID().toString().substring(0, 8);
        long invoicesBefore = jdbc.sql("SELECT count(*) FROM invoice").query(Long.class).single();
        long rejectedBefore = jdbc.sql("SELECT count(*) FROM rejected_record").query(Long.class).single();
        String othersBefore = others(run);

        Map<Case, String> refs = new LinkedHashMap<>();
        try (Connection erp = ERP.getPostgresDatabase().getConnection()) {
            erp.setAutoCommit(false);
            for (Case c : tally.cases()) {
                String ref = run + "-" + c.name() + (c.detail("ref_suffix") == null ? "" : c.detail("ref_suffix"));
                refs.put(c, ref);
                stage(erp, ref, JSON.readTree(c.detail("header")), JSON.readTree(c.detail("lines")));
                erp.commit();
            }
        }

        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> refs.values().stream()
                    .allMatch(ref -> Set.of("ACCEPTED", "ERROR").contains(String.valueOf(row(ref).get("hub_status")))));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the rows still waiting are recorded below, so the tally lists them all
        }

        long accepted = 0;
        long kept = 0;
        for (var entry : refs.entrySet()) {
            Case c = entry.getKey();
            String ref = entry.getValue();
            try {
                Map<String, Object> row = row(ref);
                String status = String.valueOf(row.get("hub_status"));
                String message = row.get("error_code") + " " + row.get("error_message");
                if (status.equals("ACCEPTED")) {
                    accepted++;
                    String stored = c.detail("stored");
                    tally.record(c, stored == null ? "accepted"
                            : storedVerbatim(ref, stored.replace("${REF}", run + "-" + c.name())) ? "stored-verbatim" : "stored-altered", message);
                } else if (status.equals("ERROR")) {
                    long records = jdbc.sql("SELECT count(*) FROM rejected_record WHERE connector = 'erp-sample' AND source_ref = ? AND status = 'OPEN'")
                            .param(ref).query(Long.class).single();
                    kept += records;
                    boolean mustKeep = c.detail("kept") != null;
                    tally.record(c, mustKeep && records != 1 ? "error-not-kept" : "error", message);
                } else {
                    tally.record(c, "still-" + status, message);
                }
            } catch (Exception | AssertionError e) {
                tally.failed(c, e);
            }
        }
        tally.assertAllAsExpected();

        assertThat(jdbc.sql("SELECT count(*) FROM invoice").query(Long.class).single() - invoicesBefore)
                .as("invoices made: the accepted rows, nothing else").isEqualTo(accepted);
        assertThat(jdbc.sql("SELECT count(*) FROM rejected_record").query(Long.class).single() - rejectedBefore)
                .as("rejected records: one per refused row").isEqualTo(kept);
        assertThat(ERP_JDBC.sql("SELECT count(*) FROM einvoice_staging WHERE source_ref LIKE ?").param(run + "%")
                .query(Long.class).single()).as("the staging table is still there with every case's row").isEqualTo(refs.size());
        assertThat(others(run)).as("staging rows of other tests, unchanged by the corpus' results").isEqualTo(othersBefore);
    }

    /** The reference defaults (a valid B2C invoice of 105 on a mobile barcode) with the case's columns over them. */
    private static void stage(Connection erp, String ref, JsonNode header, JsonNode lines) throws Exception {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("source_ref", ref);
        h.put("seller_id", DEMO_SELLER);
        h.put("branch_id", "TPE01");
        h.put("issued_at", Timestamp.from(OffsetDateTime.now().minusMinutes(1).toInstant()));
        h.put("carrier_type", "3J0002");
        h.put("carrier_id", "/ABC+123");
        h.put("tax_type", "1");
        h.put("prices_include_tax", true);
        header.properties().forEach(e -> h.put(e.getKey(), value(e.getKey(), e.getValue())));
        insert(erp, "einvoice_staging", h);
        int no = 1;
        for (JsonNode line : lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("source_ref", ref);
            l.put("line_no", no++);
            l.put("description", "乾電池");
            l.put("quantity", new java.math.BigDecimal(1));
            l.put("unit", "個");
            l.put("unit_price", new java.math.BigDecimal(105));
            l.put("amount", new java.math.BigDecimal(105));
            l.put("tax_type", "1");
            line.properties().forEach(e -> l.put(e.getKey(), value(e.getKey(), e.getValue())));
            insert(erp, "einvoice_staging_line", l);
        }
    }

    private static Object value(String column, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (column.equals("issued_at")) {
            return Timestamp.from(OffsetDateTime.parse(v.asText()).toInstant());
        }
        return v.asText();
    }

    private static void insert(Connection erp, String table, Map<String, Object> columns) throws Exception {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns.keySet()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement s = erp.prepareStatement(sql)) {
            int i = 1;
            for (Object v : columns.values()) {
                s.setObject(i++, v);
            }
            s.executeUpdate();
        }
    }

    private static Map<String, Object> row(String ref) {
        return ERP_JDBC.sql("SELECT * FROM einvoice_staging WHERE source_ref = ?").param(ref).query().singleRow();
    }

    /**
     * Staging rows not of this run that the hub has answered, with the answer (later outcomes of earlier tests may
     * still arrive, so only the intake verdict): the corpus' results must land on its own rows only.
     */
    private static String others(String run) {
        return String.join("\n", ERP_JDBC.sql("""
                SELECT source_ref || '|' || hub_status
                FROM einvoice_staging WHERE source_ref NOT LIKE ? AND hub_status IN ('ACCEPTED', 'ERROR') ORDER BY source_ref""")
                .param(run + "%").query(String.class).list());
    }

    private boolean storedVerbatim(String ref, String stored) throws Exception {
        List<String> docs = jdbc.sql("SELECT document::text FROM invoice WHERE connector = 'erp-sample' AND source_ref = ?")
                .param(ref).query(String.class).list();
        if (docs.size() != 1) {
            return false;
        }
        Set<String> values = new HashSet<>();
        List<JsonNode> todo = new ArrayList<>(List.of(JSON.readTree(docs.get(0))));
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            if (n.isTextual()) {
                values.add(n.asText());
            }
            n.elements().forEachRemaining(todo::add);
        }
        values.add(ref);
        return values.contains(stored);
    }
}
