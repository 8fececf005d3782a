package tw.einvoice.hub.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The ledger. PostgreSQL is the source of truth: every status change is an UPDATE guarded by the
 * expected previous status plus a history row in the same transaction, so a redelivered message
 * changes nothing twice.
 */
@Repository
public class InvoiceStore {

    private static final String COLUMNS = """
            id, connector, source_ref, seller_id, branch_id, invoice_number, random_code, status,
            platform_code, platform_message, document::text AS document, created_at, updated_at, confirmed_by""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    InvoiceStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** The result of {@link #receive}: the stored invoice and whether this call created it. */
    public record Received(StoredInvoice invoice, boolean created) {
    }

    /**
     * Stores a validated invoice as RECEIVED, or returns the one already made from the same
     * (connector, sourceRef): the pair is the idempotency key, enforced by a unique constraint so
     * that two concurrent deliveries still make one invoice.
     */
    @Transactional
    public Received receive(CanonicalInvoice invoice, String actor, String reason, JsonNode detail) {
        UUID id = UUID.randomUUID();
        // invoice and its first history row in one round trip: intake stores thousands of invoices a minute.
        // created_at is the arrival order the issue stage numbers by: clock_timestamp(), because now() is one value
        // for every invoice of a delivery stored in one transaction, and equal times come back in any order
        var made = jdbc.sql("""
                        WITH made AS (
                            INSERT INTO invoice (id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number,
                                random_code, issued_at, buyer_id, total_amount, status, document, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?::jsonb, clock_timestamp())
                            ON CONFLICT (connector, source_ref) DO NOTHING
                            RETURNING id, created_at, updated_at),
                        history AS (
                            INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason, detail)
                            SELECT id, NULL, 'RECEIVED', ?, ?, ?::jsonb FROM made)
                        SELECT created_at, updated_at FROM made""")
                .params(id, invoice.getConnector(), invoice.getSourceRef(), invoice.getSellerId(), invoice.getBranchId(),
                        invoice.getInvoiceType(), invoice.getInvoiceNumber(), invoice.getRandomCode(), invoice.getIssuedAt(),
                        invoice.getBuyer() == null ? null : invoice.getBuyer().id(), invoice.getTotalAmount(),
                        InvoiceJson.toTree(invoice).toString(), actor, reason, detail == null ? null : detail.toString())
                .query((rs, n) -> new StoredInvoice(id, invoice.getConnector(), invoice.getSourceRef(), invoice.getSellerId(),
                        invoice.getBranchId(), invoice.getInvoiceNumber(), invoice.getRandomCode(), InvoiceStatus.RECEIVED,
                        null, null, invoice, rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class),
                        null))
                .optional();
        return made.map(stored -> new Received(stored, true))
                .orElseGet(() -> new Received(findBySource(invoice.getConnector(), invoice.getSourceRef()).orElseThrow(), false));
    }

    /**
     * {@link #receive} for a whole delivery in two statements instead of one per invoice: the new invoices and their
     * first history rows in one, then the ones already made from the same keys (a repeat in the delivery itself
     * included, which the first of them made). In the order given; created_at in that order too, as the issue stage
     * numbers by it. Must run in the caller's transaction.
     */
    public List<Received> receiveAll(List<CanonicalInvoice> batch, String actor, String reason) {
        int n = batch.size();
        if (n == 0) {
            return List.of();
        }
        UUID[] ids = new UUID[n];
        String[][] text = new String[12][n];
        for (int i = 0; i < n; i++) {
            CanonicalInvoice invoice = batch.get(i);
            ids[i] = UUID.randomUUID();
            String[] row = {ids[i].toString(), invoice.getConnector(), invoice.getSourceRef(), invoice.getSellerId(),
                    invoice.getBranchId(), invoice.getInvoiceType(), invoice.getInvoiceNumber(), invoice.getRandomCode(),
                    invoice.getBuyer() == null ? null : invoice.getBuyer().id(), InvoiceJson.toTree(invoice).toString(),
                    invoice.getIssuedAt() == null ? null : invoice.getIssuedAt().toString(),
                    invoice.getTotalAmount() == null ? null : invoice.getTotalAmount().toPlainString()};
            for (int c = 0; c < row.length; c++) {
                text[c][i] = row[c];
            }
        }
        Map<UUID, OffsetDateTime[]> made = new HashMap<>();
        // clock_timestamp() per row, after the ORDER BY: arrival order is the order given (see receive)
        jdbc.sql("""
                        WITH batch AS (
                            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::jsonb[], ?::timestamptz[], ?::numeric[]) WITH ORDINALITY
                                AS b(id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number,
                                     random_code, buyer_id, document, issued_at, total_amount, n)),
                        made AS (
                            INSERT INTO invoice (id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number,
                                random_code, issued_at, buyer_id, total_amount, status, document, created_at)
                            SELECT id, connector, source_ref, seller_id, branch_id, invoice_type, invoice_number, random_code,
                                issued_at, buyer_id, total_amount, 'RECEIVED', document, clock_timestamp()
                            FROM batch ORDER BY n
                            ON CONFLICT (connector, source_ref) DO NOTHING
                            RETURNING id, created_at, updated_at),
                        history AS (
                            INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason)
                            SELECT b.id, NULL, 'RECEIVED', ?, ? FROM batch b JOIN made USING (id) ORDER BY b.n)
                        SELECT id, created_at, updated_at FROM made""")
                .params((Object[]) text).param(actor).param(reason)
                .query((rs, row) -> made.put(rs.getObject(1, UUID.class), new OffsetDateTime[]{
                        rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class)}))
                .list();
        Map<String, Set<String>> repeated = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (!made.containsKey(ids[i])) {
                repeated.computeIfAbsent(batch.get(i).getConnector(), c -> new java.util.HashSet<>()).add(batch.get(i).getSourceRef());
            }
        }
        Map<String, Map<String, StoredInvoice>> earlier = new HashMap<>();
        repeated.forEach((connector, refs) -> earlier.put(connector, findBySources(connector, refs)));
        List<Received> received = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CanonicalInvoice invoice = batch.get(i);
            OffsetDateTime[] stamps = made.get(ids[i]);
            if (stamps != null) {
                received.add(new Received(new StoredInvoice(ids[i], invoice.getConnector(), invoice.getSourceRef(),
                        invoice.getSellerId(), invoice.getBranchId(), invoice.getInvoiceNumber(), invoice.getRandomCode(),
                        InvoiceStatus.RECEIVED, null, null, invoice, stamps[0], stamps[1], null), true));
            } else {
                StoredInvoice first = earlier.get(invoice.getConnector()).get(invoice.getSourceRef());
                if (first == null) {
                    throw new IllegalStateException("invoice " + invoice.getConnector() + "/" + invoice.getSourceRef()
                            + " was neither stored nor found");
                }
                received.add(new Received(first, false));
            }
        }
        return received;
    }

    /**
     * Moves an invoice from {@code from} to {@code to}; false when it is no longer in {@code from}
     * (someone else moved it first), in which case nothing is written.
     */
    @Transactional
    public boolean transition(UUID id, InvoiceStatus from, InvoiceStatus to, String actor, String reason, JsonNode detail) {
        if (!to.allowedFrom().contains(from)) {
            throw new IllegalArgumentException("no transition " + from + " -> " + to);
        }
        int updated = jdbc.sql("UPDATE invoice SET status = ?, updated_at = now() WHERE id = ? AND status = ?")
                .params(to.name(), id, from.name()).update();
        if (updated == 1) {
            appendHistory(id, from, to, actor, reason, detail);
            published(id, from, to, reason);
        }
        return updated == 1;
    }

    /** One invoice of a batched status change, and the reason its history row gives. */
    public record Move(UUID invoiceId, String reason) {
    }

    /**
     * Moves each invoice named that is in one of {@code from} to {@code to}, with its history row and event, as
     * {@link #transition} would one by one, in two statements for the whole batch instead of five per invoice. The
     * history rows are written in the order given; returns the ids moved, in that order (the others were elsewhere and
     * are left alone). Must run in the caller's transaction: the events' listeners (callback outbox) write in it.
     */
    public List<UUID> transitionAll(List<Move> moves, Set<InvoiceStatus> from, InvoiceStatus to, String actor) {
        Set<InvoiceStatus> allowed = EnumSet.copyOf(from);
        allowed.retainAll(to.allowedFrom());
        if (moves.isEmpty() || allowed.isEmpty()) {
            return List.of();
        }
        Map<UUID, Moved> moved = new HashMap<>();
        // the previous status comes from a locked read in the same statement: RETURNING only sees the new row
        jdbc.sql("""
                        UPDATE invoice i SET status = ?, updated_at = now()
                        FROM (SELECT id, status FROM invoice WHERE id = ANY(?::uuid[]) AND status = ANY(?::text[])
                              ORDER BY id FOR UPDATE) o
                        WHERE i.id = o.id
                        RETURNING i.id, o.status, i.connector, i.source_ref, i.seller_id, i.invoice_number, i.random_code,
                            i.platform_code, i.platform_message""")
                .params(to.name(), moves.stream().map(m -> m.invoiceId().toString()).toArray(String[]::new),
                        allowed.stream().map(Enum::name).toArray(String[]::new))
                .query(MOVED).list()
                .forEach(m -> moved.put(m.id(), m));
        return recordMoves(moves, moved, to, actor);
    }

    /**
     * The platform confirmed these invoices' F0401s: each is CONFIRMED with its history row and event, its platform
     * result cleared and {@code confirmedBy} noted, as {@link #notePlatformResult}, {@link #noteConfirmedBy} and
     * {@link #transition} would one by one, in two statements for the whole batch instead of seven per invoice. An
     * invoice CONFIRMED may not follow (e.g. VOIDED meanwhile) gets the notes and no move. History rows in the order
     * given; returns the ids moved, in that order. Must run in the caller's transaction.
     */
    public List<UUID> confirmAll(List<Move> moves, String confirmedBy, String actor) {
        if (moves.isEmpty()) {
            return List.of();
        }
        String[] allowed = InvoiceStatus.CONFIRMED.allowedFrom().stream().map(Enum::name).toArray(String[]::new);
        Map<UUID, Moved> moved = new HashMap<>();
        jdbc.sql("""
                        UPDATE invoice i SET platform_code = NULL, platform_message = NULL, confirmed_by = ?,
                            status = CASE WHEN o.status = ANY(?::text[]) THEN 'CONFIRMED' ELSE o.status END, updated_at = now()
                        FROM (SELECT id, status FROM invoice WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE) o
                        WHERE i.id = o.id
                        RETURNING i.id, o.status, i.connector, i.source_ref, i.seller_id, i.invoice_number, i.random_code,
                            i.platform_code, i.platform_message""")
                .params(confirmedBy, allowed, moves.stream().map(m -> m.invoiceId().toString()).toArray(String[]::new))
                .query(MOVED).list().stream()
                .filter(m -> InvoiceStatus.CONFIRMED.allowedFrom().contains(m.from()))
                .forEach(m -> moved.put(m.id(), m));
        return recordMoves(moves, moved, InvoiceStatus.CONFIRMED, actor);
    }

    /** An invoice a batched UPDATE moved, as it returned it: no read-back for the event. */
    private record Moved(UUID id, InvoiceStatus from, String connector, String sourceRef, String sellerId, String number,
                         String randomCode, String platformCode, String platformMessage) {
    }

    private static final RowMapper<Moved> MOVED = (rs, n) -> new Moved(rs.getObject(1, UUID.class),
            InvoiceStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getString(8), rs.getString(9));

    /** The history rows of a batch's moves in one statement, in the order of {@code moves}, then their events. */
    private List<UUID> recordMoves(List<Move> moves, Map<UUID, Moved> moved, InvoiceStatus to, String actor) {
        List<Move> inOrder = new java.util.ArrayList<>();
        Set<UUID> seen = new java.util.HashSet<>();
        for (Move m : moves) {
            if (moved.containsKey(m.invoiceId()) && seen.add(m.invoiceId())) {
                inOrder.add(m);
            }
        }
        if (inOrder.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                        INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason)
                        SELECT m.id, m.from_status, ?, ?, m.reason
                        FROM unnest(?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY AS m(id, from_status, reason, n)
                        ORDER BY m.n""")
                .params(to.name(), actor, inOrder.stream().map(m -> m.invoiceId().toString()).toArray(String[]::new),
                        inOrder.stream().map(m -> moved.get(m.invoiceId()).from().name()).toArray(String[]::new),
                        inOrder.stream().map(Move::reason).toArray(String[]::new))
                .update();
        for (Move m : inOrder) {
            Moved i = moved.get(m.invoiceId());
            events.publishEvent(new InvoiceStatusChanged(i.id(), i.connector(), i.sourceRef(), i.sellerId(), i.number(),
                    i.randomCode(), i.from(), to, i.platformCode(), i.platformMessage(), m.reason()));
        }
        return inOrder.stream().map(Move::invoiceId).toList();
    }

    /**
     * Locks RECEIVED invoices for issuing: the one named and, to batch the work, up to {@code limit - 1}
     * others waiting of the same seller, branch and type (self-numbered invoices go alone). Peers other
     * workers hold are skipped, not waited for. Must run in the caller's transaction.
     */
    public List<StoredInvoice> claimForIssue(UUID trigger, int limit) {
        // The trigger waits for its lock instead of skipping it: the row is briefly locked right after the
        // hand-over (intake marking it enqueued), and a skip then would consume its only queue message and
        // leave it RECEIVED for good. One waiting lock, taken before any other, cannot deadlock.
        List<StoredInvoice> claimed = new java.util.ArrayList<>(jdbc.sql("SELECT " + COLUMNS
                        + " FROM invoice WHERE id = ? AND status = 'RECEIVED' FOR UPDATE")
                .param(trigger).query(ROW).list());
        if (claimed.isEmpty() || claimed.get(0).invoiceNumber() != null || limit <= 1) {
            return claimed;
        }
        StoredInvoice first = claimed.get(0);
        claimed.addAll(jdbc.sql("SELECT " + COLUMNS + """
                         FROM invoice
                        WHERE status = 'RECEIVED' AND invoice_number IS NULL AND seller_id = ? AND branch_id = ?
                          AND invoice_type = ? AND id <> ?
                        ORDER BY created_at
                        LIMIT ?
                        FOR UPDATE SKIP LOCKED""")
                .params(first.sellerId(), first.branchId(), first.document().getInvoiceType(), trigger, limit - 1)
                .query(ROW).list());
        return claimed;
    }

    /** RECEIVED → ISSUED with the number, random code and issue time written onto the invoice. */
    public boolean markIssued(UUID id, CanonicalInvoice issued, String actor, String reason) {
        int updated = jdbc.sql("""
                        UPDATE invoice SET status = 'ISSUED', invoice_number = ?, random_code = ?, issued_at = ?,
                            document = ?::jsonb, blocked_reason = NULL, updated_at = now()
                        WHERE id = ? AND status = 'RECEIVED'""")
                .params(issued.getInvoiceNumber(), issued.getRandomCode(), issued.getIssuedAt(),
                        InvoiceJson.toTree(issued).toString(), id)
                .update();
        if (updated == 1) {
            appendHistory(id, InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED, actor, reason,
                    InvoiceJson.mapper().createObjectNode().put("invoiceNumber", issued.getInvoiceNumber()));
            published(id, InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED, reason);
        }
        return updated == 1;
    }

    /**
     * One invoice of an issue batch: as claimed, and as issued (number, random code, issue time, seller details).
     */
    public record Issued(StoredInvoice claimed, CanonicalInvoice document, String reason) {
    }

    /**
     * RECEIVED → ISSUED for a whole issue batch: one statement for the status changes and their history rows, and
     * the change events made from what the caller holds (the claimed rows are locked, so nothing else changed them).
     * Returns how many were RECEIVED and are now ISSUED.
     */
    public int markIssued(List<Issued> batch, String actor) {
        if (batch.isEmpty()) {
            return 0;
        }
        int n = batch.size();
        String[] ids = new String[n], numbers = new String[n], codes = new String[n], times = new String[n],
                patches = new String[n], reasons = new String[n], details = new String[n];
        ObjectMapper json = InvoiceJson.mapper();
        for (int i = 0; i < n; i++) {
            Issued issued = batch.get(i);
            CanonicalInvoice doc = issued.document();
            ids[i] = issued.claimed().id().toString();
            numbers[i] = doc.getInvoiceNumber();
            codes[i] = doc.getRandomCode();
            times[i] = doc.getIssuedAt() == null ? null : doc.getIssuedAt().toString();
            // Only these four differ from the document intake stored (the issuer sets the number, random code and
            // time, and the seller's registered name and address where it gave none): merging them into the stored
            // jsonb spares writing out and parsing the whole document again.
            ObjectNode patch = json.createObjectNode();
            patch.set("issuedAt", json.valueToTree(doc.getIssuedAt()));
            patch.put("invoiceNumber", doc.getInvoiceNumber());
            patch.put("randomCode", doc.getRandomCode());
            patch.set("seller", json.valueToTree(doc.getSeller()));
            patches[i] = patch.toString();
            reasons[i] = issued.reason();
            details[i] = json.createObjectNode().put("invoiceNumber", doc.getInvoiceNumber()).toString();
        }
        List<UUID> done = jdbc.sql("""
                        WITH batch AS (
                            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[], ?::text[],
                                ?::jsonb[]) AS b(id, invoice_number, random_code, issued_at, patch, reason, detail)),
                        issued AS (
                            UPDATE invoice i SET status = 'ISSUED', invoice_number = b.invoice_number,
                                random_code = b.random_code, issued_at = b.issued_at, document = i.document || b.patch,
                                blocked_reason = NULL, updated_at = now()
                            FROM batch b WHERE i.id = b.id AND i.status = 'RECEIVED'
                            RETURNING i.id),
                        history AS (
                            INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason, detail)
                            SELECT b.id, 'RECEIVED', 'ISSUED', ?, b.reason, b.detail
                            FROM batch b JOIN issued USING (id))
                        SELECT id FROM issued""")
                .params(ids, numbers, codes, times, patches, reasons, details, actor)
                .query(UUID.class).list();
        java.util.Set<UUID> changed = java.util.Set.copyOf(done);
        for (Issued issued : batch) {
            StoredInvoice i = issued.claimed();
            if (changed.contains(i.id())) {
                events.publishEvent(new InvoiceStatusChanged(i.id(), i.connector(), i.sourceRef(), i.sellerId(),
                        issued.document().getInvoiceNumber(), issued.document().getRandomCode(), InvoiceStatus.RECEIVED,
                        InvoiceStatus.ISSUED, i.platformCode(), i.platformMessage(), issued.reason(), i.createdAt()));
            }
        }
        return done.size();
    }

    /**
     * VOIDED or REJECTED → ISSUED under the same number with the corrected document: the re-issue after
     * 註銷, or the resend of a corrected invoice the platform refused.
     */
    public boolean reissue(UUID id, InvoiceStatus from, CanonicalInvoice corrected, String actor, String reason) {
        int updated = jdbc.sql("""
                        UPDATE invoice SET status = 'ISSUED', document = ?::jsonb, platform_code = NULL,
                            platform_message = NULL, confirmed_by = NULL, updated_at = now()
                        WHERE id = ? AND status = ?""")
                .params(InvoiceJson.toTree(corrected).toString(), id, from.name()).update();
        if (updated == 1) {
            appendHistory(id, from, InvoiceStatus.ISSUED, actor, reason, null);
            published(id, from, InvoiceStatus.ISSUED, reason);
        }
        return updated == 1;
    }

    /** An audit line that changes no status (e.g. "cancel requested"). */
    public void note(UUID id, String actor, String reason) {
        jdbc.sql("""
                        INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason)
                        SELECT id, status, status, ?, ? FROM invoice WHERE id = ?""")
                .params(actor, reason, id).update();
    }

    /**
     * Notes why an invoice cannot go on yet; with {@code retry} it goes back to the sweeper, which
     * offers it to the issue stage again later (e.g. once HQ adds a range).
     */
    public void block(Collection<UUID> ids, String reason, boolean retry) {
        if (!ids.isEmpty()) {
            jdbc.sql("""
                            UPDATE invoice SET blocked_reason = ?, enqueued_at = CASE WHEN ? THEN NULL ELSE enqueued_at END,
                                updated_at = now()
                            WHERE id = ANY(?::uuid[]) AND status = 'RECEIVED'""")
                    .params(reason, retry, ids.stream().map(UUID::toString).toArray(String[]::new)).update();
        }
    }

    /** The platform's answer to the invoice's last message, shown by the query API. */
    public void notePlatformResult(UUID id, String code, String message) {
        jdbc.sql("UPDATE invoice SET platform_code = ?, platform_message = ?, updated_at = now() WHERE id = ?")
                .params(code, message, id).update();
    }

    /** Who confirmed the invoice's F0401 ({@code platform} or {@code simulator}), shown by the query API. */
    public void noteConfirmedBy(UUID id, String confirmedBy) {
        jdbc.sql("UPDATE invoice SET confirmed_by = ?, updated_at = now() WHERE id = ?").params(confirmedBy, id).update();
    }

    public Optional<String> blockedReason(UUID id) {
        return jdbc.sql("SELECT blocked_reason FROM invoice WHERE id = ?").param(id).query(String.class).optional();
    }

    public Optional<StoredInvoice> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE id = ?").param(id).query(ROW).optional();
    }

    /** The invoices already made from these source references of one connector, by sourceRef. */
    public Map<String, StoredInvoice> findBySources(String connector, Collection<String> sourceRefs) {
        if (sourceRefs.isEmpty()) {
            return Map.of();
        }
        Map<String, StoredInvoice> found = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE connector = ? AND source_ref = ANY(?)")
                .params(connector, sourceRefs.toArray(String[]::new)).query(ROW).list()
                .forEach(i -> found.put(i.sourceRef(), i));
        return found;
    }

    public Optional<StoredInvoice> findBySource(String connector, String sourceRef) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE connector = ? AND source_ref = ?")
                .params(connector, sourceRef).query(ROW).optional();
    }

    /** Invoice numbers are unique per seller; the caller names the sellers it may see. */
    public Optional<StoredInvoice> findByNumber(String invoiceNumber, Collection<String> sellerIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE invoice_number = ? AND seller_id = ANY(?) LIMIT 1")
                .params(invoiceNumber, sellerIds.toArray(String[]::new)).query(ROW).optional();
    }

    public List<HistoryEntry> history(UUID invoiceId) {
        return jdbc.sql("""
                        SELECT from_status, to_status, actor, reason, detail::text, at
                        FROM invoice_history WHERE invoice_id = ? ORDER BY id""")
                .param(invoiceId)
                .query((rs, n) -> new HistoryEntry(
                        rs.getString(1) == null ? null : InvoiceStatus.valueOf(rs.getString(1)),
                        InvoiceStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        InvoiceJson.tree(rs.getString(5)), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    /** Marks invoices as handed to the issue queue, so the sweeper knows which were not. */
    public void markEnqueued(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE invoice SET enqueued_at = now() WHERE id = ANY(?::uuid[])")
                    .param(ids.stream().map(UUID::toString).toArray(String[]::new)).update();
        }
    }

    /** RECEIVED invoices that were committed but never reached the issue queue (a crash in between). */
    public List<UUID> receivedNotEnqueued(OffsetDateTime createdBefore, int limit) {
        return jdbc.sql("""
                        SELECT id FROM invoice WHERE status = 'RECEIVED' AND enqueued_at IS NULL AND created_at < ?
                        ORDER BY created_at LIMIT ?""")
                .params(createdBefore, limit).query(UUID.class).list();
    }

    /**
     * Tells listeners (result callbacks) about a change just written. Read back in the caller's transaction so
     * the event carries the number and platform result as they are now; the listeners run before the commit.
     */
    private void published(UUID id, InvoiceStatus from, InvoiceStatus to, String reason) {
        findById(id).ifPresent(i -> events.publishEvent(new InvoiceStatusChanged(id, i.connector(), i.sourceRef(),
                i.sellerId(), i.invoiceNumber(), i.randomCode(), from, to, i.platformCode(), i.platformMessage(), reason)));
    }

    private void appendHistory(UUID id, InvoiceStatus from, InvoiceStatus to, String actor, String reason, JsonNode detail) {
        jdbc.sql("""
                        INSERT INTO invoice_history (invoice_id, from_status, to_status, actor, reason, detail)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(id, from == null ? null : from.name(), to.name(), actor, reason, detail == null ? null : detail.toString())
                .update();
    }


    private static final RowMapper<StoredInvoice> ROW = (rs, n) -> new StoredInvoice(
            rs.getObject("id", UUID.class), rs.getString("connector"), rs.getString("source_ref"),
            rs.getString("seller_id"), rs.getString("branch_id"), rs.getString("invoice_number"),
            rs.getString("random_code"), InvoiceStatus.valueOf(rs.getString("status")),
            rs.getString("platform_code"), rs.getString("platform_message"),
            InvoiceJson.read(rs.getString("document")),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
            rs.getString("confirmed_by"));
}
