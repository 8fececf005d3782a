package tw.einvoice.hub.mediafile;

import java.util.List;

/**
 * One seller's media file for one period: its entries in file order, the tax registration number written into
 * every record, and the report.
 */
public record MediaFile(String sellerId, String period, String taxRegistrationNo, List<MediaEntry> entries,
                        MediaFileReport report) {

    /** The file's name the MOF's tools expect to be given: the seller's BAN and the period, e.g. {@code 04595257_11508.txt}. */
    public String fileName() {
        return sellerId + "_" + period + ".txt";
    }

    /** The records, CRLF after each; throws when the report has errors. */
    public byte[] bytes() {
        if (!report.writable()) {
            throw new IllegalStateException("media file " + fileName() + " not written: " + String.join("; ", report.errors()));
        }
        return MediaFileWriter.write(entries, taxRegistrationNo);
    }
}
