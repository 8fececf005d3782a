package tw.einvoice.hub.invoice;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's figures for the console's dashboard and the metrics: read-only, each one grouped query served by an
 * index (V21; plans in docs/benchmarks.md). Spans are of arrival time ({@code created_at}, when the hub received the
 * invoice), half-open {@code [from, to)}.
 */
@Service
public class InvoiceStatistics {

    /** Statuses an invoice passes through on its way to the platform's answer; one kept too long is stuck. */
    public static final List<InvoiceStatus> IN_FLIGHT = List.of(InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED,
            InvoiceStatus.SENT);

    private final JdbcClient jdbc;

    InvoiceStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** On a database of the hub's schema, without Spring (the {@code bench} commands). */
    public static InvoiceStatistics on(JdbcClient jdbc) {
        return new InvoiceStatistics(jdbc);
    }

    /** Invoices of one status, connector, seller and branch. */
    public record Tally(InvoiceStatus status, String connector, String sellerId, String branchId, long count) {
    }

    /**
     * Invoices received in a span, counted three ways; {@code byBranch} keys are {@code sellerId/branchId}. Maps are
     * ordered: statuses in lifecycle order, the rest by name.
     */
    public record Counts(long total, Map<InvoiceStatus, Long> byStatus, Map<String, Long> byConnector,
                         Map<String, Long> byBranch, List<Tally> tallies) {
    }

    /** Invoices received in one hour (the hour's start, in the zone asked for). */
    public record Hour(OffsetDateTime hour, long count) {
    }

    public Counts received(Instant from, Instant to, StatisticsScope scope) {
        List<Tally> tallies = jdbc.sql(receivedQuery(from, to, scope).sql()).params(receivedQuery(from, to, scope).params())
                .query((rs, n) -> new Tally(InvoiceStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5)))
                .list();
        Map<InvoiceStatus, Long> byStatus = new EnumMap<>(InvoiceStatus.class);
        Map<String, Long> byConnector = new TreeMap<>();
        Map<String, Long> byBranch = new TreeMap<>();
        long total = 0;
        for (Tally t : tallies) {
            byStatus.merge(t.status(), t.count(), Long::sum);
            byConnector.merge(t.connector(), t.count(), Long::sum);
            byBranch.merge(t.sellerId() + "/" + (t.branchId() == null ? "" : t.branchId()), t.count(), Long::sum);
            total += t.count();
        }
        return new Counts(total, byStatus, byConnector, byBranch, tallies);
    }

    public InvoiceQuery receivedQuery(Instant from, Instant to, StatisticsScope scope) {
        List<Object> params = new ArrayList<>(List.of(utc(from), utc(to)));
        String where = scope.where(params);
        return new InvoiceQuery("counts by status, connector and branch", """
                SELECT status, connector, seller_id, branch_id, count(*) FROM invoice
                WHERE created_at >= ? AND created_at < ?""" + where + " GROUP BY status, connector, seller_id, branch_id", params);
    }

    /** Invoices received per hour of {@code [from, to)}, every hour listed (zero when none came). */
    public List<Hour> perHour(Instant from, Instant to, ZoneId zone, StatisticsScope scope) {
        InvoiceQuery q = perHourQuery(from, to, zone, scope);
        Map<OffsetDateTime, Long> counted = new LinkedHashMap<>();
        jdbc.sql(q.sql()).params(q.params()).query((rs, n) -> {
            counted.put(rs.getObject(1, OffsetDateTime.class).toInstant().atZone(zone).toOffsetDateTime(), rs.getLong(2));
            return null;
        }).list();
        List<Hour> hours = new ArrayList<>();
        for (var h = from.atZone(zone).truncatedTo(ChronoUnit.HOURS); h.toInstant().isBefore(to); h = h.plusHours(1)) {
            hours.add(new Hour(h.toOffsetDateTime(), counted.getOrDefault(h.toOffsetDateTime(), 0L)));
        }
        return hours;
    }

    public InvoiceQuery perHourQuery(Instant from, Instant to, ZoneId zone, StatisticsScope scope) {
        List<Object> params = new ArrayList<>(List.of(zone.getId(), zone.getId(), utc(from), utc(to)));
        String where = scope.where(params);
        // the hour is cut in the zone asked for (Taipei keeps no summer time, but a console elsewhere may ask)
        return new InvoiceQuery("invoices per hour", """
                SELECT date_trunc('hour', created_at AT TIME ZONE ?) AT TIME ZONE ? AS hour, count(*) FROM invoice
                WHERE created_at >= ? AND created_at < ?""" + where + " GROUP BY 1 ORDER BY 1", params);
    }

    public long stuckCount(Duration olderThan, Instant now, StatisticsScope scope) {
        InvoiceQuery q = stuckCountQuery(olderThan, now, scope);
        return jdbc.sql(q.sql()).params(q.params()).query(Long.class).single();
    }

    public InvoiceQuery stuckCountQuery(Duration olderThan, Instant now, StatisticsScope scope) {
        List<Object> params = new ArrayList<>();
        params.add(IN_FLIGHT.stream().map(Enum::name).toArray(String[]::new));
        params.add(utc(now.minus(olderThan)));
        String where = scope.where(params);
        return new InvoiceQuery("stuck count", """
                SELECT count(*) FROM invoice WHERE status = ANY(?) AND updated_at < ?""" + where, params);
    }

    /** In-flight invoices unchanged for longer than {@code olderThan}, the longest waiting first. */
    public List<InvoiceSearch.Row> stuck(Duration olderThan, Instant now, StatisticsScope scope, int limit) {
        InvoiceQuery q = stuckQuery(olderThan, now, scope, limit);
        return jdbc.sql(q.sql()).params(q.params()).query(InvoiceSearch.ROW).list();
    }

    public InvoiceQuery stuckQuery(Duration olderThan, Instant now, StatisticsScope scope, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(IN_FLIGHT.stream().map(Enum::name).toArray(String[]::new));
        params.add(utc(now.minus(olderThan)));
        String where = scope.where(params);
        params.add(limit);
        return new InvoiceQuery("stuck list", "SELECT " + InvoiceSearch.ROW_COLUMNS
                + " FROM invoice WHERE status = ANY(?) AND updated_at < ?" + where + " ORDER BY updated_at LIMIT ?", params);
    }

    /** Invoices the platform refused and no one has resent yet. */
    public long rejectedCount(StatisticsScope scope) {
        InvoiceQuery q = rejectedCountQuery(scope);
        return jdbc.sql(q.sql()).params(q.params()).query(Long.class).single();
    }

    public InvoiceQuery rejectedCountQuery(StatisticsScope scope) {
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        return new InvoiceQuery("rejected count", "SELECT count(*) FROM invoice WHERE status = 'REJECTED'" + where, params);
    }

    /** The platform's refusals waiting for a correction, the most recent first. */
    public List<InvoiceSearch.Row> rejected(StatisticsScope scope, int limit) {
        InvoiceQuery q = rejectedQuery(scope, limit);
        return jdbc.sql(q.sql()).params(q.params()).query(InvoiceSearch.ROW).list();
    }

    public InvoiceQuery rejectedQuery(StatisticsScope scope, int limit) {
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        params.add(limit);
        return new InvoiceQuery("rejected list", "SELECT " + InvoiceSearch.ROW_COLUMNS
                + " FROM invoice WHERE status = 'REJECTED'" + where + " ORDER BY updated_at DESC LIMIT ?", params);
    }

    /** Whether the buyer is a business (a BAN) or a consumer: their upload deadlines differ. */
    public enum Buyer { BUSINESS, CONSUMER }

    /**
     * Issued invoices the platform has not confirmed (issued, sent, or rejected and not yet resent) issued before
     * {@code issuedBefore}: those whose upload deadline (B2C 48 h, B2B 7 days after issue) is near or past.
     */
    public long unconfirmedCount(Buyer buyer, Instant issuedBefore, StatisticsScope scope) {
        InvoiceQuery q = unconfirmedCountQuery(buyer, issuedBefore, scope);
        return jdbc.sql(q.sql()).params(q.params()).query(Long.class).single();
    }

    public InvoiceQuery unconfirmedCountQuery(Buyer buyer, Instant issuedBefore, StatisticsScope scope) {
        List<Object> params = new ArrayList<>();
        params.add(utc(issuedBefore));
        String where = scope.where(params);
        return new InvoiceQuery("unconfirmed count, " + buyer.name().toLowerCase(java.util.Locale.ROOT), """
                SELECT count(*) FROM invoice WHERE status IN ('ISSUED', 'SENT', 'REJECTED') AND issued_at < ?"""
                + (buyer == Buyer.BUSINESS ? " AND buyer_id <> '0000000000'" : " AND (buyer_id IS NULL OR buyer_id = '0000000000')")
                + where, params);
    }

    /** Every invoice in the ledger by status (statuses with none are listed as zero): the metrics' gauge. */
    public Map<InvoiceStatus, Long> totals() {
        Map<InvoiceStatus, Long> totals = new EnumMap<>(InvoiceStatus.class);
        for (InvoiceStatus s : InvoiceStatus.values()) {
            totals.put(s, 0L);
        }
        jdbc.sql(totalsQuery().sql()).query((rs, n) -> totals.put(InvoiceStatus.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return totals;
    }

    public InvoiceQuery totalsQuery() {
        return new InvoiceQuery("totals by status", "SELECT status, count(*) FROM invoice GROUP BY status", List.of());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
