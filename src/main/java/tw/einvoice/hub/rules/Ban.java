package tw.einvoice.hub.rules;

import java.time.LocalDate;

/** 統一編號 checksum. */
public final class Ban {

    /** The MOF widened the checksum from ÷10 to ÷5 on this date because the ÷10 numbers ran out. */
    public static final LocalDate DEFAULT_FIVE_RULE_SINCE = LocalDate.of(2023, 4, 1);

    private static final int[] WEIGHTS = {1, 2, 1, 2, 1, 2, 4, 1};

    private Ban() {
    }

    /** True when {@code ban} is exactly eight ASCII digits; says nothing about the checksum. */
    public static boolean hasFormat(String ban) {
        if (ban == null || ban.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = ban.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Checksum under the rule in force on {@code onDate}. */
    public static boolean isValid(String ban, LocalDate onDate, LocalDate fiveRuleSince) {
        if (!hasFormat(ban)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int product = (ban.charAt(i) - '0') * WEIGHTS[i];
            sum += product / 10 + product % 10;
        }
        int divisor = onDate.isBefore(fiveRuleSince) ? 10 : 5;
        // 7 × 4 = 28 gives a digit sum of 10, which the rule lets count as either 1 or 0.
        boolean seventhIsSeven = ban.charAt(6) == '7';
        return sum % divisor == 0 || (seventhIsSeven && (sum + 1) % divisor == 0);
    }

    /** Checksum under the rule in force on {@code onDate}, with the ÷5 rule from {@link #DEFAULT_FIVE_RULE_SINCE}. */
    public static boolean isValid(String ban, LocalDate onDate) {
        return isValid(ban, onDate, DEFAULT_FIVE_RULE_SINCE);
    }
}
