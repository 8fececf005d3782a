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
    static final String TURNKEY_SIGNING = "TURNKEY_SIGNING";
    static final String DEAD_LETTER = "DEAD_LETTER";
    static final String EXCHANGE_OVERDUE = "EXCHANGE_OVERDUE";
    static final String OUTAGE = "OUTAGE";
    // what a digest line shows of a dead-lettered message's ids
    private static final int BODY_SHOWN = 300;

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

    /**
     * Turnkey could not sign an envelope for this seller ({@code -007}): nothing of the seller reaches the platform
     * until its certificate in Turnkey is fixed. Shown in the digest's rejected section.
     *
     * @param partyId    Turnkey's PARTY_ID (the seller's BAN)
     * @param sellerName the seller's name when known
     * @param at         when Turnkey wrote it, as Turnkey wrote it
     * @param messages   Turnkey's messages
     */
    public void turnkeySigningFailed(String partyId, String sellerName, String at, String messages) {
        String seller = sellerName == null ? partyId : partyId + " " + sellerName;
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, ?, NULL, NULL, ?, ?)""")
                .params(TURNKEY_SIGNING, fits(partyId, 8), "-007",
                        "Turnkey 無法為賣方 " + seller + " 簽章，該賣方的訊息無法上傳 (Turnkey could not sign for seller "
                                + seller + " at " + at + "; none of its messages reach the platform): " + messages
                                + " — 請在 Turnkey 的憑證設定檢查此賣方的憑證（PFX 檔或 IC 卡）是否存在、未過期、密碼正確 "
                                + "(check the seller's certificate in Turnkey's certificate settings: present, not expired, "
                                + "right password)")
                .update();
    }

    /**
     * A queue message failed every attempt and waits in the dead-letter queue: what it names (invoices to issue,
     * messages to hand to Turnkey) goes no further until someone fixes the cause and moves it back.
     */
    public void deadLettered(String queue, String deadLetterQueue, String body, int attempts, String reason) {
        String shown = body == null ? "" : body.length() <= BODY_SHOWN ? body : body.substring(0, BODY_SHOWN) + "…";
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, NULL, NULL, NULL, ?, ?)""")
                .params(DEAD_LETTER, "DEAD_LETTER",
                        "佇列 " + queue + " 的訊息處理 " + attempts + " 次皆失敗，已移至 " + deadLetterQueue
                                + " (a message of " + queue + " failed " + attempts + " times and waits in "
                                + deadLetterQueue + "): " + reason + " — ids: " + shown
                                + " — 排除原因後將它移回 " + queue + " (fix the cause, then move it back to " + queue + ")")
                .update();
    }

    /**
     * A buyer has not answered (A0102 or A0301) an invoice sent through the B2B exchange by its deadline. Shown in the
     * digest's rejected section: someone has to ask the buyer.
     */
    public void exchangeUnanswered(String invoiceNumber, String sellerId, String buyerId,
                                   java.time.OffsetDateTime due) {
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, ?, NULL, ?, ?, ?)""")
                // not an id of the invoice ledger: the exchange keeps its own rows
                .params(EXCHANGE_OVERDUE, fits(sellerId, 8), invoiceNumber, "EXCHANGE_OVERDUE",
                        "買方 " + buyerId + " 未於期限 " + due + " 前回覆交換發票 (buyer " + buyerId
                                + " has not confirmed or rejected the exchanged invoice by " + due + ")")
                .update();
    }

    /**
     * An outside part the hub needs stopped answering; the hub keeps or clearly refuses work and retries. One alert
     * per outage, however many invoices meet it.
     *
     * @param part   e.g. {@code turnkey-upcast}, {@code smtp}
     * @param until  when it worked again, or null while it is still down
     */
    public void outage(String part, String reason, java.time.Instant since, java.time.Instant until, long failures) {
        jdbc.sql("""
                        INSERT INTO finance_alert (kind, seller_id, invoice_id, invoice_number, code, message)
                        VALUES (?, NULL, NULL, NULL, ?, ?)""")
                .params(OUTAGE, fits("OUTAGE", 32), (until == null
                        ? "無法連線 " + part + "，系統持續重試，恢復後自動補送 (" + part + " unreachable since " + since
                                + "; the hub keeps retrying and catches up by itself): " + reason
                        : part + " 曾中斷，已恢復 (" + part + " was unreachable from " + since + " to " + until + ", "
                                + failures + " failures; the backlog drains by itself): " + reason))
                .update();
    }

    /** Recorded alerts that no digest has carried yet. */
    public long unsent() {
        return jdbc.sql("SELECT count(*) FROM finance_alert WHERE sent_at IS NULL").query(Long.class).single();
    }

    private static String fits(String value, int max) {
        return value == null || value.length() > max ? null : value;
    }

    // a longer code than the column would make the caller's stage fail just for reporting it
    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
