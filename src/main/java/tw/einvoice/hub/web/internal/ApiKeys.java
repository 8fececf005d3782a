package tw.einvoice.hub.web.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API keys for machine clients. Keys are long random strings, so a plain SHA-256 is enough to
 * store them safely (unlike passwords, they cannot be guessed from a dictionary); only the hash
 * and a short prefix for recognising a key in lists are kept.
 */
@Service
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final JdbcClient jdbc;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record KeyOwner(long id, String name, String sellerId) {
    }

    /** Creates a random key for the seller and returns it; it cannot be shown again. */
    public String create(String sellerId, String name) {
        StringBuilder key = new StringBuilder("ehk_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        register(key.toString(), sellerId, name);
        return key.toString();
    }

    /** Stores a key chosen by the operator (HUB_API_KEY); returns false when it is already known. */
    public boolean register(String key, String sellerId, String name) {
        String hash = hash(key);
        String prefix = key.substring(0, Math.min(12, key.length())) + "…" + hash.substring(0, 3);
        return jdbc.sql("""
                        INSERT INTO api_key (prefix, key_hash, seller_id, name) VALUES (?, ?, ?, ?)
                        ON CONFLICT (prefix) DO NOTHING""")
                .params(prefix, hash, sellerId, name).update() == 1;
    }

    public boolean anyFor(String sellerId) {
        return jdbc.sql("SELECT count(*) FROM api_key WHERE seller_id = ? AND revoked_at IS NULL")
                .param(sellerId).query(Long.class).single() > 0;
    }

    public Optional<KeyOwner> authenticate(String key) {
        if (key == null || key.length() < 16 || key.length() > 256) {
            return Optional.empty();
        }
        Optional<KeyOwner> owner = jdbc.sql("SELECT id, name, seller_id FROM api_key WHERE key_hash = ? AND revoked_at IS NULL")
                .param(hash(key))
                .query((rs, n) -> new KeyOwner(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
        // a write per request would make every API call a transaction; minute precision is enough
        owner.ifPresent(o -> jdbc.sql("""
                UPDATE api_key SET last_used_at = now()
                WHERE id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .param(o.id()).update());
        return owner;
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
