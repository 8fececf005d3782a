package tw.einvoice.hub.callback;

import java.util.Map;

/** A connector's sink settings: everything under {@code hub.callback.<connector>.*}, as text. */
public record SinkSettings(String connector, String type, Map<String, String> params) {

    public String get(String key, String fallback) {
        String v = params.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String require(String key) {
        String v = get(key, null);
        if (v == null) {
            throw new IllegalStateException("hub.callback." + connector + "." + key + " is not set");
        }
        return v;
    }
}
