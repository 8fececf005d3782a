package tw.einvoice.hub.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DigestTextTest {

    static final NotifyProperties DEFAULTS = new NotifyProperties(null, null, null, null, null, null, null, null, null, null);
    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 25, 6, 0, 0, 0, ZoneOffset.UTC); // 14:00 in Taipei

    @Test
    void unsetSettingsTakeTheDocumentedDefaults() {
        assertThat(DEFAULTS.digestInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(DEFAULTS.stuckAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(DEFAULTS.deadlineWarning()).isEqualTo(Duration.ofHours(12));
        assertThat(DEFAULTS.repeatAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(DEFAULTS.b2cUploadWithin()).isEqualTo(Duration.ofHours(48));
        assertThat(DEFAULTS.b2bUploadWithin()).isEqualTo(Duration.ofDays(7));
        assertThat(DEFAULTS.mailConfigured()).as("no host, no recipients").isFalse();
    }

    @Test
    void aDigestNamesEachInvoiceItsStateAndWhatToDoInChineseAndEnglish() {
        DigestText text = new DigestText(DEFAULTS);
        var rejected = List.of(new Digest.Rejected(1, UUID.randomUUID(), "AB12345678", "04595257", "範例商行", "E0310",
                "憑證未註冊", NOW.minusMinutes(10)));
        UUID stuckId = UUID.randomUUID();
        var stuck = List.of(new Digest.Stuck(stuckId, "AB12345679", "04595257", null, "SENT", NOW.minusHours(3).minusMinutes(5)));
        var deadlines = List.of(
                new Digest.Deadline(UUID.randomUUID(), "AB12345680", "04595257", "範例商行", "REJECTED", true,
                        NOW.minusHours(50), NOW.minusHours(2), Duration.ofHours(48)),
                new Digest.Deadline(UUID.randomUUID(), null, "04595257", "範例商行", "RECEIVED", false,
                        NOW.minusDays(6).minusHours(20), NOW.plusHours(4), Duration.ofDays(7)));

        String subject = text.subject(rejected, stuck, deadlines, 0, 0, 0);
        String body = text.body(NOW, rejected, stuck, deadlines, 3, 0, 0);

        assertThat(subject).isEqualTo("[einvoice-hub] 財務通知 Finance alerts: 1 rejected, 1 stuck, 2 near deadline");
        assertThat(body)
                .contains("時間 Time: 2026-11-25 14:00 (Asia/Taipei)")
                .contains("- AB12345678 | 賣方 Seller 04595257 範例商行 | 錯誤代碼 Code E0310 | 訊息 Message: 憑證未註冊 | 記錄 Recorded 2026-11-25 13:50")
                .contains("重送 Resend: POST /api/v1/invoices/AB12345678/resend")
                .contains("另有 3 筆，將於下一份通知列出 / 3 more follow in the next digest")
                .contains("== 二、處理停滯 Stuck: no progress for more than 2 h (1) ==")
                .contains("- AB12345679 (id " + stuckId + ") | 賣方 Seller 04595257 | 狀態 Status SENT 自 since 2026-11-25 10:55 (3 h 5 min)")
                .contains("AB12345680 | 賣方 Seller 04595257 範例商行 | B2C 48 h | 開立 Issued 2026-11-23 12:00 | 期限 Deadline 2026-11-25 12:00 | 已逾期 OVERDUE by 2 h | 狀態 Status REJECTED")
                .contains("未配號 no number yet").contains("B2B 7 d").contains("剩 left 4 h")
                .contains("B2C invoices are due within 48 h of issue, B2B within 7 d");
    }

    @Test
    void anOutageIsOneLineAboutThePartNotAboutAnInvoice() {
        DigestText text = new DigestText(DEFAULTS);
        var outage = List.of(new Digest.Rejected(7, null, null, null, null, "OUTAGE",
                "無法連線 turnkey-upcast，系統持續重試，恢復後自動補送 (turnkey-upcast unreachable since 2026-11-25T05:40:00Z; "
                        + "the hub keeps retrying and catches up by itself): Not a directory", NOW.minusMinutes(20)));

        String body = text.body(NOW, outage, List.of(), List.of(), 0, 0, 0);

        assertThat(body).contains("- 系統 System | 賣方 Seller - | 錯誤代碼 Code OUTAGE | 訊息 Message: 無法連線 turnkey-upcast")
                .contains("turnkey-upcast unreachable since").doesNotContain("no number yet").doesNotContain("重送 Resend: POST");
    }
}
