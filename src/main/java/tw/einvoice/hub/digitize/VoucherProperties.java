package tw.einvoice.hub.digitize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.util.List;
import java.util.Locale;

/**
 * Voucher intake and reading ({@code hub.vouchers}).
 *
 * @param maxFileSize   largest image or PDF accepted (413 above it); Spring's multipart limit must be at least this
 * @param types         accepted types: png, jpeg, tiff, pdf (415 for any other, judged by the file's bytes)
 * @param inbox         watched folder; files are read, then moved to {@code processed/} or {@code failed/} inside it;
 *                      empty: no folder watched
 * @param inboxSeller   our BAN the inbox's vouchers belong to
 * @param tessdata      Tesseract models; empty: $TESSDATA_PREFIX or Debian's /usr/share/tesseract-ocr/5/tessdata
 * @param pollMillis    how often vouchers waiting to be read are looked for
 * @param bulkApproveMin least overall confidence a voucher with no flagged field needs for bulk approval
 */
@ConfigurationProperties("hub.vouchers")
public record VoucherProperties(DataSize maxFileSize, List<String> types, String inbox, String inboxSeller,
                                String tessdata, Long pollMillis, Double bulkApproveMin) {

    public VoucherProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(10) : maxFileSize;
        types = types == null || types.isEmpty() ? List.of("png", "jpeg", "tiff", "pdf")
                : types.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
        for (String t : types) {
            if (!List.of("png", "jpeg", "tiff", "pdf").contains(t)) {
                throw new IllegalArgumentException("hub.vouchers.types: '" + t + "' is not one of png, jpeg, tiff, pdf");
            }
        }
        pollMillis = pollMillis == null ? 2000L : pollMillis;
        bulkApproveMin = bulkApproveMin == null ? 0.9 : bulkApproveMin;
    }

    boolean accepts(VoucherImages.Type type) {
        return types.contains(type.name().toLowerCase(Locale.ROOT));
    }
}
