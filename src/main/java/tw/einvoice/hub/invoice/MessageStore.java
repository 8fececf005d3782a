package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The MIG messages of the ledger; status changes are guarded by the expected previous status. */
@Repository
public class MessageStore {

    private static final String COLUMNS = """
            id, invoice_id, message_type, seller_id, reference, message_date, identifier, file_name, xml, status,
            turnkey_status, error_code, error_message, created_at, sent_at, result_at, archive_sha256,
            archive_signature, archive_signer, confirmed_by""";

    private static final String WITHOUT_XML = COLUMNS.replace(" xml,", " NULL AS xml,");

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a rendered message with its archive seal; call inside the transaction that changes the invoice. */
    public InvoiceMessage add(OutboundMessage m, ArchiveSeal seal) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO invoice_message (id, invoice_id, message_type, seller_id, reference, message_date,
                            identifier, file_name, xml, status, archive_sha256, archive_signature, archive_signer)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RENDERED', ?, ?, ?)""")
                .params(id, m.invoiceId(), m.messageType(), m.sellerId(), m.reference(), m.messageDate(),
                        m.identifier(), m.fileName(), m.xml(), seal.sha256(), seal.signature(), seal.signer())
                .update();
        return find(id).orElseThrow();
    }

    /**
     * Stores an issue batch's messages with their seals in one statement (and each manifest their seals name once);
     * call inside the transaction that changes the invoices. Returns the new messages' ids in the batch's order.
     */
    public List<UUID> addAll(List<OutboundMessage> batch, List<ArchiveSeal> seals) {
        if (batch.size() != seals.size()) {
            throw new IllegalArgumentException(batch.size() + " messages but " + seals.size() + " seals");
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<UUID, ArchiveSeal.Manifest> manifests = new LinkedHashMap<>();
        seals.stream().map(ArchiveSeal::manifest).filter(Objects::nonNull).forEach(m -> manifests.putIfAbsent(m.id(), m));
        manifests.values().forEach(m -> jdbc.sql("""
                        INSERT INTO archive_manifest (id, seller_id, content, signature, signer) VALUES (?, ?, ?, ?, ?)""")
                .params(m.id(), m.sellerId(), m.content(), m.signature(), m.signer()).update());
        int n = batch.size();
        String[][] columns = new String[13][n];
        List<UUID> ids = new ArrayList<>(n);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            OutboundMessage m = batch.get(i);
            ArchiveSeal seal = seals.get(i);
            UUID id = UUID.randomUUID();
            ids.add(id);
            String[] row = {id.toString(), m.invoiceId() == null ? null : m.invoiceId().toString(), m.messageType(),
                    m.sellerId(), m.reference(), m.messageDate(), m.identifier(), m.fileName(), m.xml(), seal.sha256(),
                    seal.signature() == null ? null : hex.formatHex(seal.signature()), seal.signer(),
                    seal.manifest() == null ? null : seal.manifest().id().toString()};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        // arrays of text, one per column, unnested into rows: one round trip whatever the batch's size
        jdbc.sql("""
                        INSERT INTO invoice_message (id, invoice_id, message_type, seller_id, reference, message_date,
                            identifier, file_name, xml, status, archive_sha256, archive_signature, archive_signer,
                            archive_manifest_id)
                        SELECT id::uuid, invoice_id::uuid, message_type, seller_id, reference, message_date, identifier,
                            file_name, xml, 'RENDERED', archive_sha256, decode(archive_signature, 'hex'), archive_signer,
                            archive_manifest_id::uuid
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            AS m(id, invoice_id, message_type, seller_id, reference, message_date, identifier, file_name,
                                 xml, archive_sha256, archive_signature, archive_signer, archive_manifest_id)""")
                .params((Object[]) columns).update();
        return ids;
    }

    /**
     * Messages of one type filed under {@code identifier} for {@code messageDate}, newest first. Turnkey reuses some
     * identifiers (E0402's names no period), so the date tells the periods apart.
     */
    public List<InvoiceMessage> filedAs(String messageType, String identifier, String messageDate) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM invoice_message WHERE message_type = ? AND identifier = ? AND message_date = ?
                        ORDER BY created_at DESC""")
                .params(messageType, identifier, messageDate).query(ROW).list();
    }

    public Optional<InvoiceMessage> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoice_message WHERE id = ?").param(id).query(ROW).optional();
    }

    /** The invoice's messages, oldest first, each with its full seal (the manifest it names included). */
    public List<InvoiceMessage> forInvoice(UUID invoiceId) {
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(\\w+)", "m.$1") + ", " + SEAL_COLUMNS
                        + " FROM invoice_message m LEFT JOIN archive_manifest a ON a.id = m.archive_manifest_id"
                        + " WHERE m.invoice_id = ? ORDER BY m.created_at")
                .param(invoiceId).query((rs, n) -> {
                    InvoiceMessage m = ROW.mapRow(rs, n);
                    return new InvoiceMessage(m.id(), m.invoiceId(), m.messageType(), m.sellerId(), m.reference(),
                            m.messageDate(), m.identifier(), m.fileName(), m.xml(), m.status(), m.turnkeyStatus(),
                            m.errorCode(), m.errorMessage(), m.createdAt(), m.sentAt(), m.resultAt(), SEAL.mapRow(rs, n),
                            m.confirmedBy());
                }).list();
    }

    private static final String SEAL_COLUMNS = """
            m.archive_sha256 AS seal_sha256, m.archive_signature AS seal_signature, m.archive_signer AS seal_signer,
            a.id AS manifest_id, a.seller_id AS manifest_seller, a.content AS manifest_content,
            a.signature AS manifest_signature, a.signer AS manifest_signer, m.archive_manifest_id AS seal_manifest_id""";

    /** A seal read with {@link #SEAL_COLUMNS}; one that names a manifest no row holds keeps the id, to say so. */
    public static final RowMapper<ArchiveSeal> SEAL = (rs, n) -> {
        UUID named = rs.getObject("seal_manifest_id", UUID.class);
        ArchiveSeal.Manifest manifest = named == null ? null : new ArchiveSeal.Manifest(named,
                rs.getString("manifest_seller"), rs.getBytes("manifest_content"), rs.getBytes("manifest_signature"),
                rs.getString("manifest_signer"));
        return new ArchiveSeal(rs.getString("seal_sha256"), rs.getBytes("seal_signature"), rs.getString("seal_signer"),
                manifest);
    };

    /**
     * Notes that the hand-over of these RENDERED messages begins, in its own commit before any file is written; returns
     * those whose hand-over begins now. The others had begun in a delivery that never finished (the hub stopped): their
     * file may already be with Turnkey.
     */
    public Set<UUID> beginHandover(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        UPDATE invoice_message SET handover_started_at = now()
                        WHERE id = ANY(?::uuid[]) AND status = 'RENDERED' AND handover_started_at IS NULL
                        RETURNING id""")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new)).query(UUID.class).list());
    }

    /** A message being handed over, and when its hand-over began (null if it never was). */
    public record Handover(InvoiceMessage message, OffsetDateTime startedAt) {
    }

    /**
     * Locks a message still RENDERED until the caller's transaction ends, so that two deliveries of it (a sweeper's
     * and the original) hand it over one after the other; empty when it is no longer RENDERED.
     */
    public Optional<Handover> lockForHandover(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", handover_started_at FROM invoice_message WHERE id = ? AND status = 'RENDERED'"
                        + " FOR UPDATE")
                .param(id)
                .query((rs, n) -> new Handover(ROW.mapRow(rs, n), rs.getObject("handover_started_at", OffsetDateTime.class)))
                .optional();
    }

    /**
     * Locks the named messages still RENDERED until the caller's transaction ends, in id order (two deliveries sharing
     * ids then wait for each other instead of deadlocking); {@link #lockForHandover} for a whole queue message.
     */
    public List<Handover> lockAllForHandover(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + ", handover_started_at FROM invoice_message"
                        + " WHERE id = ANY(?::uuid[]) AND status = 'RENDERED' ORDER BY id FOR UPDATE")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> new Handover(ROW.mapRow(rs, n), rs.getObject("handover_started_at", OffsetDateTime.class)))
                .list();
    }

    /** {@link #markSent} for many in one statement; returns the ids that were still RENDERED. */
    public Set<UUID> markAllSent(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        UPDATE invoice_message SET status = 'SENT', sent_at = coalesce(handover_started_at, now())
                        WHERE id = ANY(?::uuid[]) AND status = 'RENDERED'
                        RETURNING id""")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new)).query(UUID.class).list());
    }

    /** RENDERED → SENT, sent at the moment the hand-over began (Turnkey's rows from then on answer it). */
    public boolean markSent(UUID id) {
        return jdbc.sql("""
                        UPDATE invoice_message SET status = 'SENT', sent_at = coalesce(handover_started_at, now())
                        WHERE id = ? AND status = 'RENDERED'""")
                .param(id).update() == 1;
    }

    /** Records the platform's answer; false when the message was not waiting for one. */
    public boolean markResult(UUID id, InvoiceMessage.Status result, String turnkeyStatus, String code, String message) {
        return markResult(id, result, turnkeyStatus, code, message, null);
    }

    /** Records the platform's answer and who gave it ({@code platform} or {@code simulator}). */
    public boolean markResult(UUID id, InvoiceMessage.Status result, String turnkeyStatus, String code, String message,
                              String confirmedBy) {
        return jdbc.sql("""
                        UPDATE invoice_message SET status = ?, turnkey_status = ?, error_code = ?, error_message = ?,
                            confirmed_by = ?, result_at = now()
                        WHERE id = ? AND status = 'SENT'""")
                .params(result.name(), turnkeyStatus, code, message, confirmedBy, id).update() == 1;
    }

    /**
     * Waits until no other transaction applies Turnkey's verdicts and keeps them out until this one ends. Each hub
     * node reads Turnkey's log and settles what it finds; two nodes settling the same messages at once locked their
     * rows in different orders (one confirming a batch, the other noting an interim status one by one) and
     * deadlocked, so verdicts are applied by one node at a time. The other node, let in after, finds those messages
     * settled and leaves them.
     */
    public void lockForVerdicts() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('invoice_message.verdicts'))").query((rs, n) -> n).list();
    }

    /**
     * Records the platform's confirmation of these SENT messages and who gave it, in one statement; returns the ids of
     * those that were waiting for it (the others were settled before and are left alone).
     */
    public Set<UUID> confirmAll(Collection<UUID> ids, String confirmedBy) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        UPDATE invoice_message SET status = 'CONFIRMED', turnkey_status = 'C', error_code = NULL,
                            error_message = NULL, confirmed_by = ?, result_at = now()
                        WHERE id = ANY(?::uuid[]) AND status = 'SENT'
                        RETURNING id""")
                .params(confirmedBy, ids.stream().map(UUID::toString).toArray(String[]::new)).query(UUID.class).list());
    }

    /** Notes Turnkey's in-flight status (P, G, I) without deciding anything. */
    public void noteTurnkeyStatus(UUID id, String turnkeyStatus) {
        jdbc.sql("UPDATE invoice_message SET turnkey_status = ? WHERE id = ? AND status = 'SENT'")
                .params(turnkeyStatus, id).update();
    }

    /**
     * Messages waiting for Turnkey's answer, in hand-over order, after the one sent at {@code sentAt} with {@code id}
     * (both null: from the first). Paging lets a poller reach every waiting message even when more are in flight than
     * it reads at once. Without the XML ({@code xml()} is null): a poller reads up to a thousand of these every few
     * hundred milliseconds and needs only their identifiers.
     */
    public List<InvoiceMessage> awaitingResult(OffsetDateTime sentAt, UUID id, int limit) {
        if (sentAt == null || id == null) {
            return jdbc.sql("SELECT " + WITHOUT_XML + " FROM invoice_message WHERE status = 'SENT' ORDER BY sent_at, id LIMIT ?")
                    .param(limit).query(ROW).list();
        }
        return jdbc.sql("SELECT " + WITHOUT_XML + """
                         FROM invoice_message WHERE status = 'SENT' AND (sent_at, id) > (?, ?)
                        ORDER BY sent_at, id LIMIT ?""")
                .params(sentAt, id, limit).query(ROW).list();
    }

    public void markEnqueued(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            // only a message still to hand over needs the mark (the sweeper's); one already SENT is the result
            // reader's, and rewriting it here took its row locks in another order than the reader (a deadlock)
            jdbc.sql("UPDATE invoice_message SET enqueued_at = now() WHERE id = ANY(?::uuid[]) AND status = 'RENDERED'")
                    .param(ids.stream().map(UUID::toString).toArray(String[]::new)).update();
        }
    }

    /**
     * Rendered messages made before {@code before} whose hand-over no transmit delivery has begun, and which were not
     * queued since {@code before}: never queued (a crash between the commit and the send), or queued so long ago that
     * the queue message must be lost. The issue stage marks its messages queued in the ledger before its JMS
     * transaction, which holds the send, commits; a hub killed in between marked a send that never happened. A message
     * that is only still waiting behind a long queue is queued a second time, which does nothing twice.
     */
    public List<UUID> renderedNotHandedOver(OffsetDateTime before, int limit) {
        return jdbc.sql("""
                        SELECT id FROM invoice_message
                        WHERE status = 'RENDERED' AND handover_started_at IS NULL AND created_at < ?
                          AND (enqueued_at IS NULL OR enqueued_at < ?)
                        ORDER BY created_at LIMIT ?""")
                .params(before, before, limit).query(UUID.class).list();
    }

    private static final RowMapper<InvoiceMessage> ROW = (rs, n) -> new InvoiceMessage(
            rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class), rs.getString("message_type"),
            rs.getString("seller_id"), rs.getString("reference"), rs.getString("message_date"),
            rs.getString("identifier"), rs.getString("file_name"), rs.getString("xml"),
            InvoiceMessage.Status.valueOf(rs.getString("status")), rs.getString("turnkey_status"),
            rs.getString("error_code"), rs.getString("error_message"), rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("sent_at", OffsetDateTime.class), rs.getObject("result_at", OffsetDateTime.class),
            new ArchiveSeal(rs.getString("archive_sha256"), rs.getBytes("archive_signature"), rs.getString("archive_signer")),
            rs.getString("confirmed_by"));
}
