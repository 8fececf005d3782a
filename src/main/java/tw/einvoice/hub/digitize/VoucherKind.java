package tw.einvoice.hub.digitize;

/**
 * What sort of paper a voucher is, and the purchase format code (the MOF's 401 layout) it takes in the 401 media file.
 */
public enum VoucherKind {
    /** 電子發票證明聯: read from its QR codes. */
    E_INVOICE("25"),
    /** 三聯式統一發票 (handwritten or computer). */
    THREE_PART("21"),
    /** 收銀機統一發票 and other cash-register receipts. */
    RECEIPT("22"),
    /** Text found but no kind recognised: reviewed like a receipt. */
    UNKNOWN("22");

    private final String purchaseFormatCode;

    VoucherKind(String purchaseFormatCode) {
        this.purchaseFormatCode = purchaseFormatCode;
    }

    public String purchaseFormatCode() {
        return purchaseFormatCode;
    }
}
