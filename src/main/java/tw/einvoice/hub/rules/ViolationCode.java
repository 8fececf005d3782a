package tw.einvoice.hub.rules;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Every rule the validator enforces. The constant's name is the stable code sent to sources and stored with
 * rejected records, so never rename one; the templates take the arguments listed on each constant.
 */
public enum ViolationCode {

    /** (field) */
    REQUIRED("缺少必要欄位 %s", "%s is required"),
    /** () */
    ITEMS_REQUIRED("發票至少要有一個品項", "The invoice needs at least one item"),
    /** (value) */
    BAN_FORMAT("統一編號必須是 8 位數字，收到「%s」", "A BAN must be 8 digits, got '%s'"),
    /** (value) */
    BAN_CHECKSUM("統一編號 %s 檢查碼錯誤", "BAN %s fails the checksum"),
    /** (sellerId) */
    SELLER_UNKNOWN("賣方 %s 未在本系統設定", "Seller %s is not configured in the hub"),
    /** (branchId, sellerId) */
    BRANCH_UNKNOWN("分支機構 %s 不是賣方 %s 已設定的分支", "Branch %s is not configured for seller %s"),
    /** (field, max, actual length) */
    TOO_LONG("%s 最多 %s 個字，收到 %s 個字", "%s allows at most %s characters, got %s"),
    /** (field, allowed values, value) */
    ENUM("%s 必須是 %s 其中之一，收到「%s」", "%s must be one of %s, got '%s'"),
    /** (field, expected form, value) */
    PATTERN("%s 格式應為 %s，收到「%s」", "%s must look like %s, got '%s'"),
    /** (carrier type) */
    CARRIER_TYPE_UNKNOWN("不支援的載具類別「%s」", "Unknown carrier type '%s'"),
    /** (carrier type, carrier id) */
    CARRIER_ID_FORMAT("載具類別 %s 的載具號碼格式錯誤：「%s」", "'%2$s' is not a valid id for carrier type %1$s"),
    /** (code) */
    DONATION_CODE_FORMAT("愛心碼必須是 3 到 7 位數字，收到「%s」", "A donation code must be 3 to 7 digits, got '%s'"),
    /** () */
    CARRIER_WITH_DONATION("捐贈的發票不可同時存入載具", "A donated invoice cannot also be kept in a carrier"),
    /** (buyer BAN) */
    BUSINESS_BUYER_WITH_CARRIER("買方為營業人（統編 %s）時只能存入手機條碼載具（3J0002），且須列印證明聯",
            "An invoice to a business buyer (BAN %s) can be kept only in a mobile barcode (3J0002), and is then printed"),
    /** (buyer BAN) */
    BUSINESS_BUYER_WITH_DONATION("買方為營業人（統編 %s）時不可捐贈",
            "An invoice to a business buyer (BAN %s) cannot be donated"),
    /** () */
    PRINT_WITH_CARRIER("存入載具的發票不可列印證明聯", "An invoice kept in a carrier is not printed"),
    /** () */
    PRINT_WITH_DONATION("捐贈的發票不可列印證明聯", "A donated invoice is not printed"),
    /** (max, actual count) */
    TOO_MANY_ITEMS("品項最多 %s 項，收到 %s 項", "An invoice holds at most %s items, got %s"),
    /** (field, value) */
    DECIMAL_FORMAT("%s 最多 20 位數字且小數最多 7 位，收到 %s",
            "%s allows at most 20 digits with at most 7 decimals, got %s"),
    /** (amount, quantity, unit price, quantity × unit price) */
    ITEM_AMOUNT_MISMATCH("金額 %s 不等於數量 %s × 單價 %s = %s",
            "Amount %s does not equal quantity %s × unit price %s = %s"),
    /** (invoice tax type, item tax types found) */
    TAX_TYPE_MIXED("課稅別 %s 與品項課稅別 %s 不符：品項有多種課稅別時須為 9（混合），且 9 只用於多種課稅別",
            "Tax type %s does not fit item tax types %s: use 9 (mixed) exactly when items have more than one tax type"),
    /** (item tax type, expected item tax type, invoice tax type) */
    ITEM_TAX_TYPE_MISMATCH("品項課稅別 %s 與發票課稅別 %3$s 不符，應為 %2$s",
            "Item tax type %s does not match invoice tax type %3$s; expected %2$s"),
    /** (rate, invoice tax type, allowed range) */
    TAX_RATE("課稅別 %2$s 的稅率須為 %3$s，收到 %1$s", "The tax rate for tax type %2$s must be in %3$s, got %1$s"),
    /** () */
    ZERO_TAX_REASON_REQUIRED("零稅率發票必須填寫零稅率原因（71–79）", "A zero-rated invoice needs a zero tax rate reason (71–79)"),
    /** () */
    CUSTOMS_MARK_REQUIRED("零稅率發票必須填寫通關方式註記（1 或 2）", "A zero-rated invoice needs a customs clearance mark (1 or 2)"),
    /** (field, value) */
    ZERO_TAX_FIELDS_NOT_ALLOWED("非零稅率發票不可填寫 %s，收到「%s」", "%s is only for zero-rated invoices, got '%s'"),
    /** (field, value) */
    AMOUNT_FORMAT("%s 必須是 0 以上、最多 12 位數的整數新台幣金額，收到 %s",
            "%s must be a whole NTD amount, 0 or more, at most 12 digits, got %s"),
    /** (given, expected, tolerance) */
    TAX_AMOUNT_MISMATCH("稅額 %s 與依品項計算的 %s 相差超過 %s 元", "Tax amount %s differs from the computed %s by more than %s NTD"),
    /** (given, expected) */
    SALES_AMOUNT_MISMATCH("銷售額 %s 與依品項計算的 %s 不符", "Sales amount %s does not match the computed %s"),
    /** (given, expected) */
    ZERO_TAX_SALES_MISMATCH("零稅率銷售額 %s 與依品項計算的 %s 不符", "Zero-rated sales amount %s does not match the computed %s"),
    /** (given, expected) */
    FREE_TAX_SALES_MISMATCH("免稅銷售額 %s 與依品項計算的 %s 不符", "Tax-exempt sales amount %s does not match the computed %s"),
    /** (given, expected) */
    TOTAL_AMOUNT_MISMATCH("總計 %s 不等於銷售額、免稅、零稅率銷售額與稅額的合計 %s",
            "Total amount %s does not equal sales + exempt + zero-rated + tax = %s"),
    /** (issuedAt, now) */
    ISSUED_IN_FUTURE("開立時間 %s 晚於現在時間 %s", "Issue time %s is later than now (%s)"),
    /** (invoice period, current period) */
    PERIOD_CLOSED("發票期別 %s 已不能開立，目前期別為 %s", "Period %s is closed for issuing; the current period is %s"),
    /** (number, branch, invoice type, period) */
    NUMBER_NOT_IN_SOURCE_RANGE("發票號碼 %s 不在分支 %s（類別 %s、期別 %s）由來源自行配號的字軌範圍內",
            "Invoice number %s is not in a range that branch %s numbers itself (invoice type %s, period %s)"),
    /** (number, branch, invoice type, period) */
    NUMBER_IN_HUB_RANGE("發票號碼 %s 屬於由本系統配號的字軌範圍（分支 %s、類別 %s、期別 %s），來源不可自行使用",
            "Invoice number %s lies in a range the hub numbers (branch %s, invoice type %s, period %s); a source may use only its own (SOURCE) ranges"),
    /** (number) */
    NUMBER_ALREADY_USED("發票號碼 %s 已被另一張發票使用", "Invoice number %s is already used by another invoice"),
    /** (connector, sourceRef); the other seller is not named: a caller may not learn another seller's invoices */
    SOURCE_REF_OF_ANOTHER_SELLER("來源 %s 的單據編號 %s 已屬於另一營業人的發票；同一來源的單據編號不可跨營業人重複使用",
            "Source %s already made an invoice for another seller from sourceRef %s; a source's references may not repeat across sellers"),

    // Turnkey's program rules (its code 7001, checked after the schema): what Turnkey refuses is refused here
    // first, before a number is taken. The XML-level twins are in tw.einvoice.hub.mig.TurnkeyRules.

    /** (sellerId) */
    SELLER_ADDRESS_REQUIRED("賣方 %s 沒有地址：請填寫發票的 seller.address 或在賣方設定中填寫地址（Turnkey 拒收沒有 Seller/Address 的發票）",
            "Seller %s has no address: give seller.address or configure the seller's address (Turnkey refuses an F0401 without Seller/Address)"),
    /** (name) */
    CONSUMER_NAME_REFUSED("消費者的買方名稱不可為「%s」：Turnkey 拒收 0、00、000、0000",
            "A consumer's buyer name cannot be '%s': Turnkey refuses 0, 00, 000 and 0000"),
    /** (carrier id) */
    CARRIER_ID_BLANKS("載具號碼「%s」開頭或結尾有空白（半形或全形），Turnkey 會拒收",
            "Carrier id '%s' starts or ends with a blank (half- or full-width), which Turnkey refuses"),
    /** () */
    PRINT_REQUIRED("未存入載具也未捐贈的發票必須列印證明聯（print 不可為 false），否則 Turnkey 會拒收",
            "An invoice neither kept in a carrier nor donated must be printed (print cannot be false), or Turnkey refuses it"),
    /** (NPOBAN) */
    NPOBAN_WITHOUT_DONATION("DonateMark 為 0（未捐贈）時不可填寫 NPOBAN，收到「%s」",
            "NPOBAN '%s' is given but DonateMark is 0 (not donated)"),
    /** (buyer identifier) */
    PRINTED_CARRIER_NEEDS_BUSINESS_BUYER("列印證明聯又存入手機條碼載具的發票，買方必須是營業人（統一編號），收到「%s」",
            "An invoice both printed and kept in a mobile barcode needs a business buyer (BAN), got '%s'"),
    /** (buyer identifier) */
    ALLOWANCE_TYPE_NEEDS_BUSINESS_BUYER("折讓種類 1（買方開立）的買方必須是營業人（統一編號），收到「%s」",
            "Allowance type 1 (issued by the buyer) needs a business buyer (BAN), got '%s'"),

    // The form of the canonical JSON itself (CanonicalShape), checked before anything is looked up or stored. FORMAT
    // and UNKNOWN_FIELD were sent by intake under these names before they became constants.

    /** (field) */
    UNKNOWN_FIELD("不認識的欄位 %s", "unknown field %s"),
    /** (field, expected JSON type, what came) */
    WRONG_TYPE("%s 應為 JSON %s，收到 %s", "%s must be a JSON %s, got %s"),
    /** (field, expected form, value) */
    FORMAT("%s 格式錯誤：應為 %s，收到「%s」", "%s has the wrong format: expected %s, got '%s'"),
    /** (field, character, position counted from 1) */
    CHARACTER_NOT_ALLOWED("%1$s 的第 %3$s 個字元 %2$s 不能用在發票上（控制字元、不成對的代理字元、U+FFFE 與 U+FFFF、雙向文字控制字元都不行）",
            "%s holds %s at character %s, which an invoice cannot carry (no control characters, unpaired surrogates, U+FFFE or U+FFFF, bidirectional controls)"),
    /** (field, first year, last year, value) */
    DATE_OUT_OF_RANGE("%s 的年份須在 %s 到 %s 年之間（民國 1 到 999 年），收到 %s",
            "%s must lie in the years %s to %s (ROC years 1 to 999), got %s"),
    /** (field, what went wrong) */
    HUB_DEFECT("本系統無法處理 %s（%s）：這是本系統的缺陷，已記錄給維運人員；此筆資料已保留，修正後可重送",
            "The hub could not take %s (%s): a defect in the hub, logged for its operators; the record is kept and can be replayed once it is fixed"),
    /** () */
    MEMBER_CARRIER_OFF("本系統未啟用會員載具（未設定 hub.carrier.member-type），無法處理 member",
            "Member carriers are off in this hub (hub.carrier.member-type is not set), so member cannot be used"),
    /** (source) */
    MEMBER_SOURCE_UNKNOWN("會員來源必須是 erp、shopee 或 email 其中之一，收到「%s」",
            "member.source must be one of erp, shopee, email, got '%s'"),
    /** (value) */
    MEMBER_EMAIL_FORMAT("會員來源為 email 時，member.id 必須是電子郵件地址，收到「%s」",
            "With member.source email, member.id must be an email address, got '%s'"),
    /** () */
    MEMBER_WITH_CARRIER("發票已指定 carrier 或 donation，不可再指定 member（會員載具由本系統產生）",
            "An invoice with a carrier or a donation cannot also name a member (the hub makes the member's carrier)");

    /** Digits a number may have before or after its point and still be shown written out. */
    private static final int PLAIN_DIGITS = 40;

    private final String messageZh;
    private final String messageEn;

    ViolationCode(String messageZh, String messageEn) {
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    /** The 中文 message template ({@link String#format} placeholders). */
    public String messageZh() {
        return messageZh;
    }

    /** The English message template ({@link String#format} placeholders). */
    public String messageEn() {
        return messageEn;
    }

    /** A violation of this rule at {@code field}, with the templates filled from {@code args}. */
    public Violation at(String field, Object... args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = display(args[i]);
        }
        return new Violation(field, name(), String.format(Locale.ROOT, messageZh, shown),
                String.format(Locale.ROOT, messageEn, shown));
    }

    /**
     * A value as a message shows it: text escaped and cut short ({@link InvoiceText#shown}), so that a 5,000-character
     * or NUL-holding value makes a readable, storable message.
     */
    private static Object display(Object value) {
        if (value instanceof BigDecimal number) {
            // toString would print 1E+3 for a stripped BigDecimal; people expect 1000. But 1E+999999999 in plain
            // digits is a gigabyte: a value that far out of range keeps its short form.
            long integerDigits = (long) number.precision() - number.scale();
            return integerDigits <= PLAIN_DIGITS && number.scale() <= PLAIN_DIGITS ? number.toPlainString() : number.toString();
        }
        if (value instanceof CharSequence text) {
            return InvoiceText.shown(text.toString());
        }
        return value;
    }
}
