package tw.einvoice.hub.print;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How proofs look ({@code hub.print}).
 *
 * @param font      a TrueType/OpenType font file (TTF, OTF or TTC) that has the CJK characters; empty: the system's
 *                  Noto Sans CJK TC (Debian fonts-noto-cjk) when installed
 * @param logo      an image file printed at the top, scaled to the paper's width; empty: none
 * @param remark    a line printed under the codes (e.g. 退換貨請持證明聯); empty: none
 * @param testMode  mark every proof 測試 (not a valid invoice); proofs of invoices the simulator confirmed are marked anyway
 * @param dotsPerMm resolution of the rendered proof; 12 (≈305 dpi) by default, 8 is a 203-dpi thermal head
 */
@ConfigurationProperties("hub.print")
public record PrintProperties(String font, String logo, String remark, boolean testMode, Integer dotsPerMm) {

    public PrintProperties {
        dotsPerMm = dotsPerMm == null ? 12 : dotsPerMm;
        if (dotsPerMm < 6 || dotsPerMm > 24) {
            throw new IllegalArgumentException("hub.print.dots-per-mm must be 6..24 (8 is 203 dpi, 12 is 305 dpi): " + dotsPerMm);
        }
    }

    public static PrintProperties defaults() {
        return new PrintProperties(null, null, null, false, null);
    }
}
