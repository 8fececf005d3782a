package tw.einvoice.hub.web;

import org.springframework.stereotype.Service;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.web.internal.ApiKeys;
import tw.einvoice.hub.web.internal.HubUsers;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may get in: people (HQ admins manage them) and API keys (HQ admins and integrators). The rules of a new user
 * and of a key's seller are here, so the console and any later API apply the same ones.
 */
@Service
public class AccessAdministration {

    public static final Set<String> ROLES = new java.util.LinkedHashSet<>(List.of("ADMIN", "FINANCE", "BRANCH", "INTEGRATOR"));
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    private static final int MAX_KEY_NAME = 64;

    private final HubUsers users;
    private final ApiKeys keys;
    private final SellerDirectory sellers;

    AccessAdministration(HubUsers users, ApiKeys keys, SellerDirectory sellers) {
        this.users = users;
        this.keys = keys;
        this.sellers = sellers;
    }

    /** A user or key the rules refuse: {@code field} is the form's field, {@code code} the message that explains it. */
    public static class Refused extends RuntimeException {
        private final String field;
        private final String code;

        Refused(String field, String code, String message) {
            super(field + ": " + message);
            this.field = field;
            this.code = code;
        }

        public String field() {
            return field;
        }

        public String code() {
            return code;
        }
    }

    /** One person's account as the admin page lists it; no password hash. */
    public record Account(String username, String role, String sellerId, Set<String> branchIds, boolean enabled,
                          java.time.OffsetDateTime createdAt) {
    }

    /** A key by its non-secret id ({@code ehk_…}); the key itself was shown once at creation. */
    public record Key(long id, String keyId, String name, String sellerId, java.time.OffsetDateTime createdAt,
                      java.time.OffsetDateTime lastUsedAt, java.time.OffsetDateTime revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    public record NewUser(String username, String role, String sellerId, Set<String> branchIds, String password) {
    }

    public List<Account> users() {
        return users.list().stream().map(a -> new Account(a.username(), a.role(), a.sellerId(), a.branchIds(), a.enabled(),
                a.createdAt())).toList();
    }

    /** Creates a person's account; a BRANCH user needs a seller and at least one of its branches. */
    public Account createUser(NewUser u) {
        if (u.username() == null || !USERNAME.matcher(u.username()).matches()) {
            throw new Refused("username", "admin.error.username", "3 to 64 letters, digits or . _ @ -");
        }
        if (users.exists(u.username())) {
            throw new Refused("username", "admin.error.exists", "user " + u.username() + " already exists");
        }
        if (!ROLES.contains(u.role())) {
            throw new Refused("role", "admin.error.role", "role is one of " + ROLES);
        }
        String seller = blankToNull(u.sellerId());
        if (seller != null && sellers.find(seller).isEmpty()) {
            throw new Refused("sellerId", "admin.error.seller", "no seller " + seller);
        }
        Set<String> branches = u.branchIds() == null ? Set.of() : new LinkedHashSet<>(u.branchIds());
        if ("BRANCH".equals(u.role())) {
            if (seller == null || branches.isEmpty()) {
                throw new Refused("branchIds", "admin.error.branchScope", "branch staff need a seller and at least one branch");
            }
            Seller s = sellers.find(seller).orElseThrow();
            for (String b : branches) {
                if (s.branches().stream().noneMatch(known -> known.id().equals(b))) {
                    throw new Refused("branchIds", "admin.error.branch", "seller " + seller + " has no branch " + b);
                }
            }
        } else {
            branches = Set.of();
        }
        if (u.password() == null || u.password().length() < UserAccounts.MIN_PASSWORD_LENGTH) {
            throw new Refused("password", "admin.error.password", "at least " + UserAccounts.MIN_PASSWORD_LENGTH + " characters");
        }
        users.create(u.username(), u.password(), u.role(), seller, branches);
        return users().stream().filter(a -> a.username().equals(u.username())).findFirst().orElseThrow();
    }

    /** Disables or enables a user; nobody disables their own account (the last admin could lock everyone out). */
    public boolean setEnabled(HubPrincipal by, String username, boolean enabled) {
        if (!enabled && by.name().equals(username)) {
            throw new Refused("username", "admin.error.self", "you cannot disable your own account");
        }
        return users.setEnabled(username, enabled);
    }

    /** Keys of the sellers the caller may see. */
    public List<Key> keys(HubPrincipal by, Collection<String> visibleSellers) {
        return keys.list(by.allSellers() ? null : visibleSellers).stream().map(k -> new Key(k.id(), k.keyId(), k.name(),
                k.sellerId(), k.createdAt(), k.lastUsedAt(), k.revokedAt())).toList();
    }

    /** A new key for the seller; the returned secret is shown once and never stored in the clear. */
    public String createKey(HubPrincipal by, String sellerId, String name) {
        if (sellerId == null || sellers.find(sellerId).isEmpty() || !by.maySee(sellerId)) {
            throw new Refused("keySeller", "admin.error.seller", "no seller " + sellerId + " of yours");
        }
        if (name == null || name.isBlank() || name.strip().length() > MAX_KEY_NAME) {
            throw new Refused("keyName", "admin.error.keyName", "a name of 1 to " + MAX_KEY_NAME + " characters");
        }
        return keys.create(sellerId, name.strip());
    }

    public Key revokeKey(HubPrincipal by, long id, Collection<String> visibleSellers) {
        Key key = keys(by, visibleSellers).stream().filter(k -> k.id() == id).findFirst()
                .orElseThrow(() -> new Refused("key", "admin.error.noKey", "no API key " + id + " of yours"));
        keys.revoke(id);
        return key;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
