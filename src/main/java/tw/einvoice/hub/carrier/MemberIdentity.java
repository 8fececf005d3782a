package tw.einvoice.hub.carrier;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A member as its source knows it. The identity is normalised before anything is derived from it, so that
 * {@code Ming@Example.com} and {@code ming@example.com } are one member with one carrier.
 */
public record MemberIdentity(Source source, String identity) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public enum Source {
        ERP, SHOPEE, EMAIL;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Source> of(String code) {
            if (code == null) {
                return Optional.empty();
            }
            for (Source s : values()) {
                if (s.code().equals(code.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    public MemberIdentity {
        if (source == null) {
            throw new IllegalArgumentException("member.source: one of erp, shopee, email");
        }
        String stripped = identity == null ? "" : identity.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("member.id: required");
        }
        if (source == Source.EMAIL) {
            stripped = stripped.toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(stripped).matches()) {
                throw new IllegalArgumentException("member.id: not an email address");
            }
        }
        identity = stripped;
    }

    /** What the carrier is derived from, besides the seller. */
    String canonical() {
        return source.code() + ':' + identity;
    }
}
