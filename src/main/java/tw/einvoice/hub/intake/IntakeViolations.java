package tw.einvoice.hub.intake;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.rules.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * Violations intake itself finds before the business rules run: unmappable, unreadable or unkeyed records. The form
 * of each field (type, characters, length) is {@code rules.CanonicalShape}'s.
 */
final class IntakeViolations {

    private IntakeViolations() {
    }

    static Violation mappingFailed(String mapping, RuntimeException e) {
        return new Violation("$", "MAPPING_FAILED", "對應檔 " + mapping + " 轉換失敗：" + e.getMessage(),
                "mapping " + mapping + " failed: " + e.getMessage());
    }

    static Violation notAnObject() {
        return new Violation("$", "FORMAT", "資料不是 JSON 物件", "the record is not a JSON object");
    }

    static Violation format(InvoiceFormatException e) {
        boolean unknown = e.reason().startsWith("unknown field");
        return new Violation(e.field(), unknown ? "UNKNOWN_FIELD" : "FORMAT",
                unknown ? "不認識的欄位 " + e.field() : "欄位 " + e.field() + " 格式錯誤：" + e.reason(),
                unknown ? "unknown field " + e.field() : "field " + e.field() + " has the wrong type or format: " + e.reason());
    }

    /** The idempotency key must be complete, or a resend could make a second invoice. */
    static List<Violation> missingKey(CanonicalInvoice invoice) {
        List<Violation> out = new ArrayList<>();
        if (invoice.getConnector() == null || invoice.getConnector().isBlank()) {
            out.add(new Violation("connector", "REQUIRED", "缺少來源連接器名稱", "connector is required"));
        }
        if (invoice.getSourceRef() == null || invoice.getSourceRef().isBlank()) {
            out.add(new Violation("sourceRef", "REQUIRED", "缺少來源單號（sourceRef）", "sourceRef is required"));
        }
        return out;
    }
}
