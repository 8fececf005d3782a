package tw.einvoice.hub.digitize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The voucher ledger: intake (hash, type and size checks), the reading of waiting vouchers, review (corrections
 * with an audit row each, approval, bulk approval) and search. A voucher's status is its place in the work, so a
 * restart picks up every voucher still RECEIVED and reads it once.
 */
@Component
@EnableConfigurationProperties(VoucherProperties.class)
public class Vouchers {

    private static final Logger log = LoggerFactory.getLogger(Vouchers.class);
    private static final TypeReference<Map<String, Double>> CONFIDENCE = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> FLAGS = new TypeReference<>() {
    };

    public enum Status { RECEIVED, READ, NEEDS_REVIEW, APPROVED }

    /** Why a voucher was not taken or changed; the API maps the reason to a status code. */
    public static class Refused extends RuntimeException {
        public enum Reason { TOO_LARGE, UNSUPPORTED_TYPE, INVALID, NOT_FOUND, CONFLICT }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** The answer to an upload: a new voucher, or the one the same image made before. */
    public record Received(long id, String fileName, boolean duplicate, Status status) {
    }

    public record View(long id, String sellerId, String fileName, String mediaType, Instant receivedAt, String receivedBy,
                       String channel, Status status, String source, String kind, VoucherFields fields,
                       Map<String, Double> confidence, Map<String, String> flags, Double overallConfidence,
                       String approvedBy, Instant approvedAt) {
    }

    public record Correction(String field, String oldValue, String newValue, String correctedBy, Instant correctedAt) {
    }

    public record Image(String mediaType, byte[] content) {
    }

    /**
     * A search; null or blank criteria do not narrow.
     *
     * @param text   part of the recognised text (case-insensitive)
     * @param ban    either BAN on the voucher
     * @param amount sales, tax or total
     */
    public record Search(List<String> sellers, String text, String invoiceNumber, String ban, LocalDate from,
                         LocalDate until, Long amount, Status status, int limit) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final VoucherProperties settings;
    private final VoucherReader reader;

    Vouchers(JdbcClient jdbc, TransactionTemplate transactions, ObjectMapper json, VoucherProperties settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.settings = settings;
        this.reader = new VoucherReader(settings.tessdata());
    }

    public VoucherProperties settings() {
        return settings;
    }

    /**
     * Stores one image or PDF for reading. The same bytes sent again for the same seller answer the first voucher,
     * marked as a duplicate, and store nothing.
     *
     * @throws Refused TOO_LARGE, UNSUPPORTED_TYPE (by the file's bytes, not its name) or INVALID (does not open)
     */
    public Received receive(String sellerId, String fileName, byte[] content, String actor, String channel) {
        String name = fileName == null || fileName.isBlank() ? "voucher" : fileName;
        if (content == null || content.length == 0) {
            throw new Refused(Refused.Reason.INVALID, name + ": the file is empty");
        }
        if (content.length > settings.maxFileSize().toBytes()) {
            throw new Refused(Refused.Reason.TOO_LARGE, name + ": " + content.length + " bytes is more than the "
                    + settings.maxFileSize().toBytes() + " allowed (hub.vouchers.max-file-size)");
        }
        VoucherImages.Type type = VoucherImages.sniff(content).filter(settings::accepts)
                .orElseThrow(() -> new Refused(Refused.Reason.UNSUPPORTED_TYPE, name + ": not one of the accepted types "
                        + settings.types() + " (judged by the file's content)"));
        try {
            if (VoucherImages.pages(content).isEmpty()) {
                throw new Refused(Refused.Reason.INVALID, name + ": the PDF has no pages");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refused r) {
                throw r;
            }
            throw new Refused(Refused.Reason.INVALID, name + ": the " + type + " file does not open: " + e.getMessage());
        }
        String sha256 = sha256(content);
        Optional<Received> earlier = byHash(sellerId, sha256, name);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            long id = jdbc.sql("""
                            INSERT INTO voucher (seller_id, file_name, media_type, content, sha256, received_by, channel)
                            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                    .params(sellerId, name, type.mediaType, content, sha256, actor, channel)
                    .query(Long.class).single();
            log.info("voucher {} received for seller {} via {}: {} ({} bytes)", id, sellerId, channel, name, content.length);
            return new Received(id, name, false, Status.RECEIVED);
        } catch (DuplicateKeyException e) {
            // the same image arrived twice at the same moment; the other insert won
            return byHash(sellerId, sha256, name).orElseThrow(() -> e);
        }
    }

    private Optional<Received> byHash(String sellerId, String sha256, String name) {
        return jdbc.sql("SELECT id, status FROM voucher WHERE seller_id = ? AND sha256 = ?").params(sellerId, sha256)
                .query((rs, n) -> new Received(rs.getLong("id"), name, true, Status.valueOf(rs.getString("status"))))
                .optional();
    }

    /** Ids of vouchers waiting to be read, oldest first. */
    public List<Long> waiting(int max) {
        return jdbc.sql("SELECT id FROM voucher WHERE status = 'RECEIVED' ORDER BY id LIMIT ?").params(max)
                .query(Long.class).list();
    }

    /** Reads one waiting voucher and stores what was read; false when it was no longer waiting. */
    public boolean read(long id) {
        Optional<Image> image = jdbc.sql("SELECT media_type, content FROM voucher WHERE id = ? AND status = 'RECEIVED'")
                .params(id).query((rs, n) -> new Image(rs.getString(1), rs.getBytes(2))).optional();
        if (image.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        VoucherReading reading;
        try {
            reading = reader.read(image.get().content());
        } catch (IOException | RuntimeException e) {
            log.warn("voucher {} could not be read: {}", id, e.toString());
            reading = VoucherReader.nothing("could not be read: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        VoucherReading r = reading;
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            String seller = jdbc.sql("SELECT seller_id FROM voucher WHERE id = ? AND status = 'RECEIVED' FOR UPDATE")
                    .params(id).query(String.class).optional().orElse(null);
            if (seller == null) {
                return false;
            }
            Map<String, String> flags = new LinkedHashMap<>(r.flags());
            flags.putAll(ledgerFlags(id, seller, r.fields()));
            VoucherFields f = r.fields();
            jdbc.sql("""
                            UPDATE voucher SET status = ?, source = ?, kind = ?, recognised_text = ?, invoice_number = ?,
                                   invoice_date = ?, counterpart_ban = ?, buyer_ban = ?, sales_amount = ?, tax_amount = ?,
                                   total_amount = ?, confidence = ?::jsonb, flags = ?::jsonb, read_at = now(), read_seconds = ?
                            WHERE id = ?""")
                    .params((flags.isEmpty() ? Status.READ : Status.NEEDS_REVIEW).name(), r.source(), r.kind().name(),
                            r.text(), f.invoiceNumber(), f.date(), f.sellerId(), f.buyerId(), f.salesAmount(),
                            f.taxAmount(), f.totalAmount(), write(r.confidence()), write(flags), seconds, id)
                    .update();
            log.info("voucher {} read by {} in {} s: {} field(s) flagged", id, r.source(), String.format("%.2f", seconds), flags.size());
            return true;
        }));
    }

    /** What the voucher ledger knows that the image does not: our own BAN as buyer, the same invoice twice. */
    private Map<String, String> ledgerFlags(long id, String seller, VoucherFields f) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (f.buyerId() != null && !f.buyerId().equals(seller)) {
            flags.put(VoucherFields.BUYER_ID, "the buyer " + f.buyerId() + " is not us (" + seller + "): not our purchase");
        }
        if (f.invoiceNumber() != null) {
            jdbc.sql("""
                            SELECT min(id) FROM voucher WHERE seller_id = ? AND invoice_number = ? AND id <> ?
                              AND status <> 'RECEIVED'""")
                    .params(seller, f.invoiceNumber(), id).query(Long.class).optional()
                    .filter(Objects::nonNull)
                    .ifPresent(other -> flags.put(VoucherFields.INVOICE_NUMBER,
                            "duplicate: invoice " + f.invoiceNumber() + " is also voucher " + other));
        }
        return flags;
    }

    public Optional<View> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").params(id).query(this::view).optional();
    }

    public Optional<Image> image(long id) {
        return jdbc.sql("SELECT media_type, content FROM voucher WHERE id = ?").params(id)
                .query((rs, n) -> new Image(rs.getString(1), rs.getBytes(2))).optional();
    }

    public List<View> search(Search s) {
        StringBuilder where = new StringBuilder(" WHERE seller_id = ANY (?)");
        List<Object> params = new ArrayList<>();
        params.add(s.sellers().toArray(String[]::new));
        if (s.text() != null && !s.text().isBlank()) {
            where.append(" AND recognised_text ILIKE ?");
            params.add("%" + like(s.text().trim()) + "%");
        }
        if (s.invoiceNumber() != null && !s.invoiceNumber().isBlank()) {
            where.append(" AND invoice_number = ?");
            params.add(s.invoiceNumber().trim().replace("-", "").toUpperCase());
        }
        if (s.ban() != null && !s.ban().isBlank()) {
            where.append(" AND (counterpart_ban = ? OR buyer_ban = ?)");
            params.add(s.ban().trim());
            params.add(s.ban().trim());
        }
        if (s.from() != null) {
            where.append(" AND invoice_date >= ?");
            params.add(s.from());
        }
        if (s.until() != null) {
            where.append(" AND invoice_date <= ?");
            params.add(s.until());
        }
        if (s.amount() != null) {
            where.append(" AND ? IN (sales_amount, tax_amount, total_amount)");
            params.add(s.amount());
        }
        if (s.status() != null) {
            where.append(" AND status = ?");
            params.add(s.status().name());
        }
        params.add(Math.max(1, Math.min(s.limit(), 500)));
        return jdbc.sql(SELECT + where + " ORDER BY id DESC LIMIT ?").params(params).query(this::view).list();
    }

    /**
     * A reviewer's corrections: one audit row per field whose value changes; the checks run again over the result,
     * with the corrected fields counted as sure.
     *
     * @throws Refused NOT_FOUND, CONFLICT (approved already, or still being read), INVALID (a value that is no value)
     */
    public View correct(long id, Map<String, String> changes, String actor) {
        return transactions.execute(tx -> {
            View v = forUpdate(id);
            if (v.status() == Status.APPROVED || v.status() == Status.RECEIVED) {
                throw new Refused(Refused.Reason.CONFLICT, "voucher " + id + " is " + v.status() + ": only read vouchers are corrected");
            }
            VoucherFields fields = v.fields();
            Map<String, Double> confidence = new LinkedHashMap<>(v.confidence());
            for (var change : changes.entrySet()) {
                String field = change.getKey();
                String before = fields.asText().get(field);
                try {
                    fields = fields.with(field, change.getValue());
                } catch (IllegalArgumentException e) {
                    throw new Refused(Refused.Reason.INVALID, "voucher " + id + ": " + e.getMessage());
                }
                String after = fields.asText().get(field);
                confidence.put(field, 1.0);
                if (!Objects.equals(before, after)) {
                    jdbc.sql("INSERT INTO voucher_correction (voucher_id, field, old_value, new_value, corrected_by) VALUES (?, ?, ?, ?, ?)")
                            .params(id, field, before, after, actor).update();
                }
            }
            VoucherFields f = fields;
            Map<String, String> flags = new LinkedHashMap<>(FieldChecks.flags(f, confidence,
                    VoucherKind.THREE_PART.name().equals(v.kind())));
            flags.putAll(ledgerFlags(id, v.sellerId(), f));
            jdbc.sql("""
                            UPDATE voucher SET invoice_number = ?, invoice_date = ?, counterpart_ban = ?, buyer_ban = ?,
                                   sales_amount = ?, tax_amount = ?, total_amount = ?, confidence = ?::jsonb, flags = ?::jsonb,
                                   status = ?
                            WHERE id = ?""")
                    .params(f.invoiceNumber(), f.date(), f.sellerId(), f.buyerId(), f.salesAmount(), f.taxAmount(),
                            f.totalAmount(), write(confidence), write(flags),
                            (flags.isEmpty() ? Status.READ : Status.NEEDS_REVIEW).name(), id)
                    .update();
            return find(id).orElseThrow();
        });
    }

    /**
     * Corrects (when {@code changes} has any) and approves: the voucher then counts in its period's media file.
     *
     * @throws Refused CONFLICT naming every field still flagged, or an approved voucher of the same invoice
     */
    public View approve(long id, Map<String, String> changes, String actor) {
        return transactions.execute(tx -> {
            View v = changes == null || changes.isEmpty() ? forUpdate(id) : correct(id, changes, actor);
            if (v.status() == Status.APPROVED) {
                return v;
            }
            if (v.status() != Status.READ) {
                throw new Refused(Refused.Reason.CONFLICT, "voucher " + id + " cannot be approved while fields are flagged: " + v.flags());
            }
            jdbc.sql("UPDATE voucher SET status = 'APPROVED', approved_by = ?, approved_at = now() WHERE id = ?")
                    .params(actor, id).update();
            return find(id).orElseThrow();
        });
    }

    /** Approves every read voucher of these sellers with no flagged field and at least the bulk confidence; their ids. */
    public List<Long> approveConfident(List<String> sellers, String actor) {
        List<Long> ids = new ArrayList<>();
        for (View v : search(new Search(sellers, null, null, null, null, null, null, Status.READ, 500))) {
            if (v.flags().isEmpty() && v.overallConfidence() != null && v.overallConfidence() >= settings.bulkApproveMin()) {
                approve(v.id(), Map.of(), actor);
                ids.add(v.id());
            }
        }
        return ids;
    }

    public List<Correction> corrections(long id) {
        return jdbc.sql("SELECT field, old_value, new_value, corrected_by, corrected_at FROM voucher_correction WHERE voucher_id = ? ORDER BY id")
                .params(id)
                .query((rs, n) -> new Correction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    private View forUpdate(long id) {
        jdbc.sql("SELECT id FROM voucher WHERE id = ? FOR UPDATE").params(id).query(Long.class).optional()
                .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, "no voucher " + id));
        return find(id).orElseThrow();
    }

    private static final String SELECT = """
            SELECT id, seller_id, file_name, media_type, received_at, received_by, channel, status, source, kind,
                   invoice_number, invoice_date, counterpart_ban, buyer_ban, sales_amount, tax_amount, total_amount,
                   confidence, flags, approved_by, approved_at
            FROM voucher""";

    private View view(ResultSet rs, int n) throws SQLException {
        Map<String, Double> confidence = read(rs.getString("confidence"), CONFIDENCE);
        Status status = Status.valueOf(rs.getString("status"));
        OffsetDateTime approvedAt = rs.getObject("approved_at", OffsetDateTime.class);
        return new View(rs.getLong("id"), rs.getString("seller_id"), rs.getString("file_name"), rs.getString("media_type"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getString("received_by"),
                rs.getString("channel"), status, rs.getString("source"), rs.getString("kind"),
                new VoucherFields(rs.getString("invoice_number"), rs.getObject("invoice_date", LocalDate.class),
                        rs.getString("counterpart_ban"), rs.getString("buyer_ban"), (Long) rs.getObject("sales_amount"),
                        (Long) rs.getObject("tax_amount"), (Long) rs.getObject("total_amount")),
                confidence, read(rs.getString("flags"), FLAGS),
                status == Status.RECEIVED ? null : confidence.values().stream().mapToDouble(Double::doubleValue).min().orElse(0),
                rs.getString("approved_by"), approvedAt == null ? null : approvedAt.toInstant());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("voucher column is not the JSON it should be", e);
        }
    }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
