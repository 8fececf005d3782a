package tw.einvoice.hub.mediafile;

import java.time.LocalDate;

/**
 * One record of the media file before it is laid out. Amounts are whole NTD; text fields blank when empty.
 *
 * @param label what the record is, for the report (e.g. {@code sale AB12345678})
 */
public record MediaEntry(Kind kind, String formatCode, LocalDate date, String buyerBan, String sellerBan, String track,
                         String number, long salesAmount, String taxType, long taxAmount, String deductionCode,
                         String aggregateMark, String customsMark, String label) {

    /** Which of the four record forms. */
    public enum Kind { PURCHASE, SALE, CANCELLED, BLANK }
}
