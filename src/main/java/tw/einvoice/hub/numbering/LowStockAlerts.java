package tw.einvoice.hub.numbering;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.notify.Mailer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Mails the HQ admins when a branch's remaining numbers fall below its threshold, once per crossing: the
 * crossing is remembered in {@code number_stock_alert} (claimed with one conditional upsert, so two hub
 * instances cannot both mail it) and re-armed when the stock rises to the threshold again. The check runs on
 * its own thread after the issuing transaction committed, so issuing never waits for the mail server.
 */
@Component
class LowStockAlerts implements RangeAllocator.AfterTaken {

    private static final Logger log = LoggerFactory.getLogger(LowStockAlerts.class);

    private final JdbcClient jdbc;
    private final Mailer mailer;
    private final NumberingProperties settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "numbering-low-stock");
        t.setDaemon(true);
        return t;
    });
    // a burst of batches for one branch needs one check, not one per batch
    private final Set<List<String>> queued = ConcurrentHashMap.newKeySet();

    LowStockAlerts(JdbcClient jdbc, Mailer mailer, NumberingProperties settings) {
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.settings = settings;
    }

    @Override
    public void taken(String sellerId, String branchId, String invoiceType, String period) {
        List<String> key = List.of(sellerId, branchId, invoiceType, period);
        if (queued.add(key)) {
            worker.execute(() -> {
                queued.remove(key);
                try {
                    check(sellerId, branchId, invoiceType, period);
                } catch (RuntimeException e) {
                    log.warn("Low-stock check for {} failed: {}", key, e.getMessage());
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Checks one branch now; true when this call mailed a new crossing. */
    boolean check(String sellerId, String branchId, String invoiceType, String period) {
        int remaining = jdbc.sql("""
                        SELECT COALESCE(sum(end_no - next_no + 1), 0) FROM number_range
                        WHERE seller_id = ? AND branch_id = ? AND invoice_type = ? AND period = ?""")
                .params(sellerId, branchId, invoiceType, period).query(Integer.class).single();
        int threshold = jdbc.sql("SELECT COALESCE(max(low_stock_threshold), ?) FROM branch WHERE seller_id = ? AND id = ?")
                .params(settings.lowStockThreshold(), sellerId, branchId).query(Integer.class).single();
        if (remaining >= threshold) {
            jdbc.sql("""
                            UPDATE number_stock_alert SET low = false, remaining = ?, changed_at = now()
                            WHERE seller_id = ? AND branch_id = ? AND invoice_type = ? AND period = ? AND low""")
                    .params(remaining, sellerId, branchId, invoiceType, period).update();
            return false;
        }
        boolean crossed = jdbc.sql("""
                        INSERT INTO number_stock_alert (seller_id, branch_id, invoice_type, period, low, remaining)
                        VALUES (?, ?, ?, ?, true, ?)
                        ON CONFLICT (seller_id, branch_id, invoice_type, period)
                        DO UPDATE SET low = true, remaining = excluded.remaining, changed_at = now()
                        WHERE NOT number_stock_alert.low""")
                .params(sellerId, branchId, invoiceType, period, remaining).update() == 1;
        if (!crossed) {
            return false;
        }
        int hqFree = NumberUsage.freeHqStock(jdbc, sellerId, invoiceType, period);
        String subject = "[einvoice-hub] 發票號碼即將用完 Low on invoice numbers: " + sellerId + " " + branchId + ", "
                + remaining + " left";
        String text = """
                分支機構 Branch: %s (seller %s), invoice type %s, period %s
                剩餘號碼 Remaining numbers: %d (threshold %d)
                總公司可配號碼 Free HQ stock: %d numbers (%d booklets of %d)

                處理方式 What to do: allocate more booklets to the branch, e.g.
                  POST /api/v1/numbering/allocations {"sellerId":"%s","branchId":"%s","invoiceType":"%s","period":"%s","track":"..","booklets":1}
                or extend its range: POST /api/v1/numbering/allocations/{id}/extend {"booklets":1}.
                When the branch runs out its invoices wait (not rejected) until numbers are added.
                """.formatted(branchId, sellerId, invoiceType, period, remaining, threshold, hqFree,
                hqFree / settings.bookletSize(), settings.bookletSize(), sellerId, branchId, invoiceType, period);
        try {
            if (!mailer.send(settings.hqAdminsTo(), subject, text)) {
                log.warn("{} (no mail server or hub.numbering.hq-admins-to: only logged)\n{}", subject, text);
            }
            return true;
        } catch (RuntimeException e) {
            // re-arm so that the next check mails this crossing again
            jdbc.sql("""
                            UPDATE number_stock_alert SET low = false WHERE seller_id = ? AND branch_id = ? AND invoice_type = ?
                              AND period = ?""").params(sellerId, branchId, invoiceType, period).update();
            log.warn("Low-stock mail not sent, will try at the next check: {}", e.getMessage());
            return false;
        }
    }
}
