package tw.einvoice.hub.shopee;

/** An error answer of the Open API ({@code error} field or HTTP status). */
class ShopeeApiException extends RuntimeException {

    private final int httpStatus;
    private final String error;

    ShopeeApiException(int httpStatus, String error, String message) {
        super("Shopee " + (error == null || error.isEmpty() ? "HTTP " + httpStatus : error) + ": " + message);
        this.httpStatus = httpStatus;
        this.error = error == null ? "" : error;
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

    /** The access token is no longer accepted: refresh once and try again. */
    public boolean tokenRejected() {
        return error.equals("error_auth") && String.valueOf(getMessage()).toLowerCase().contains("access_token")
                || error.equals("invalid_access_token");
    }
}
