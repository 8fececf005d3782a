package tw.einvoice.hub.platform;

/**
 * The simulated platform's answer to a message Turnkey sent: {@code C}, or {@code E} with the platform's code
 * ({@code E####}) and text, which Turnkey writes into TURNKEY_SYSEVENT_LOG's MESSAGE columns.
 */
record PlatformAnswer(String status, String code, String message) {

    /*
     * Turnkey's own ERRORCODE beside a platform rejection is not documented anywhere we could read; -999 says "not
     * Turnkey's", and readers take the platform's E#### from the MESSAGE columns first.
     */
    static final String ERRORCODE = "-999";

    static PlatformAnswer confirmed() {
        return new PlatformAnswer("C", null, null);
    }

    static PlatformAnswer rejected(String code, String message) {
        return new PlatformAnswer("E", code, message);
    }

    boolean confirmedByPlatform() {
        return "C".equals(status);
    }
}
