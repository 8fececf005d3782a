package tw.einvoice.hub.numbering;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.numbering.AllocationRefused.Reason;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.transmit.TurnkeyGateway;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * HQ → branch allocation (分支機構配號). Each change locks the HQ assignment it draws on, so two admins
 * allocating at once are served one after the other and the second sees the first's range; the exclusion
 * constraint on {@code number_range} backs this up at the database. Every change writes an audit row and an
 * E0401 in the same transaction; the E0401 goes to Turnkey after the commit. A range allocated as numbered by
 * {@link NumberedBy#SOURCE} is the branch's own (a POS prints its numbers): the allocator skips it and intake
 * accepts self-numbered invoices only inside one ({@link SelfNumbering}).
 */
@Service
public class Allocations {

    public record Allocation(long id, String sellerId, String branchId, String invoiceType, String period, String track,
                             int beginNo, int endNo, int nextNo, OffsetDateTime effectiveFrom, Long assignmentId,
                             String source, String createdBy, NumberedBy numberedBy) {
        public int used() {
            return nextNo - beginNo;
        }

        public int remaining() {
            return endNo - nextNo + 1;
        }
    }

    /** Who gives the range's numbers: the hub's allocator, or the source (a POS printing its own numbers). */
    public enum NumberedBy { HUB, SOURCE }

    /**
     * A range to allocate: by numbers ({@code beginNo}/{@code endNo}), or by {@code booklets} (the next free block).
     * {@code numberedBy} null means HUB.
     */
    public record Request(String sellerId, String branchId, String invoiceType, String period, String track,
                          Integer beginNo, Integer endNo, Integer booklets, OffsetDateTime effectiveFrom,
                          NumberedBy numberedBy) {

        public Request(String sellerId, String branchId, String invoiceType, String period, String track,
                       Integer beginNo, Integer endNo, Integer booklets, OffsetDateTime effectiveFrom) {
            this(sellerId, branchId, invoiceType, period, track, beginNo, endNo, booklets, effectiveFrom, NumberedBy.HUB);
        }
    }

    /** The allocation after the change and the E0401 queued for it (null when none was needed). */
    public record Changed(Allocation allocation, UUID messageId) {
    }

    private record Assigned(long id, int beginNo, int endNo) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SellerDirectory sellers;
    private final NumberingProperties settings;
    private final BranchMessages messages;
    private final TurnkeyGateway gateway;
    private final LowStockAlerts lowStock;
    private final Clock clock;

    Allocations(JdbcClient jdbc, TransactionTemplate tx, SellerDirectory sellers, NumberingProperties settings,
                BranchMessages messages, TurnkeyGateway gateway, LowStockAlerts lowStock, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.sellers = sellers;
        this.settings = settings;
        this.messages = messages;
        this.gateway = gateway;
        this.lowStock = lowStock;
        this.clock = clock;
    }

    public List<Allocation> list(List<String> sellerIds, String period) {
        return jdbc.sql(SELECT + " WHERE seller_id = ANY(?) AND (CAST(? AS varchar) IS NULL OR period = ?) ORDER BY period, seller_id, branch_id, track, begin_no")
                .params(sellerIds.toArray(String[]::new), period, period).query(this::row).list();
    }

    public Optional<Allocation> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::row).optional();
    }

    public Changed allocate(Request r, String actor) {
        Changed changed = refusingOverlaps(() -> tx.execute(s -> {
            checkBranch(r.sellerId(), r.branchId());
            checkFormat(r.invoiceType(), r.period(), r.track());
            checkOpen(r.period(), r.effectiveFrom());
            if (r.beginNo() != null || r.endNo() != null) {
                if (r.beginNo() == null || r.endNo() == null || r.beginNo() > r.endNo() || r.beginNo() < 0 || r.endNo() > 99_999_999) {
                    throw new AllocationRefused(Reason.NUMBER_FORMAT, "give beginNo ≤ endNo (0–99999999), or booklets");
                }
                checkBooklets(r.beginNo(), r.endNo(), settings.bookletSize());
                Assigned a = lockAssignment(r.sellerId(), r.invoiceType(), r.period(), r.track(), r.beginNo(), r.endNo());
                return insert(r, a, r.beginNo(), r.endNo(), actor);
            }
            if (r.booklets() == null || r.booklets() <= 0) {
                throw new AllocationRefused(Reason.NUMBER_FORMAT, "give beginNo and endNo, or a positive number of booklets");
            }
            return nextFreeBlock(r, actor);
        }));
        return afterCommit(changed);
    }

    /** Adds {@code booklets} booklets right after the allocation's end, inside the same HQ assignment. */
    public Changed extend(long id, int booklets, String actor) {
        if (booklets <= 0) {
            throw new AllocationRefused(Reason.NUMBER_FORMAT, "extend by a positive number of booklets");
        }
        Changed changed = refusingOverlaps(() -> tx.execute(s -> {
            Allocation before = lockAllocation(id);
            checkOpen(before.period(), null);
            Assigned a = lockAssignmentById(before);
            int from = before.endNo() + 1;
            int to = before.endNo() + booklets * settings.bookletSize();
            if (to > a.endNo()) {
                throw new AllocationRefused(Reason.NOT_ASSIGNED, "extending to " + before.track() + BranchMessages.no(to)
                        + " leaves the HQ assignment, which ends at " + BranchMessages.no(a.endNo()));
            }
            checkFree(before.period(), before.track(), from, to);
            checkUnused(before.sellerId(), before.period(), before.track(), from, to);
            String json = json(id);
            jdbc.sql("UPDATE number_range SET end_no = ? WHERE id = ?").params(to, id).update();
            audit(id, "EXTEND", actor, json);
            var message = messages.branchTrack(before.sellerId(), branchBan(before.sellerId(), before.branchId()),
                    before.invoiceType(), before.period(), before.track(), a.beginNo(), a.endNo(),
                    List.of(new int[]{from, to}), settings.bookletSize());
            return new Changed(find(id).orElseThrow(), message.id());
        }));
        return afterCommit(changed);
    }

    /**
     * Cuts the allocation back to end at {@code endNo}: only numbers not yet issued, on a booklet boundary.
     * The cut-off tail goes back to HQ's free pool (it is simply no longer held by any branch).
     */
    public Changed shrink(long id, int endNo, String actor) {
        Changed changed = tx.execute(s -> {
            Allocation before = lockAllocation(id);
            if (endNo >= before.endNo()) {
                throw new AllocationRefused(Reason.NUMBER_FORMAT, "shrinking must end before " + BranchMessages.no(before.endNo()));
            }
            if (endNo < before.nextNo() - 1 || endNo < before.beginNo()) {
                throw new AllocationRefused(Reason.SHRINK_USED, "numbers up to " + before.track()
                        + BranchMessages.no(before.nextNo() - 1) + " are already issued (or the range would be empty): "
                        + "only the unused tail from " + BranchMessages.no(Math.max(before.nextNo(), before.beginNo() + 1)) + " can be cut");
            }
            if ((endNo + 1) % settings.bookletSize() != 0) {
                throw new AllocationRefused(Reason.BOOKLET_BOUNDARY, "a range must end at the end of a booklet of "
                        + settings.bookletSize() + " (…" + (settings.bookletSize() - 1) + " in the booklet), not " + BranchMessages.no(endNo));
            }
            String json = json(id);
            // the row is locked (FOR UPDATE) and the CHECK next_no ≤ end_no + 1 would refuse cutting issued numbers
            jdbc.sql("UPDATE number_range SET end_no = ? WHERE id = ?").params(endNo, id).update();
            audit(id, "SHRINK", actor, json);
            return new Changed(find(id).orElseThrow(), null);
        });
        return afterCommit(changed);
    }

    public List<java.util.Map<String, Object>> audit(long id) {
        return jdbc.sql("SELECT action, actor, at, before::text AS before, after::text AS after FROM number_range_audit WHERE range_id = ? ORDER BY id")
                .param(id).query().listOfRows();
    }

    private Changed afterCommit(Changed changed) {
        if (changed.messageId() != null) {
            gateway.enqueue(changed.messageId());
        }
        Allocation a = changed.allocation();
        lowStock.check(a.sellerId(), a.branchId(), a.invoiceType(), a.period());
        return changed;
    }

    /** Locks every matching assignment, then takes the first gap of whole booklets big enough. */
    private Changed nextFreeBlock(Request r, String actor) {
        int size = r.booklets() * settings.bookletSize();
        List<Assigned> assigned = jdbc.sql("""
                        SELECT id, begin_no, end_no, track FROM track_assignment
                        WHERE seller_id = ? AND invoice_type = ? AND period = ? AND track = ?
                        ORDER BY begin_no FOR UPDATE""")
                .params(r.sellerId(), r.invoiceType(), r.period(), r.track())
                .query((rs, n) -> new Assigned(rs.getLong(1), rs.getInt(2), rs.getInt(3))).list();
        if (assigned.isEmpty()) {
            throw new AllocationRefused(Reason.NOT_ASSIGNED, "seller " + r.sellerId() + " has no assignment of track "
                    + r.track() + " for type " + r.invoiceType() + " and period " + r.period());
        }
        List<int[]> held = jdbc.sql("SELECT begin_no, end_no FROM number_range WHERE period = ? AND track = ? ORDER BY begin_no")
                .params(r.period(), r.track()).query((rs, n) -> new int[]{rs.getInt(1), rs.getInt(2)}).list();
        int free = 0;
        for (Assigned a : assigned) {
            int from = a.beginNo();
            for (int[] h : held) {
                if (h[1] < from || h[0] > a.endNo()) {
                    continue;
                }
                int gap = h[0] - alignUp(from) ;
                if (gap >= size) {
                    return insert(r, a, alignUp(from), alignUp(from) + size - 1, actor);
                }
                free += Math.max(0, gap);
                from = Math.max(from, h[1] + 1);
            }
            int gap = a.endNo() + 1 - alignUp(from);
            if (gap >= size) {
                return insert(r, a, alignUp(from), alignUp(from) + size - 1, actor);
            }
            free += Math.max(0, gap);
        }
        throw new AllocationRefused(Reason.NO_FREE_BOOKLETS, "no " + r.booklets() + " consecutive free booklets in track "
                + r.track() + " of period " + r.period() + "; HQ has " + free / settings.bookletSize() + " free booklets in pieces");
    }

    private int alignUp(int n) {
        int size = settings.bookletSize();
        return (n + size - 1) / size * size;
    }

    private Changed insert(Request r, Assigned a, int begin, int end, String actor) {
        checkFree(r.period(), r.track(), begin, end);
        checkUnused(r.sellerId(), r.period(), r.track(), begin, end);
        OffsetDateTime effective = r.effectiveFrom() != null ? r.effectiveFrom() : OffsetDateTime.now(clock);
        long id = jdbc.sql("""
                        INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no, next_no,
                            effective_from, source, assignment_id, created_by, numbered_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ALLOCATION', ?, ?, ?) RETURNING id""")
                .params(r.sellerId(), r.branchId(), r.invoiceType(), r.period(), r.track(), begin, end, begin, effective,
                        a.id(), actor, (r.numberedBy() == null ? NumberedBy.HUB : r.numberedBy()).name())
                .query(Long.class).single();
        audit(id, "ALLOCATE", actor, null);
        var message = messages.branchTrack(r.sellerId(), branchBan(r.sellerId(), r.branchId()), r.invoiceType(), r.period(),
                r.track(), a.beginNo(), a.endNo(), List.of(new int[]{begin, end}), settings.bookletSize());
        return new Changed(find(id).orElseThrow(), message.id());
    }

    private Assigned lockAssignment(String sellerId, String type, String period, String track, int begin, int end) {
        return jdbc.sql("""
                        SELECT id, begin_no, end_no FROM track_assignment
                        WHERE seller_id = ? AND invoice_type = ? AND period = ? AND track = ? AND begin_no <= ? AND end_no >= ?
                        FOR UPDATE""")
                .params(sellerId, type, period, track, begin, end)
                .query((rs, n) -> new Assigned(rs.getLong(1), rs.getInt(2), rs.getInt(3))).optional()
                .orElseThrow(() -> new AllocationRefused(Reason.NOT_ASSIGNED, track + BranchMessages.no(begin) + "–"
                        + BranchMessages.no(end) + " is not inside one assignment of seller " + sellerId + " for type "
                        + type + " and period " + period));
    }

    private Assigned lockAssignmentById(Allocation a) {
        if (a.assignmentId() == null) {
            throw new AllocationRefused(Reason.NOT_ASSIGNED, "range " + a.id() + " does not come from an HQ assignment");
        }
        return jdbc.sql("SELECT id, begin_no, end_no FROM track_assignment WHERE id = ? FOR UPDATE").param(a.assignmentId())
                .query((rs, n) -> new Assigned(rs.getLong(1), rs.getInt(2), rs.getInt(3))).single();
    }

    private Allocation lockAllocation(long id) {
        Allocation a = jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(this::row).optional()
                .orElseThrow(() -> new AllocationRefused(Reason.NOT_FOUND, "no allocation " + id));
        if (!"ALLOCATION".equals(a.source())) {
            throw new AllocationRefused(Reason.NOT_FOUND, "range " + id + " is a " + a.source() + " range, not an HQ allocation");
        }
        return a;
    }

    private void checkFree(String period, String track, int begin, int end) {
        jdbc.sql("""
                        SELECT branch_id, begin_no, end_no FROM number_range
                        WHERE period = ? AND track = ? AND int4range(begin_no, end_no, '[]') && int4range(?, ?, '[]') LIMIT 1""")
                .params(period, track, begin, end)
                .query((rs, n) -> new AllocationRefused(Reason.OVERLAP, track + BranchMessages.no(begin) + "–" + BranchMessages.no(end)
                        + " overlaps branch " + rs.getString(1) + "'s range " + track + BranchMessages.no(rs.getInt(2)) + "–"
                        + BranchMessages.no(rs.getInt(3))))
                .optional().ifPresent(e -> {
                    throw e;
                });
    }

    /** A number an invoice already carries (e.g. one numbered at its source) is never handed out again. */
    private void checkUnused(String sellerId, String period, String track, int begin, int end) {
        TaxPeriod p = TaxPeriod.parse(period);
        jdbc.sql("""
                        SELECT invoice_number FROM invoice WHERE seller_id = ? AND invoice_number BETWEEN ? AND ?
                          AND issued_at >= ? AND issued_at < ? LIMIT 1""")
                .params(sellerId, track + BranchMessages.no(begin), track + BranchMessages.no(end),
                        p.firstDay().atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime(),
                        p.lastDay().plusDays(1).atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime())
                .query(String.class).optional().ifPresent(n -> {
                    throw new AllocationRefused(Reason.ALREADY_USED, "invoice number " + n + " in that range was already issued");
                });
    }

    private void checkBranch(String sellerId, String branchId) {
        var seller = sellers.find(sellerId).orElseThrow(() ->
                new AllocationRefused(Reason.SELLER_UNKNOWN, "seller " + sellerId + " is not configured in the hub"));
        if (branchId == null || !seller.hasBranch(branchId)) {
            throw new AllocationRefused(Reason.BRANCH_UNKNOWN, "seller " + sellerId + " has no branch " + branchId);
        }
    }

    /** An allocation may be made for a period that has not ended yet, and take effect before it ends. */
    private void checkOpen(String period, OffsetDateTime effectiveFrom) {
        LocalDate today = LocalDate.now(clock.withZone(RuleSettings.TAIPEI));
        TaxPeriod p = TaxPeriod.parse(period);
        if (p.lastDay().isBefore(today)) {
            throw new AllocationRefused(Reason.PERIOD_ENDED, "period " + period + " ended on " + p.lastDay()
                    + "; its unused numbers are reported blank (E0402), not allocated");
        }
        if (effectiveFrom != null && effectiveFrom.atZoneSameInstant(RuleSettings.TAIPEI).toLocalDate().isAfter(p.lastDay())) {
            throw new AllocationRefused(Reason.PERIOD_ENDED, "effective time " + effectiveFrom + " lies after period "
                    + period + " ends (" + p.lastDay() + ")");
        }
    }

    static void checkFormat(String invoiceType, String period, String track) {
        if (invoiceType == null || !invoiceType.matches("0[78]")) {
            throw new AllocationRefused(Reason.INVOICE_TYPE, "invoice type must be 07 (general) or 08 (special), not " + invoiceType);
        }
        if (track == null || !track.matches("[A-Z]{2}")) {
            throw new AllocationRefused(Reason.TRACK_FORMAT, "a track is two capital letters (e.g. AB), not " + track);
        }
        try {
            if (period == null || !period.matches("\\d{5}")) {
                throw new IllegalArgumentException();
            }
            TaxPeriod.parse(period);
        } catch (RuntimeException e) {
            throw new AllocationRefused(Reason.PERIOD_FORMAT, "a period is yyyMM with an even closing month (e.g. 11512), not " + period);
        }
    }

    static void checkBooklets(int begin, int end, int size) {
        if (begin % size != 0 || (end + 1) % size != 0) {
            throw new AllocationRefused(Reason.BOOKLET_BOUNDARY, "a range must start and end on booklet boundaries of "
                    + size + " (…00/…" + String.format("%02d", size % 100) + " to …" + (size - 1) + "), not "
                    + BranchMessages.no(begin) + "–" + BranchMessages.no(end));
        }
    }

    private Changed refusingOverlaps(java.util.function.Supplier<Changed> change) {
        try {
            return change.get();
        } catch (DataIntegrityViolationException e) {
            // the exclusion constraint: another allocation got there between our check and our insert
            throw new AllocationRefused(Reason.OVERLAP, "the range overlaps another allocation (" + e.getMostSpecificCause().getMessage() + ")");
        }
    }

    private String branchBan(String sellerId, String branchId) {
        return jdbc.sql("SELECT COALESCE(ban, seller_id) FROM branch WHERE seller_id = ? AND id = ?").params(sellerId, branchId)
                .query(String.class).optional().orElse(sellerId);
    }

    private String json(long id) {
        return jdbc.sql("SELECT to_jsonb(n)::text FROM number_range n WHERE id = ?").param(id).query(String.class).single();
    }

    private void audit(long id, String action, String actor, String before) {
        jdbc.sql("""
                        INSERT INTO number_range_audit (range_id, action, actor, before, after)
                        SELECT ?, ?, ?, CAST(? AS jsonb), to_jsonb(n) FROM number_range n WHERE n.id = ?""")
                .params(id, action, actor, before, id).update();
    }

    private static final String SELECT = """
            SELECT id, seller_id, branch_id, invoice_type, period, track, begin_no, end_no, next_no, effective_from,
                assignment_id, source, created_by, numbered_by FROM number_range""";

    private Allocation row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Allocation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getObject(10, OffsetDateTime.class),
                (Long) rs.getObject(11), rs.getString(12), rs.getString(13), NumberedBy.valueOf(rs.getString(14)));
    }
}
