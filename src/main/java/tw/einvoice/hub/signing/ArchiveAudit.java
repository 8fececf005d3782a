package tw.einvoice.hub.signing;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.invoice.ArchiveSeal;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Re-checks every stored message against its archive seal. Plain JDBC, so the command line runs it without the
 * hub. Messages are read a page at a time in (created_at, id) order, each page a short query of its own, so memory
 * stays flat and no long transaction holds up a running hub, however many messages there are.
 */
public final class ArchiveAudit {

    /** One stored message that is not intact (altered or unsealed). */
    public record Finding(UUID id, String messageType, String reference, String identifier, OffsetDateTime createdAt,
                          MessageArchive.Check check) {
    }

    /** What one run found; {@code checked} is the sum of the other four. */
    public record Summary(long checked, long intactSigned, long intactHashOnly, long unsealed, long altered) {
    }

    private record Row(UUID id, String messageType, String reference, String identifier, OffsetDateTime createdAt,
                       String xml, ArchiveSeal seal) {
    }

    /* A message sealed with its issue batch names the manifest its hash is listed in; the manifest is read with each
       message that names it (the join), so the check proves the message from its own row and that manifest alone. */
    private static final String COLUMNS = """
            SELECT m.id, m.message_type, m.reference, m.identifier, m.created_at, m.xml, m.archive_sha256,
                m.archive_signature, m.archive_signer, m.archive_manifest_id, a.seller_id AS manifest_seller,
                a.content AS manifest_content, a.signature AS manifest_signature, a.signer AS manifest_signer
            FROM invoice_message m LEFT JOIN archive_manifest a ON a.id = m.archive_manifest_id""";

    private static final RowMapper<Row> ROW = (rs, n) -> {
        UUID manifestId = rs.getObject("archive_manifest_id", UUID.class);
        ArchiveSeal.Manifest manifest = manifestId == null ? null : new ArchiveSeal.Manifest(manifestId,
                rs.getString("manifest_seller"), rs.getBytes("manifest_content"), rs.getBytes("manifest_signature"),
                rs.getString("manifest_signer"));
        return new Row(rs.getObject("id", UUID.class), rs.getString("message_type"),
                rs.getString("reference"), rs.getString("identifier"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("xml"), new ArchiveSeal(rs.getString("archive_sha256"), rs.getBytes("archive_signature"),
                rs.getString("archive_signer"), manifest));
    };

    private ArchiveAudit() {
    }

    /**
     * Checks the messages created at or after {@code from} (all when null), oldest first, and hands each one that is
     * not intact to {@code problems} as it is found.
     */
    public static Summary run(JdbcClient jdbc, OffsetDateTime from, int pageSize, Consumer<Finding> problems) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1: " + pageSize);
        }
        long intactSigned = 0, intactHashOnly = 0, unsealed = 0, altered = 0;
        Row last = null;
        while (true) {
            List<Row> page = page(jdbc, from, last, pageSize);
            for (Row row : page) {
                // the seal covers the UTF-8 bytes the hub wrote; PostgreSQL text gives the same characters back
                MessageArchive.Check check = MessageArchive.check(row.xml().getBytes(StandardCharsets.UTF_8), row.seal());
                switch (check.verdict()) {
                    case INTACT -> {
                        if (check.signed()) {
                            intactSigned++;
                        } else {
                            intactHashOnly++;
                        }
                    }
                    case UNSEALED -> unsealed++;
                    case ALTERED -> altered++;
                }
                if (!check.intact()) {
                    problems.accept(new Finding(row.id(), row.messageType(), row.reference(), row.identifier(),
                            row.createdAt(), check));
                }
            }
            if (page.size() < pageSize) {
                return new Summary(intactSigned + intactHashOnly + unsealed + altered, intactSigned, intactHashOnly,
                        unsealed, altered);
            }
            last = page.get(page.size() - 1);
        }
    }

    private static List<Row> page(JdbcClient jdbc, OffsetDateTime from, Row after, int size) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            sql.append(" AND m.created_at >= ?");
            params.add(from);
        }
        if (after != null) {
            sql.append(" AND (m.created_at, m.id) > (?, ?)");
            params.add(after.createdAt());
            params.add(after.id());
        }
        sql.append(" ORDER BY m.created_at, m.id LIMIT ?");
        params.add(size);
        return jdbc.sql(sql.toString()).params(params).query(ROW).list();
    }
}
