package tw.einvoice.hub.web.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys for machine clients. Keys are long random strings, so a plain SHA-256 is enough to store them safely
 * (unlike passwords, they cannot be guessed from a dictionary). Beside the hash only a short id is kept, which is no
 * part of the secret: {@code ehk_} and the six characters after it for the hub's own keys, so an admin can tell
 * which key a row is; a key chosen by the operator in another shape gets an id made from its hash. A presented key
 * is looked up by its id and its hash compared in constant time.
 */
@Service
public class ApiKeys {

    /** The configured key's name; a newer HUB_API_KEY revokes the keys an older one registered. */
    static final String CONFIGURED = "HUB_API_KEY";
    /** The same for the Prometheus key of HUB_METRICS_API_KEY. */
    static final String CONFIGURED_METRICS = "HUB_METRICS_API_KEY";
    /** What a key may call: the invoice API ({@code /api/**}), and Prometheus's {@code /actuator/prometheus}. */
    public static final String SCOPE_API = "api";
    public static final String SCOPE_METRICS = "metrics";
    static final String PREFIX = "ehk_";
    static final int ID_LENGTH = PREFIX.length() + 6;
    static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final JdbcClient jdbc;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record KeyOwner(long id, String name, String sellerId, Set<String> scopes) {
        public boolean may(String scope) {
            return scopes.contains(scope);
        }
    }

    /** What became of a HUB_API_KEY at start. */
    record Configured(boolean registered, boolean revokedBefore, int replaced) {
    }

    /** Creates a random key for the seller's invoice API and returns it; it cannot be shown again. */
    public String create(String sellerId, String name) {
        return create(sellerId, name, Set.of(SCOPE_API));
    }

    /** Creates a random key with the scopes given ({@link #SCOPE_API}, {@link #SCOPE_METRICS}); shown once. */
    public String create(String sellerId, String name, Set<String> scopes) {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        register(key.toString(), sellerId, name, scopes);
        return key.toString();
    }

    /** Stores a key for the invoice API; returns false when it is already known (revoked or not). */
    public boolean register(String key, String sellerId, String name) {
        return register(key, sellerId, name, Set.of(SCOPE_API));
    }

    /** Stores a key with its scopes; returns false when it is already known (revoked or not). */
    public boolean register(String key, String sellerId, String name, Set<String> scopes) {
        if (scopes.isEmpty() || !Set.of(SCOPE_API, SCOPE_METRICS).containsAll(scopes)) {
            throw new IllegalArgumentException("an API key's scopes are " + SCOPE_API + " and/or " + SCOPE_METRICS
                    + ", not " + scopes);
        }
        if (key == null || key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an API key has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters ("
                    + name + " has " + (key == null ? 0 : key.length()) + ")");
        }
        return jdbc.sql("""
                        INSERT INTO api_key (prefix, key_hash, seller_id, name, scopes) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (key_hash) DO NOTHING""")
                .params(id(key), hash(key), sellerId, name, scopes.stream().sorted().toArray(String[]::new)).update() == 1;
    }

    /**
     * The operator's HUB_API_KEY: registered for the seller, and every key an earlier HUB_API_KEY registered is revoked,
     * so replacing the variable takes the old key out of service. A key that was revoked stays revoked.
     */
    @Transactional
    Configured configure(String key, String sellerId) {
        return configure(key, sellerId, CONFIGURED, Set.of(SCOPE_API));
    }

    /** As {@link #configure(String, String)}, for the key of {@code variable} with its scopes. */
    @Transactional
    Configured configure(String key, String sellerId, String variable, Set<String> scopes) {
        String hash = hash(key);
        boolean revokedBefore = jdbc.sql("SELECT count(*) FROM api_key WHERE key_hash = ? AND revoked_at IS NOT NULL")
                .param(hash).query(Long.class).single() > 0;
        if (revokedBefore) {
            return new Configured(false, true, 0);
        }
        boolean registered = register(key, sellerId, variable, scopes);
        int replaced = jdbc.sql("""
                        UPDATE api_key SET revoked_at = now()
                        WHERE name = ? AND key_hash <> ? AND revoked_at IS NULL""")
                .params(variable, hash).update();
        return new Configured(registered, false, replaced);
    }

    public boolean anyFor(String sellerId) {
        return jdbc.sql("SELECT count(*) FROM api_key WHERE seller_id = ? AND revoked_at IS NULL")
                .param(sellerId).query(Long.class).single() > 0;
    }

    public Optional<KeyOwner> authenticate(String key) {
        if (key == null || key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(hash(key));
        List<Candidate> candidates = jdbc.sql("""
                        SELECT id, name, seller_id, key_hash, scopes FROM api_key WHERE prefix = ? AND revoked_at IS NULL""")
                .param(id(key))
                .query((rs, n) -> new Candidate(new KeyOwner(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Set.of((String[]) rs.getArray(5).getArray())), rs.getString(4)))
                .list();
        Optional<KeyOwner> owner = Optional.empty();
        for (Candidate c : candidates) {
            // every candidate is compared, and in full: the time taken says nothing about how much of a key matched
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(c.hash())) && owner.isEmpty()) {
                owner = Optional.of(c.owner());
            }
        }
        // a write per request would make every API call a transaction; minute precision is enough
        owner.ifPresent(o -> jdbc.sql("""
                UPDATE api_key SET last_used_at = now()
                WHERE id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .param(o.id()).update());
        return owner;
    }

    /** A key as the admin page lists it: its non-secret id, never the hash. */
    public record Listed(long id, String keyId, String name, String sellerId, java.time.OffsetDateTime createdAt,
                         java.time.OffsetDateTime lastUsedAt, java.time.OffsetDateTime revokedAt) {
    }

    /** Keys of these sellers (all when null), live ones first, newest first. */
    public List<Listed> list(java.util.Collection<String> sellerIds) {
        return jdbc.sql("""
                        SELECT id, prefix, name, seller_id, created_at, last_used_at, revoked_at FROM api_key
                        WHERE (CAST(? AS boolean) OR seller_id = ANY(?))
                        ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC""")
                .params(sellerIds == null, sellerIds == null ? new String[0] : sellerIds.toArray(String[]::new))
                .query((rs, n) -> new Listed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, java.time.OffsetDateTime.class), rs.getObject(6, java.time.OffsetDateTime.class),
                        rs.getObject(7, java.time.OffsetDateTime.class)))
                .list();
    }

    /** Takes the key out of service at once; false when it was already revoked or does not exist. */
    public boolean revoke(long id) {
        return jdbc.sql("UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL").param(id).update() == 1;
    }

    private record Candidate(KeyOwner owner, String hash) {
    }

    /** The key's non-secret id: what the table keeps in the clear, and what a presented key is looked up by. */
    static String id(String key) {
        if (key.startsWith(PREFIX)) {
            return key.substring(0, ID_LENGTH);
        }
        return "key_" + hash(key).substring(0, 6);
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
