package tw.einvoice.hub.platform;

/**
 * The simulated platform's answer to one message: Turnkey status C or E, and for E Turnkey's own
 * ERRORCODE (-004 format, -007 signature, -999 platform) and the platform code and text for MESSAGE1..2.
 */
record Verdict(String status, String errorCode, String code, String message) {

    static Verdict confirmed() {
        return new Verdict("C", null, null, null);
    }

    static Verdict format(String message) {
        return new Verdict("E", "-004", "E0304", "XML原文格式不符 " + message);
    }

    static Verdict signature(String message) {
        return new Verdict("E", "-007", "E0310", "驗章失敗 " + message);
    }

    static Verdict content(String code, String message) {
        return new Verdict("E", "-999", code, message);
    }

    boolean ok() {
        return "C".equals(status);
    }
}
