package tw.einvoice.hub.mediafile;

import java.util.List;
import java.util.Map;

/**
 * What a media file holds and what is wrong with it. Warnings leave the file usable (a BAN whose checksum fails, a
 * number outside the seller's ranges); errors stop it from being written (an amount wider than its field).
 *
 * @param recordsByFormatCode  records per format code, codes in ascending order
 * @param recordsByKind        records per form: PURCHASE, SALE, CANCELLED, BLANK
 * @param salesByTaxType       sales records per tax type (1, 2, 3, F, D) with their sales and tax totals
 * @param purchasesByTaxType   purchase records per tax type with their totals
 * @param purchaseSource       where purchases came from, or why there are none
 */
public record MediaFileReport(String sellerId, String period, int records, Map<String, Integer> recordsByFormatCode,
                              Map<MediaEntry.Kind, Integer> recordsByKind, Map<String, Totals> salesByTaxType,
                              Map<String, Totals> purchasesByTaxType, String purchaseSource, List<String> warnings,
                              List<String> errors) {

    /** Records of one tax type and their sums. */
    public record Totals(int records, long salesAmount, long taxAmount) {
        Totals plus(MediaEntry e) {
            return new Totals(records + 1, salesAmount + e.salesAmount(), taxAmount + e.taxAmount());
        }
    }

    /** True when the file can be written. */
    public boolean writable() {
        return errors.isEmpty();
    }

    /** A few lines for a terminal or a log. */
    public List<String> summary() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("media file " + sellerId + " period " + period + ": " + records + " records " + recordsByKind);
        lines.add("format codes: " + recordsByFormatCode);
        salesByTaxType.forEach((t, v) -> lines.add("sales tax type " + t + ": " + v.records() + " records, sales "
                + v.salesAmount() + ", tax " + v.taxAmount()));
        purchasesByTaxType.forEach((t, v) -> lines.add("purchases tax type " + t + ": " + v.records() + " records, sales "
                + v.salesAmount() + ", tax " + v.taxAmount()));
        lines.add("purchases: " + purchaseSource);
        warnings.forEach(w -> lines.add("WARNING " + w));
        errors.forEach(e -> lines.add("ERROR " + e));
        return lines;
    }
}
