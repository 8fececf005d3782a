package tw.einvoice.hub.rules;

import java.util.Set;

/**
 * Values Turnkey's program rules (its code 7001) refuse although the MIG schema lets them through. Shared by intake
 * ({@link InvoiceValidator}), start-up checks and the XML-level rules in {@code mig}, so all say the same.
 */
public final class TurnkeyRefusals {

    /** Turnkey reads these as "no name" and refuses them as a consumer's Buyer/Name. */
    public static final Set<String> CONSUMER_NAMES = Set.of("0", "00", "000", "0000");

    private TurnkeyRefusals() {
    }

    /** Whether Turnkey refuses {@code name} (as written, the hub strips it first) as a consumer's Buyer/Name. */
    public static boolean isRefusedConsumerName(String name) {
        return name != null && CONSUMER_NAMES.contains(name);
    }

    /**
     * Whether a carrier id starts or ends with a blank. Turnkey refuses a half-width or full-width (U+3000) space
     * there; any other blank is refused too, because the hub would otherwise strip it and upload an id the source
     * never sent.
     */
    public static boolean hasEdgeBlank(String carrierId) {
        if (carrierId == null || carrierId.isEmpty()) {
            return false;
        }
        return isBlank(carrierId.codePointAt(0)) || isBlank(carrierId.codePointBefore(carrierId.length()));
    }

    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
