package tw.einvoice.hub.shopee;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Shopee Open API v2 signatures (developer guide 20 and 18): lower-case hex HMAC-SHA256 keyed with the partner
 * key's UTF-8 bytes (not hex-decoded, as the official Java demo does).
 */
final class ShopeeSigner {

    private final byte[] key;

    ShopeeSigner(String partnerKey) {
        // an unset key is allowed at start (Shopee off); signing with it fails and no push passes
        this.key = partnerKey == null ? new byte[0] : partnerKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Shop APIs: partner_id + path + timestamp + access_token + shop_id, no separators. */
    public String shopSign(long partnerId, String path, long timestamp, String accessToken, long shopId) {
        return hmac(partnerId + path + timestamp + accessToken + shopId);
    }

    /** Public APIs (auth/token/get, auth/access_token/get, auth_partner): partner_id + path + timestamp. */
    public String publicSign(long partnerId, String path, long timestamp) {
        return hmac(partnerId + path + timestamp);
    }

    /**
     * A push is genuine when its Authorization header is the HMAC of {@code callbackUrl|rawBody}. The raw bytes
     * are hashed as received: re-serialised JSON would differ. Compared in constant time.
     */
    public boolean pushAuthentic(String callbackUrl, byte[] rawBody, String authorization) {
        if (authorization == null || authorization.isBlank() || key.length == 0 || callbackUrl == null) {
            return false;
        }
        byte[] prefix = (callbackUrl + "|").getBytes(StandardCharsets.UTF_8);
        byte[] base = new byte[prefix.length + rawBody.length];
        System.arraycopy(prefix, 0, base, 0, prefix.length);
        System.arraycopy(rawBody, 0, base, prefix.length, rawBody.length);
        byte[] expected = hmac(base).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, authorization.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    public String hmac(String base) {
        return hmac(base.getBytes(StandardCharsets.UTF_8));
    }

    public String hmac(byte[] base) {
        if (key.length == 0) {
            throw new IllegalStateException("hub.shopee.partner-key (HUB_SHOPEE_PARTNER_KEY) is not set");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(base));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ShopeeSigner[key=***]"; // the partner key never reaches a log
    }
}
