package tw.einvoice.hub.web;

import org.springframework.stereotype.Service;
import tw.einvoice.hub.web.internal.HubUsers;

/** What a person may do to their own account from the console. */
@Service
public class UserAccounts {

    /** The shortest password the console accepts. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final HubUsers users;
    private final AuditTrail audit;

    UserAccounts(HubUsers users, AuditTrail audit) {
        this.users = users;
        this.audit = audit;
    }

    /** Why a password change was refused; {@code code} names the message the page shows. */
    public static class PasswordRefused extends RuntimeException {
        private final String code;

        PasswordRefused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Changes the password after checking the current one; audited without either password. */
    public void changePassword(HubPrincipal who, String current, String replacement, String remoteAddr) {
        if (!users.passwordMatches(who.name(), current)) {
            audit.record(who.actor(), "PASSWORD_CHANGE_REFUSED", who.name(), null, java.util.Map.of("reason", "wrong current password"), remoteAddr);
            throw new PasswordRefused("password.error.current", "the current password is wrong");
        }
        if (replacement == null || replacement.length() < MIN_PASSWORD_LENGTH) {
            throw new PasswordRefused("password.error.short", "the new password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (replacement.equals(current)) {
            throw new PasswordRefused("password.error.same", "the new password is the current one");
        }
        users.setPassword(who.name(), replacement);
        audit.record(who.actor(), "PASSWORD_CHANGED", who.name(), null, null, remoteAddr);
    }
}
