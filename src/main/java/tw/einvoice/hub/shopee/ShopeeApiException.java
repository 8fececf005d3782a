package tw.einvoice.hub.shopee;

import java.util.Set;

/** An error answer of the Open API ({@code error} field or HTTP status). */
class ShopeeApiException extends RuntimeException {

    /** Shopee's own spellings of "this access token is not (or no longer) accepted", from its common error list */
    static final Set<String> TOKEN_REJECTED = Set.of("invalid_acceess_token", "invalid_access_token");

    private final int httpStatus;
    private final String error;
    private final boolean sent;
    private final java.time.Duration retryAfter;

    ShopeeApiException(int httpStatus, String error, String message) {
        this(httpStatus, error, message, true);
    }

    /** An answer with a {@code Retry-After}: Shopee (or its gateway) asked for no request before it. */
    ShopeeApiException(int httpStatus, String error, String message, java.time.Duration retryAfter) {
        this(httpStatus, error, message, true, retryAfter);
    }

    /** @param sent false only when the request certainly never left (no connection): Shopee saw nothing */
    ShopeeApiException(int httpStatus, String error, String message, boolean sent) {
        this(httpStatus, error, message, sent, null);
    }

    private ShopeeApiException(int httpStatus, String error, String message, boolean sent, java.time.Duration retryAfter) {
        super("Shopee " + (error == null || error.isEmpty() ? "HTTP " + httpStatus : error) + ": " + message);
        this.httpStatus = httpStatus;
        this.error = error == null ? "" : error;
        this.sent = sent;
        this.retryAfter = retryAfter;
    }

    /** How long the answer's {@code Retry-After} asked the hub to wait, if it did. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    /**
     * Whether Shopee may have received the request. A connection that broke after sending, or an answer that never
     * came, counts as received: for a single-use credential that means it may be spent.
     */
    public boolean mayHaveReachedShopee() {
        return sent;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    /** Throttling and server trouble pass with time; sign, param and permission errors never do. */
    public boolean retryable() {
        if (error.equals("error_sign") || error.equals("error_param") || error.equals("error_permission")
                || error.equals("error_auth") || error.equals("error_shop") || error.equals("error_not_found")) {
            return false;
        }
        return httpStatus == 429 || httpStatus >= 500 || error.contains("rate_limit") || error.equals("error_server")
                || error.equals("error_network") || error.equals("error_busy");
    }

    /**
     * The access token is no longer accepted: refresh once and try again. Shopee answers {@code error_auth}
     * "Invalid access_token." and, in the same common error list, {@code invalid_acceess_token} (sic) "Invalid
     * access_token, please have a check."; SDKs also report {@code invalid_access_token}.
     */
    public boolean tokenRejected() {
        return error.equals("error_auth") && String.valueOf(getMessage()).toLowerCase().contains("access_token")
                || TOKEN_REJECTED.contains(error);
    }
}
