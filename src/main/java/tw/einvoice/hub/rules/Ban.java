package tw.einvoice.hub.rules;

import java.time.LocalDate;

/** 統一編號 checksum. */
public final class Ban {

    private Ban() {
    }

    /** Checksum under the rule in force on {@code onDate}. */
    public static boolean isValid(String ban, LocalDate onDate, LocalDate fiveRuleSince) {
        return false; // TODO rules helper
    }
}
