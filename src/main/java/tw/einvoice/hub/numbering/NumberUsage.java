package tw.einvoice.hub.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Used / remaining / blank numbers per branch and range, and the unused sub-ranges a period leaves. Plain
 * JDBC on purpose: the CLI ({@code numbering usage}) reads the same figures without starting Spring.
 * Numbers of an assignment no branch holds belong to HQ (branch {@link #HQ}, BranchBan = HeadBan).
 */
public final class NumberUsage {

    /** Branch id shown for the part of an assignment not allocated to any branch. */
    public static final String HQ = "(HQ)";

    /**
     * One range. While its period is open the unused numbers are {@code remaining}; once it has ended
     * they are {@code blank} (reported by E0402).
     */
    public record Row(String sellerId, String branchId, String invoiceType, String period, String track,
                      int beginNo, int endNo, int used, int remaining, int blank, String source) {
    }

    /** The unused numbers of one (BranchBan, invoice type, track): what one E0402 reports. */
    public record Blank(String sellerId, String branchBan, String invoiceType, String track, List<int[]> ranges) {
        public int count() {
            return ranges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        }
    }

    private record Held(String sellerId, String branchId, String branchBan, String invoiceType, String period,
                        String track, int beginNo, int endNo, int nextNo, String source) {
    }

    private record Assigned(String sellerId, String invoiceType, String period, String track, int beginNo, int endNo) {
    }

    private NumberUsage() {
    }

    /** Every range of the seller (all sellers when null), branches first, then HQ's unallocated parts. */
    public static List<Row> rows(JdbcClient jdbc, String sellerId, String period, LocalDate today) {
        List<Row> rows = new ArrayList<>();
        List<Held> held = held(jdbc, sellerId, period);
        for (Held h : held) {
            int unused = h.endNo() - h.nextNo() + 1;
            boolean ended = ended(h.period(), today);
            rows.add(new Row(h.sellerId(), h.branchId(), h.invoiceType(), h.period(), h.track(), h.beginNo(), h.endNo(),
                    h.nextNo() - h.beginNo(), ended ? 0 : unused, ended ? unused : 0, h.source()));
        }
        for (Assigned a : assigned(jdbc, sellerId, period)) {
            boolean ended = ended(a.period(), today);
            for (int[] free : unallocated(a, held)) {
                int n = free[1] - free[0] + 1;
                rows.add(new Row(a.sellerId(), HQ, a.invoiceType(), a.period(), a.track(), free[0], free[1], 0,
                        ended ? 0 : n, ended ? n : 0, "HQ"));
            }
        }
        return rows;
    }

    /**
     * The unused numbers of the period, per (BranchBan, invoice type, track), each a sorted list of merged
     * ranges: the unused tail of every branch range and the never-allocated parts of every assignment (HQ's).
     */
    public static List<Blank> blanks(JdbcClient jdbc, String period) {
        Map<List<String>, List<int[]>> grouped = new LinkedHashMap<>();
        List<Held> held = held(jdbc, null, period);
        for (Held h : held) {
            // demo ranges of the embedded default are not the MOF's numbers: nothing to report for them
            if (h.nextNo() <= h.endNo() && !"DEMO".equals(h.source())) {
                grouped.computeIfAbsent(List.of(h.sellerId(), h.branchBan(), h.invoiceType(), h.track()), k -> new ArrayList<>())
                        .add(new int[]{h.nextNo(), h.endNo()});
            }
        }
        for (Assigned a : assigned(jdbc, null, period)) {
            for (int[] free : unallocated(a, held)) {
                grouped.computeIfAbsent(List.of(a.sellerId(), a.sellerId(), a.invoiceType(), a.track()), k -> new ArrayList<>())
                        .add(free);
            }
        }
        List<Blank> blanks = new ArrayList<>();
        grouped.forEach((k, ranges) -> blanks.add(new Blank(k.get(0), k.get(1), k.get(2), k.get(3), merge(ranges))));
        blanks.sort(Comparator.comparing(Blank::sellerId).thenComparing(Blank::branchBan).thenComparing(Blank::invoiceType)
                .thenComparing(Blank::track));
        return blanks;
    }

    /** Free numbers of HQ: assigned but held by no branch, for the seller, invoice type and period. */
    public static int freeHqStock(JdbcClient jdbc, String sellerId, String invoiceType, String period) {
        List<Held> held = held(jdbc, sellerId, period);
        return assigned(jdbc, sellerId, period).stream().filter(a -> a.invoiceType().equals(invoiceType))
                .flatMap(a -> unallocated(a, held).stream()).mapToInt(r -> r[1] - r[0] + 1).sum();
    }

    static boolean ended(String period, LocalDate today) {
        return TaxPeriod.parse(period).lastDay().isBefore(today);
    }

    static List<int[]> unallocated(Assigned a, List<Held> held) {
        List<int[]> taken = held.stream()
                .filter(h -> h.period().equals(a.period()) && h.track().equals(a.track())
                        && h.endNo() >= a.beginNo() && h.beginNo() <= a.endNo())
                .map(h -> new int[]{h.beginNo(), h.endNo()}).sorted(Comparator.comparingInt(r -> r[0])).toList();
        List<int[]> free = new ArrayList<>();
        int from = a.beginNo();
        for (int[] t : taken) {
            if (t[0] > from) {
                free.add(new int[]{from, t[0] - 1});
            }
            from = Math.max(from, t[1] + 1);
        }
        if (from <= a.endNo()) {
            free.add(new int[]{from, a.endNo()});
        }
        return free;
    }

    static List<int[]> merge(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[]{r[0], r[1]});
            }
        }
        return merged;
    }

    private static List<Held> held(JdbcClient jdbc, String sellerId, String period) {
        return jdbc.sql("""
                        SELECT r.seller_id, r.branch_id, COALESCE(b.ban, r.seller_id) AS branch_ban, r.invoice_type, r.period,
                            r.track, r.begin_no, r.end_no, r.next_no, r.source
                        FROM number_range r LEFT JOIN branch b ON b.seller_id = r.seller_id AND b.id = r.branch_id
                        WHERE (CAST(? AS varchar) IS NULL OR r.seller_id = ?) AND (CAST(? AS varchar) IS NULL OR r.period = ?)
                        ORDER BY r.seller_id, r.branch_id, r.period, r.invoice_type, r.track, r.begin_no""")
                .params(sellerId, sellerId, period, period)
                .query((rs, n) -> new Held(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10)))
                .list();
    }

    private static List<Assigned> assigned(JdbcClient jdbc, String sellerId, String period) {
        return jdbc.sql("""
                        SELECT seller_id, invoice_type, period, track, begin_no, end_no FROM track_assignment
                        WHERE (CAST(? AS varchar) IS NULL OR seller_id = ?) AND (CAST(? AS varchar) IS NULL OR period = ?)
                        ORDER BY seller_id, period, invoice_type, track, begin_no""")
                .params(sellerId, sellerId, period, period)
                .query((rs, n) -> new Assigned(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6)))
                .list();
    }
}
