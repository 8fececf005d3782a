package tw.einvoice.hub.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The digest mail in Traditional Chinese and English: finance staff read the first, integrators and
 * auditors the second. Every item names the invoice and what to do about it, so the mail can be
 * acted on without opening the console first.
 */
final class DigestText {

    // deadlines are reckoned in Taiwan whatever zone the server runs in
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final NotifyProperties settings;

    DigestText(NotifyProperties settings) {
        this.settings = settings;
    }

    String subject(List<Digest.Rejected> rejected, List<Digest.Stuck> stuck, List<Digest.Deadline> deadlines,
                   int moreRejected, int moreStuck, int moreDeadlines) {
        return "[einvoice-hub] 財務通知 Finance alerts: %d rejected, %d stuck, %d near deadline".formatted(
                rejected.size() + moreRejected, stuck.size() + moreStuck, deadlines.size() + moreDeadlines);
    }

    String body(OffsetDateTime now, List<Digest.Rejected> rejected, List<Digest.Stuck> stuck,
                List<Digest.Deadline> deadlines, int moreRejected, int moreStuck, int moreDeadlines) {
        StringBuilder out = new StringBuilder();
        out.append("einvoice-hub 財務通知 Finance alerts\n");
        out.append("時間 Time: ").append(time(now)).append(" (Asia/Taipei)\n");
        out.append("平台退回 Rejected: ").append(rejected.size() + moreRejected)
                .append(" | 處理停滯 Stuck: ").append(stuck.size() + moreStuck)
                .append(" | 上傳期限將屆或已逾期 Deadline near or passed: ").append(deadlines.size() + moreDeadlines).append("\n");

        if (!rejected.isEmpty()) {
            out.append("\n== 一、平台退回 Rejected by the platform (").append(rejected.size() + moreRejected).append(") ==\n");
            for (Digest.Rejected r : rejected) {
                out.append("- ").append(number(r.invoiceNumber(), r.invoiceId()))
                        .append(" | 賣方 Seller ").append(seller(r.sellerId(), r.sellerName()))
                        .append(" | 錯誤代碼 Code ").append(r.code() == null ? "-" : r.code())
                        .append(" | 訊息 Message: ").append(r.message() == null ? "-" : r.message().strip())
                        .append(" | 記錄 Recorded ").append(time(r.recordedAt())).append("\n");
                if (r.invoiceNumber() != null) {
                    out.append("  重送 Resend: ").append(settings.resendHint().replace("{invoiceNumber}", r.invoiceNumber())).append("\n");
                }
            }
            more(out, moreRejected);
            out.append("處理方式：依錯誤代碼修正資料後，從管理介面重送，或呼叫 ").append(settings.resendHint()).append("。\n");
            out.append("What to do: fix the data the error code points to, then resend from the console or ")
                    .append(settings.resendHint()).append(". Resend only after fixing: the same message again is refused as a duplicate.\n");
        }

        if (!stuck.isEmpty()) {
            out.append("\n== 二、處理停滯 Stuck: no progress for more than ").append(duration(settings.stuckAfter()))
                    .append(" (").append(stuck.size() + moreStuck).append(") ==\n");
            for (Digest.Stuck s : stuck) {
                out.append("- ").append(number(s.invoiceNumber(), s.invoiceId()))
                        .append(" (id ").append(s.invoiceId()).append(")")
                        .append(" | 賣方 Seller ").append(seller(s.sellerId(), s.sellerName()))
                        .append(" | 狀態 Status ").append(s.status())
                        .append(" 自 since ").append(time(s.since()))
                        .append(" (").append(duration(Duration.between(s.since(), now))).append(")\n");
            }
            more(out, moreStuck);
            out.append("處理方式：RECEIVED／ISSUED：檢查 hub 的開立佇列與日誌；SENT：確認 Turnkey 正在執行，並查 TURNKEY_MESSAGE_LOG 狀態及 TURNKEY_SYSEVENT_LOG 錯誤。\n");
            out.append("What to do: RECEIVED/ISSUED - check the hub's issue queue and log; SENT - check that Turnkey runs, "
                    + "then look the message up in TURNKEY_MESSAGE_LOG (status) and TURNKEY_SYSEVENT_LOG (errors).\n");
        }

        if (!deadlines.isEmpty()) {
            out.append("\n== 三、上傳期限將屆或已逾期 Upload deadline within ").append(duration(settings.deadlineWarning()))
                    .append(" or passed (").append(deadlines.size() + moreDeadlines).append(") ==\n");
            for (Digest.Deadline d : deadlines) {
                out.append("- ").append(number(d.invoiceNumber(), d.invoiceId()))
                        .append(" | 賣方 Seller ").append(seller(d.sellerId(), d.sellerName()))
                        .append(" | ").append(d.b2c() ? "B2C" : "B2B").append(" ").append(duration(d.uploadWithin()))
                        .append(" | 開立 Issued ").append(time(d.issuedAt()))
                        .append(" | 期限 Deadline ").append(time(d.deadline()))
                        .append(" | ").append(d.overdue(now)
                                ? "已逾期 OVERDUE by " + duration(Duration.between(d.deadline(), now))
                                : "剩 left " + duration(Duration.between(now, d.deadline())))
                        .append(" | 狀態 Status ").append(d.status()).append("\n");
            }
            more(out, moreDeadlines);
            out.append("處理方式：立即完成上傳並確認平台已接收（CONFIRMED）：被退回者修正後重送，SENT 者檢查 Turnkey。逾期或未上傳將受罰。\n");
            out.append("What to do: get these uploaded and confirmed now: fix and resend the rejected ones, check Turnkey "
                    + "for the SENT ones. B2C invoices are due within ").append(duration(settings.b2cUploadWithin()))
                    .append(" of issue, B2B within ").append(duration(settings.b2bUploadWithin())).append("; late uploads are fined.\n");
        }
        return out.toString();
    }

    private static void more(StringBuilder out, int more) {
        if (more > 0) {
            out.append("- 另有 ").append(more).append(" 筆，將於下一份通知列出 / ").append(more).append(" more follow in the next digest\n");
        }
    }

    private static String number(String invoiceNumber, java.util.UUID invoiceId) {
        if (invoiceNumber == null && invoiceId == null) {
            // an outage is about a part of the system, not an invoice
            return "系統 System";
        }
        return invoiceNumber != null ? invoiceNumber : "（未配號 no number yet, id " + invoiceId + "）";
    }

    private static String seller(String id, String name) {
        if (id == null) {
            return "-";
        }
        return name == null ? id : id + " " + name;
    }

    static String time(OffsetDateTime at) {
        return at == null ? "-" : at.atZoneSameInstant(TAIPEI).format(TIME);
    }

    /** "3 h 5 min", "48 h", "7 d": precise enough for a deadline, short enough for a list line. */
    static String duration(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        // hours up to 4 days, because the rules speak of "48 hours", not "2 days"
        long days = minutes < 4 * 24 * 60 ? 0 : minutes / (24 * 60);
        long hours = days == 0 ? minutes / 60 : minutes / 60 % 24;
        long mins = minutes % 60;
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append(" d");
        }
        if (hours > 0) {
            s.append(s.isEmpty() ? "" : " ").append(hours).append(" h");
        }
        if (mins > 0 && days == 0) {
            s.append(s.isEmpty() ? "" : " ").append(mins).append(" min");
        }
        return s.isEmpty() ? "0 min" : s.toString();
    }
}
