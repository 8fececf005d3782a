package tw.einvoice.hub.notify;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.UUID;

/**
 * What other stages tell finance. Alerts are recorded, not mailed: the digest route sends them
 * together once per {@code hub.notify.digest-interval}, so a bad day makes one mail, not hundreds.
 * Recording joins the caller's transaction when there is one, so an alert exists exactly when the
 * change it reports was committed.
 */
@Service
public class FinanceAlerts {

    static final String REJECTED = "REJECTED";
    static final String CALLBACK = "CALLBACK";

    private final JdbcClient jdbc;

    FinanceAlerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The platform refused a message about this invoice.
     *
     * @param code    the platform's or Turnkey's error code, e.g. {@code E0310}
     * @param message its text, as given
     */
    public void rejected(UUID invoiceId, String invoiceNumber, String sellerId, String code, String message) {
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(REJECTED, sellerId, invoiceId, invoiceNumber, truncate(code, 32), message)
                .update();
    }

    /**
     * A source's result sink (webhook, ERP table, file) keeps refusing an outcome; the hub goes on retrying, so
     * this says "look at the sink", not "the outcome is lost". Shown in the digest's rejected section.
     *
     * @param what e.g. {@code CONFIRMED for erp-acme SO-1}
     */
    public void callbackFailing(UUID invoiceId, String invoiceNumber, String sellerId, String connector, String what,
                                int attempts, String lastError) {
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(CALLBACK, sellerId, invoiceId, invoiceNumber, "CALLBACK_FAILING",
                        "結果回傳失敗，系統持續重試 (result callback to " + connector + " failing after " + attempts
                                + " attempts, still retrying): " + what + " — " + lastError)
                .update();
    }

    /** Recorded alerts that no digest has carried yet. */
    public long unsent() {
        return jdbc.sql("SELECT count(*) FROM finance_alert WHERE sent_at IS NULL").query(Long.class).single();
    }

    // a longer code than the column would make the caller's stage fail just for reporting it
    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
