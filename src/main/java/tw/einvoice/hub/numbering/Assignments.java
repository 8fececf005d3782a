package tw.einvoice.hub.numbering;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.mig.MigReader;
import tw.einvoice.hub.numbering.AllocationRefused.Reason;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.seller.SellerDirectory;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers the MOF assigned (配號): from E0501 downloads, the platform's CSV, or typed in by an HQ admin.
 * Importing the same assignment twice is harmless; one that overlaps another is refused.
 */
@Service
public class Assignments {

    private static final Logger log = LoggerFactory.getLogger(Assignments.class);
    /** The CSV columns expected, in any order, named in a header row. */
    public static final List<String> CSV_COLUMNS = List.of("ban", "invoicetype", "yearmonth", "track", "beginno", "endno", "booklets");

    public record Stored(long id, String sellerId, String invoiceType, String period, String track, int beginNo, int endNo,
                         int booklets, String source, String sourceRef, OffsetDateTime createdAt) {
    }

    public record ImportResult(int imported, int unchanged, List<String> refused) {
    }

    private final JdbcClient jdbc;
    private final SellerDirectory sellers;
    private final NumberingProperties settings;
    private final TransactionTemplate tx;
    private final MigReader reader = new MigReader();

    Assignments(JdbcClient jdbc, SellerDirectory sellers, NumberingProperties settings, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.sellers = sellers;
        this.settings = settings;
        this.tx = tx;
    }

    public List<Stored> list(List<String> sellerIds, String period) {
        return jdbc.sql("""
                        SELECT id, seller_id, invoice_type, period, track, begin_no, end_no, booklets, source, source_ref, created_at
                        FROM track_assignment WHERE seller_id = ANY(?) AND (CAST(? AS varchar) IS NULL OR period = ?)
                        ORDER BY period, seller_id, invoice_type, track, begin_no""")
                .params(sellerIds.toArray(String[]::new), period, period)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                        rs.getObject(11, OffsetDateTime.class)))
                .list();
    }

    /** Stores one assignment (true) or finds it already there (false); refuses a malformed or overlapping one. */
    public boolean add(Assignment a, String source, String sourceRef) {
        check(a, !"E0501".equals(source));
        int begin = Integer.parseInt(a.beginNo());
        int end = Integer.parseInt(a.endNo());
        long booklets = a.booklets() > 0 ? a.booklets() : (end - begin + 1) / settings.bookletSize();
        try {
            Integer inserted = tx.execute(s -> jdbc.sql("""
                            INSERT INTO track_assignment (seller_id, invoice_type, period, track, begin_no, end_no, booklets, source, source_ref)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT ON CONSTRAINT track_assignment_unique DO NOTHING""")
                    .params(a.ban(), a.invoiceType(), a.yearMonth(), a.track(), begin, end, booklets, source, sourceRef).update());
            return inserted != null && inserted == 1;
        } catch (DataIntegrityViolationException e) {
            throw new AllocationRefused(Reason.OVERLAP, "assignment " + a.track() + a.beginNo() + "–" + a.endNo()
                    + " of period " + a.yearMonth() + " overlaps another assignment");
        }
    }

    /** Camel: one E0501 file from Turnkey's download folder, imported once whatever happens to the folder. */
    public void importFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        importE0501(name, exchange.getMessage().getBody(byte[].class));
    }

    public ImportResult importE0501(String fileName, byte[] xml) {
        boolean fresh = Boolean.TRUE.equals(tx.execute(s -> jdbc.sql("""
                        INSERT INTO track_assignment_file (file_name, assignments) VALUES (?, 0) ON CONFLICT DO NOTHING""")
                .param(fileName).update() == 1));
        if (!fresh) {
            return new ImportResult(0, 0, List.of());
        }
        ImportResult result = addAll(reader.readAssignments(new ByteArrayInputStream(xml)), "E0501", fileName);
        jdbc.sql("UPDATE track_assignment_file SET assignments = ? WHERE file_name = ?")
                .params(result.imported() + result.unchanged(), fileName).update();
        log.info("E0501 {}: {} assignments imported, {} known, refused {}", fileName, result.imported(), result.unchanged(),
                result.refused());
        return result;
    }

    /**
     * The platform's CSV download: a header row naming the columns {@link #CSV_COLUMNS} (any order, case and
     * spaces ignored), then one assignment per row. Numbers keep their leading zeros.
     */
    public ImportResult importCsv(String csv, String actor) {
        List<Assignment> rows = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv))) {
            String header = in.readLine();
            if (header == null) {
                return new ImportResult(0, 0, List.of());
            }
            Map<String, Integer> col = new HashMap<>();
            String[] names = header.split(",");
            for (int i = 0; i < names.length; i++) {
                col.put(names[i].strip().replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT), i);
            }
            List<String> missing = CSV_COLUMNS.stream().filter(c -> !c.equals("booklets") && !col.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new AllocationRefused(Reason.NUMBER_FORMAT, "CSV header lacks " + missing + "; expected " + CSV_COLUMNS);
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    String booklets = col.containsKey("booklets") ? f[col.get("booklets")].strip() : "";
                    rows.add(new Assignment(f[col.get("ban")].strip(), f[col.get("invoicetype")].strip(),
                            f[col.get("yearmonth")].strip(), f[col.get("track")].strip(), f[col.get("beginno")].strip(),
                            f[col.get("endno")].strip(), booklets.isEmpty() ? 0 : Long.parseLong(booklets)));
                } catch (RuntimeException e) {
                    refused.add("line " + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImportResult r = addAll(rows, "CSV", actor);
        List<String> all = new ArrayList<>(refused);
        all.addAll(r.refused());
        return new ImportResult(r.imported(), r.unchanged(), all);
    }

    private ImportResult addAll(List<Assignment> assignments, String source, String ref) {
        int imported = 0;
        int unchanged = 0;
        List<String> refused = new ArrayList<>();
        for (Assignment a : assignments) {
            try {
                if (add(a, source, ref)) {
                    imported++;
                } else {
                    unchanged++;
                }
            } catch (AllocationRefused e) {
                refused.add(a.track() + a.beginNo() + ": " + e.reason() + " " + e.getMessage());
            }
        }
        return new ImportResult(imported, unchanged, refused);
    }

    private void check(Assignment a, boolean booklets) {
        if (a.ban() == null || sellers.find(a.ban()).isEmpty()) {
            throw new AllocationRefused(Reason.SELLER_UNKNOWN, "seller " + a.ban() + " is not configured in the hub");
        }
        Allocations.checkFormat(a.invoiceType(), a.yearMonth(), a.track());
        if (a.beginNo() == null || !a.beginNo().matches("\\d{8}") || a.endNo() == null || !a.endNo().matches("\\d{8}")
                || Integer.parseInt(a.beginNo()) > Integer.parseInt(a.endNo())) {
            throw new AllocationRefused(Reason.NUMBER_FORMAT, "begin and end must be 8 digits, begin ≤ end: "
                    + a.beginNo() + "–" + a.endNo());
        }
        if (booklets) {
            // an E0501 is the MOF's word and is taken as given; typed or uploaded numbers are checked
            Allocations.checkBooklets(Integer.parseInt(a.beginNo()), Integer.parseInt(a.endNo()), settings.bookletSize());
        }
        TaxPeriod.parse(a.yearMonth());
    }
}
