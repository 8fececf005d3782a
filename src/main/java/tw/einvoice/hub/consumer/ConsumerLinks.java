package tw.einvoice.hub.consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.carrier.Members;
import tw.einvoice.hub.invoice.CanonicalInvoice;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed links to one member carrier's invoices: {@code /my/c/<payload>.<signature>}, the payload naming seller,
 * carrier type, carrier id and the expiry, the signature an HMAC-SHA256 of it keyed with
 * {@code hub.consumer.link-secret}. A link with any byte changed, expired, or signed with another secret opens nothing.
 * The link is the consumer's key: it travels only to the member's own email or phone.
 */
@Service
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerLinks {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLinks.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String VERSION = "1";

    /** The carrier a valid link opens. */
    record CarrierKey(String sellerId, String carrierType, String carrierId, Instant expires) {
    }

    private final ConsumerProperties settings;
    private final Members members;
    private final Clock clock;

    ConsumerLinks(ConsumerProperties settings, Members members, Clock clock) {
        this.settings = settings;
        this.members = members;
        this.clock = clock;
        if (members.enabled() && settings.linkSecret() == null) {
            log.warn("Member carriers are on but hub.consumer.link-secret (HUB_CONSUMER_LINK_SECRET) is not set: consumers get "
                    + "no link to the query site, and only the order-number search works");
        }
    }

    /**
     * The query-site link for an invoice kept on this hub's member carrier; empty for any other invoice, or when no
     * link secret is set.
     */
    public Optional<String> forInvoice(CanonicalInvoice invoice) {
        CanonicalInvoice.Carrier carrier = invoice.getCarrier();
        if (carrier == null || settings.linkSecret() == null || members.memberType().isEmpty()
                || !members.memberType().get().equals(carrier.type()) || carrier.id() == null) {
            return Optional.empty();
        }
        return forCarrier(invoice.getSellerId(), carrier.type(), carrier.id());
    }

    /** The link for one carrier; empty when no link secret is set. */
    public Optional<String> forCarrier(String sellerId, String carrierType, String carrierId) {
        return settings.linkSecret() == null ? Optional.empty() : Optional.of(url(sellerId, carrierType, carrierId));
    }

    /** The link for one carrier, valid for {@code hub.consumer.link-validity} from now. */
    String url(String sellerId, String carrierType, String carrierId) {
        return settings.baseUrl().toString().replaceAll("/+$", "") + "/my/c/" + token(sellerId, carrierType, carrierId);
    }

    String token(String sellerId, String carrierType, String carrierId) {
        if (settings.linkSecret() == null) {
            throw new IllegalStateException("hub.consumer.link-secret (HUB_CONSUMER_LINK_SECRET) is not set");
        }
        long expires = clock.instant().plus(settings.linkValidity()).getEpochSecond();
        String payload = String.join("|", VERSION, sellerId, carrierType, carrierId, Long.toString(expires));
        String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + B64.encodeToString(hmac(encoded));
    }

    /** The carrier a token opens; empty when it is malformed, tampered with, signed with another secret or expired. */
    Optional<CarrierKey> open(String token) {
        if (settings.linkSecret() == null || token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        byte[] given;
        String payload;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            payload = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hmac(encoded), given)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        return Optional.of(new CarrierKey(parts[1], parts[2], parts[3], expires));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.linkSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
