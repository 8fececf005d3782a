package tw.einvoice.hub.badinput;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Row counts of the tables a caller can change, left out the rows of invoices and rejected records the corpus itself
 * made (a case's own rows, and what the pipeline later adds to them), so that "nothing else changed" can be asserted
 * while accepted invoices are still being issued and confirmed in the background.
 */
public final class RowCounts {

    /** Every table an HTTP caller may reach, directly or through intake. */
    static final List<String> TABLES = List.of("invoice", "invoice_history", "invoice_message", "rejected_record",
            "rejected_record_event", "callback_outbox", "allowance", "notification", "notification_opt_out", "member",
            "lottery_period", "lottery_winner", "exchange_invoice", "exchange_refusal", "batch", "shopee_shop",
            "shopee_push_unread", "number_range", "track_assignment", "voucher", "voucher_correction", "print_job",
            "proof_print", "api_key", "app_user", "seller", "branch");

    private final JdbcClient jdbc;
    private final Map<String, String> owner = new LinkedHashMap<>();
    private final Set<String> ownInvoices = new LinkedHashSet<>();
    private final Set<String> ownRejected = new LinkedHashSet<>();

    public RowCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
        for (String table : TABLES) {
            owner.put(table, switch (table) {
                case "invoice" -> "id";
                case "rejected_record" -> "id";
                case "rejected_record_event" -> "record_id";
                default -> hasColumn(table, "invoice_id") ? "invoice_id" : null;
            });
        }
    }

    private boolean hasColumn(String table, String column) {
        return jdbc.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?")
                .params(table, column).query(Long.class).single() > 0;
    }

    /** Marks an invoice or rejected record as made by a case, so its rows no longer count. */
    public void own(String invoiceId, Long rejectedId) {
        if (invoiceId != null) {
            ownInvoices.add(invoiceId);
        }
        if (rejectedId != null) {
            ownRejected.add(String.valueOf(rejectedId));
        }
    }

    public Map<String, Long> take() {
        Map<String, Long> counts = new LinkedHashMap<>();
        String invoices = String.join(",", ownInvoices);
        String rejected = String.join(",", ownRejected);
        for (var t : owner.entrySet()) {
            String column = t.getValue();
            if (column == null) {
                counts.put(t.getKey(), jdbc.sql("SELECT count(*) FROM " + t.getKey()).query(Long.class).single());
            } else {
                boolean byRecord = t.getKey().startsWith("rejected_record");
                counts.put(t.getKey(), jdbc.sql("SELECT count(*) FROM " + t.getKey() + " WHERE " + column
                                + " IS NULL OR " + column + "::text <> ALL(string_to_array(?, ','))")
                        .param(byRecord ? rejected : invoices).query(Long.class).single());
            }
        }
        return counts;
    }

    /** The tables whose counts differ, as {@code table+n}; empty when nothing changed. */
    public static List<String> diff(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d != 0) {
                changed.add(e.getKey() + (d > 0 ? "+" : "") + d);
            }
        }
        return changed;
    }

    /**
     * Waits until the hub has finished what earlier tests set going, so the counts hold still: unchanged over two
     * seconds (four readings), since on a loaded machine a stage can pause longer than one reading's interval.
     */
    public Map<String, Long> settled() {
        Map<String, Long>[] last = new Map[]{take()};
        int[] still = {0};
        await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Long> now = take();
            still[0] = now.equals(last[0]) ? still[0] + 1 : 0;
            last[0] = now;
            return still[0] >= 4;
        });
        return last[0];
    }
}
