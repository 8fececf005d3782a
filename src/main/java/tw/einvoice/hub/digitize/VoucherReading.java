package tw.einvoice.hub.digitize;

import java.util.Map;

/**
 * What was read off one voucher image.
 *
 * @param source     "qr" (the proof's codes), "ocr", or "none" when nothing could be read
 * @param confidence field name → 0..1; a field not found has none
 * @param flags      field name → why a reviewer must look at it (failed checksum, arithmetic, low confidence,
 *                   barcode disagreeing with the QR); empty means the reading may be approved as it is
 * @param text       the recognised text (OCR) or the decoded codes (QR), kept for full-text search
 */
public record VoucherReading(String source, VoucherKind kind, VoucherFields fields, Map<String, Double> confidence,
                             Map<String, String> flags, String text) {

    /** The voucher's overall confidence: its least sure field, 0 when nothing was read. */
    public double overallConfidence() {
        return confidence.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    public boolean flagged() {
        return !flags.isEmpty();
    }
}
