package tw.einvoice.hub.lottery;

/**
 * The prizes of the uniform-invoice lottery (統一發票兌獎), highest first, with the amounts of the MOF's lottery rules. An invoice
 * wins the first of these that its number matches, and only that one.
 */
public enum Prize {
    SPECIAL("special", "特別獎", 10_000_000),
    GRAND("grand", "特獎", 2_000_000),
    FIRST("first", "頭獎", 200_000),
    SECOND("second", "二獎", 40_000),
    THIRD("third", "三獎", 10_000),
    FOURTH("fourth", "四獎", 4_000),
    FIFTH("fifth", "五獎", 1_000),
    SIXTH("sixth", "六獎", 200),
    ADDITIONAL_SIXTH("additional-sixth", "增開六獎", 200),
    NONE("none", "未中獎", 0);

    private final String code;
    private final String chinese;
    private final long amount;

    Prize(String code, String chinese, long amount) {
        this.code = code;
        this.chinese = chinese;
        this.amount = amount;
    }

    /** The word the CLI, the API and the CSV use: {@code special}, {@code additional-sixth}, {@code none} … */
    public String code() {
        return code;
    }

    /** The name consumers know the prize by, for notices. */
    public String chinese() {
        return chinese;
    }

    /** NTD. */
    public long amount() {
        return amount;
    }

    public static Prize ofCode(String code) {
        for (Prize p : values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no prize called " + code);
    }

    /** A first-prize number matched on its last {@code digits} digits (8 = the first prize itself, 3 = the sixth). */
    static Prize ofFirstSuffix(int digits) {
        return switch (digits) {
            case 8 -> FIRST;
            case 7 -> SECOND;
            case 6 -> THIRD;
            case 5 -> FOURTH;
            case 4 -> FIFTH;
            case 3 -> SIXTH;
            default -> NONE;
        };
    }
}
