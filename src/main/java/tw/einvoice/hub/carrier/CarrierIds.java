package tw.einvoice.hub.carrier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Derives a member's carrier id (CarrierId1) and hidden code (CarrierId2) from the seller and the member's identity:
 * HMAC-SHA256 keyed with {@code hub.carrier.secret}, one purpose label each, the first 80 bits written as 16 Crockford
 * Base32 characters (digits and capitals without I, L, O, U: nothing to misread on a screen, nothing Turnkey strips).
 * Stable for the same input and secret; unique and not guessable without the secret (80 bits); the same member of two
 * sellers gets unrelated carriers. The platform publishes no format for member carrier ids beyond CarrierId1/2 at most
 * 64 characters (the MIG), so the form is ours.
 */
final class CarrierIds {

    static final int LENGTH = 16;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    record Derived(String carrierId, String hiddenCode) {
    }

    private final byte[] secret;

    CarrierIds(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("hub.carrier.secret is not set");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    Derived derive(String sellerId, MemberIdentity member) {
        String input = sellerId + '\u0000' + member.canonical();
        return new Derived(base32(hmac("carrier-id\u0000" + input)), base32(hmac("hidden-code\u0000" + input)));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The first 5 × LENGTH bits, 5 at a time. */
    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            int bit = i * 5;
            int word = ((bytes[bit / 8] & 0xff) << 8) | (bytes[bit / 8 + 1] & 0xff);
            out.append(CROCKFORD[(word >>> (11 - bit % 8)) & 0x1f]);
        }
        return out.toString();
    }
}
