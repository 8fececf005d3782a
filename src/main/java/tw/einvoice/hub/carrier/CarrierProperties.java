package tw.einvoice.hub.carrier;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.regex.Pattern;

/**
 * {@code hub.carrier.*}: the member carrier. {@code memberType} is the carrier type code the platform assigned to the
 * merchant's member carrier ({@code HUB_CARRIER_MEMBER_TYPE}); there is no default, because a guessed code would issue
 * invoices to a carrier nobody can see. Unset, members are off. {@code secret} ({@code HUB_CARRIER_SECRET}) keys the
 * derivation of carrier ids and hidden codes: whoever holds it can compute any member's carrier, so it comes only from
 * the environment and must be long.
 */
@ConfigurationProperties("hub.carrier")
public record CarrierProperties(String memberType, String secret) {

    static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern TYPE = Pattern.compile("[A-Z0-9]{6}");

    public CarrierProperties {
        memberType = memberType == null || memberType.isBlank() ? null : memberType.strip();
        secret = secret == null || secret.isBlank() ? null : secret;
        if (memberType != null) {
            if (!TYPE.matcher(memberType).matches()) {
                throw new IllegalArgumentException("hub.carrier.member-type (HUB_CARRIER_MEMBER_TYPE) must be the 6-character "
                        + "carrier type code the platform assigned (CarrierType, e.g. letters and digits), not '" + memberType + "'");
            }
            if ("3J0002".equals(memberType) || "CQ0001".equals(memberType)) {
                throw new IllegalArgumentException("hub.carrier.member-type (HUB_CARRIER_MEMBER_TYPE) is the merchant's own "
                        + "member-carrier type, not the mobile barcode or citizen certificate (" + memberType + ")");
            }
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("hub.carrier.member-type is set, so hub.carrier.secret (HUB_CARRIER_SECRET) "
                        + "must be set too, at least " + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 48)");
            }
        }
    }

    /** Whether the merchant has a member carrier. */
    public boolean enabled() {
        return memberType != null;
    }

    @Override
    public String toString() {
        return "CarrierProperties[memberType=" + memberType + ", secret=" + (secret == null ? "unset" : "***") + "]";
    }
}
