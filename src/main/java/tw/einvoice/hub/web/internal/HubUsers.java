package tw.einvoice.hub.web.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.sql.Array;
import java.util.List;
import java.util.Set;

/** People who log in: HQ admins, finance, branch users, integrators. Passwords are BCrypt hashes. */
@Service
public class HubUsers implements UserDetailsService {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;

    HubUsers(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    /** A logged-in user with the scope the web layer checks. */
    public static final class HubUser extends User {
        private final String role;
        private final String sellerId;
        private final Set<String> branchIds;

        HubUser(String username, String passwordHash, boolean enabled, String role, String sellerId, Set<String> branchIds) {
            super(username, passwordHash, enabled, true, true, true, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
            this.role = role;
            this.sellerId = sellerId;
            this.branchIds = branchIds;
        }

        public String role() {
            return role;
        }

        public String sellerId() {
            return sellerId;
        }

        public Set<String> branchIds() {
            return branchIds;
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        // PostgreSQL cannot even compare a NUL: such a name is no user's, not a failed login page (500)
        if (username == null || username.indexOf('\0') >= 0) {
            throw new UsernameNotFoundException("no such user");
        }
        return jdbc.sql("SELECT username, password_hash, enabled, role, seller_id, branch_ids FROM app_user WHERE username = ?")
                .param(username)
                .query((rs, n) -> new HubUser(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), branches(rs.getArray(6))))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException(username));
    }

    public boolean exists(String username) {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE username = ?").param(username).query(Long.class).single() > 0;
    }

    public void create(String username, String rawPassword, String role, String sellerId) {
        jdbc.sql("INSERT INTO app_user (username, password_hash, role, seller_id) VALUES (?, ?, ?, ?)")
                .params(username, encoder.encode(rawPassword), role, sellerId).update();
    }

    public boolean passwordMatches(String username, String rawPassword) {
        return rawPassword != null && jdbc.sql("SELECT password_hash FROM app_user WHERE username = ? AND enabled")
                .param(username).query(String.class).optional()
                .map(hash -> encoder.matches(rawPassword, hash)).orElse(false);
    }

    public void setPassword(String username, String rawPassword) {
        jdbc.sql("UPDATE app_user SET password_hash = ? WHERE username = ?").params(encoder.encode(rawPassword), username).update();
    }

    /** A user scoped to some branches of one seller (role BRANCH), or to one seller (branchIds empty). */
    public void create(String username, String rawPassword, String role, String sellerId, Set<String> branchIds) {
        jdbc.sql("INSERT INTO app_user (username, password_hash, role, seller_id, branch_ids) VALUES (?, ?, ?, ?, ?)")
                .params(username, encoder.encode(rawPassword), role, sellerId,
                        branchIds == null || branchIds.isEmpty() ? null : branchIds.toArray(String[]::new)).update();
    }

    /** One account as the admin page lists it; no password hash. */
    public record Account(String username, String role, String sellerId, Set<String> branchIds, boolean enabled,
                          java.time.OffsetDateTime createdAt) {
    }

    public List<Account> list() {
        return jdbc.sql("SELECT username, role, seller_id, branch_ids, enabled, created_at FROM app_user ORDER BY username")
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), branches(rs.getArray(4)),
                        rs.getBoolean(5), rs.getObject(6, java.time.OffsetDateTime.class)))
                .list();
    }

    /** Returns false when there is no such user or it already had that state. */
    public boolean setEnabled(String username, boolean enabled) {
        return jdbc.sql("UPDATE app_user SET enabled = ? WHERE username = ? AND enabled <> ?")
                .params(enabled, username, enabled).update() == 1;
    }

    private static Set<String> branches(Array array) throws java.sql.SQLException {
        return array == null ? Set.of() : Set.of((String[]) array.getArray());
    }
}
