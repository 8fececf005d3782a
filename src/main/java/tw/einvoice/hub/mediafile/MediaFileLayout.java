package tw.einvoice.hub.mediafile;

import java.util.List;

/**
 * The layout of one 401 media-file record and the codes written into it: the only place positions, widths and
 * code values live (the MOF's 401 layout). The cancelled ({@code F}) and blank ({@code D}, aggregate mark {@code A}) codes and
 * the blank range's end number in the buyer-BAN field come from implementations, not the MOF's text: correct them
 * here and every record follows.
 */
public final class MediaFileLayout {

    /** Bytes of one record, without the line ending. */
    public static final int RECORD_LENGTH = 81;

    /** How a value fills its field. */
    public enum Fill {
        /** digits, right-aligned, zero-padded on the left */
        ZEROS,
        /** text, left-aligned, space-padded on the right */
        SPACES
    }

    /**
     * One field: 1-based start, length, fill, and where its value comes from.
     */
    public enum Field {
        FORMAT_CODE(1, 2, Fill.SPACES, "format code (格式代號): purchases 21/22/25, sales 35"),
        TAX_REGISTRATION_NO(3, 9, Fill.SPACES, "the seller's tax registration number (稅籍編號), setting hub.media-file.tax-registration-numbers"),
        SEQUENCE(12, 7, Fill.ZEROS, "the record's running number in the file, from 1"),
        ROC_YEAR(19, 3, Fill.ZEROS, "ROC year of the voucher date (blank ranges: of the period)"),
        MONTH(22, 2, Fill.ZEROS, "month of the voucher date (blank ranges: the period's closing month)"),
        BUYER_BAN(24, 8, Fill.SPACES, "buyer's BAN: ours for purchases, the business buyer's for sales, blank for consumers "
                + "and cancelled invoices, the range's end number for blank ranges"),
        SELLER_BAN(32, 8, Fill.SPACES, "seller's BAN: the counterpart's for purchases, ours (or the branch's) for sales"),
        TRACK(40, 2, Fill.SPACES, "track (字軌), two letters"),
        NUMBER(42, 8, Fill.ZEROS, "invoice number without its track (blank ranges: the first number)"),
        SALES_AMOUNT(50, 12, Fill.ZEROS, "sales amount before tax, whole NTD (0 for cancelled and blank)"),
        TAX_TYPE(62, 1, Fill.SPACES, "tax type: 1 taxable, 2 zero-rated, 3 exempt, F cancelled, D blank"),
        TAX_AMOUNT(63, 10, Fill.ZEROS, "tax amount, whole NTD"),
        DEDUCTION_CODE(73, 1, Fill.SPACES, "purchases only: deduction code 1-4"),
        RESERVED(74, 5, Fill.SPACES, "blank"),
        SPECIAL_TAX_RATE(79, 1, Fill.SPACES, "special tax rate code (not written by the hub)"),
        AGGREGATE_MARK(80, 1, Fill.SPACES, "aggregate mark: A for a blank range"),
        CUSTOMS_MARK(81, 1, Fill.SPACES, "customs clearance mark of a zero-rated sale: 1 not through customs, 2 through customs");

        public final int start;
        public final int length;
        public final Fill fill;
        public final String source;

        Field(int start, int length, Fill fill, String source) {
            this.start = start;
            this.length = length;
            this.fill = fill;
            this.source = source;
        }

        /** 1-based position of the field's last byte. */
        public int end() {
            return start + length - 1;
        }
    }

    /** Format codes (格式代號) the hub writes. */
    public static final String SALES_E_INVOICE = "35";

    /** What kind of voucher a purchase is, and its format code. */
    public enum PurchaseKind {
        /** 三聯式統一發票 / 電子計算機統一發票 */
        THREE_PART_OR_COMPUTER("21"),
        /** 二聯式收銀機統一發票 / 載有稅額之其他憑證 */
        TWO_PART_REGISTER_OR_OTHER("22"),
        /** 三聯式收銀機統一發票 / 電子發票 */
        THREE_PART_REGISTER_OR_E_INVOICE("25");

        public final String formatCode;

        PurchaseKind(String formatCode) {
            this.formatCode = formatCode;
        }
    }

    /** Tax-type codes (課稅別). */
    public static final String TAXABLE = "1";
    public static final String ZERO_RATED = "2";
    public static final String EXEMPT = "3";
    public static final String CANCELLED = "F";
    public static final String BLANK = "D";
    public static final List<String> SALE_TAX_TYPES = List.of(TAXABLE, ZERO_RATED, EXEMPT);

    /** Aggregate mark (彙加註記) of a blank range: one record for the whole range. */
    public static final String BLANK_RANGE_AGGREGATE = "A";

    /** Deduction codes (扣抵代號) a purchase may carry. */
    public static final List<String> DEDUCTION_CODES = List.of("1", "2", "3", "4");

    static {
        // the table is the contract: contiguous from byte 1 to byte 81, so a wrong correction fails at start-up
        int next = 1;
        for (Field f : Field.values()) {
            if (f.start != next) {
                throw new ExceptionInInitializerError("media-file field " + f + " starts at " + f.start + ", expected " + next);
            }
            next = f.end() + 1;
        }
        if (next - 1 != RECORD_LENGTH) {
            throw new ExceptionInInitializerError("media-file fields end at " + (next - 1) + ", expected " + RECORD_LENGTH);
        }
    }

    private MediaFileLayout() {
    }
}
