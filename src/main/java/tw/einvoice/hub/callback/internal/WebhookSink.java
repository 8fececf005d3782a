package tw.einvoice.hub.callback.internal;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code type: webhook}: POSTs the payload as JSON to {@code url}, signed with {@code secret}
 * ({@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>}) and keyed with
 * {@code Idempotency-Key}. Any 2xx is delivered; anything else is retried.
 */
@Component
class WebhookSink implements CallbackSink {

    static final String SIGNATURE = "X-Hub-Signature";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public void deliver(Callback callback, SinkSettings settings) throws IOException, InterruptedException {
        byte[] body = callback.payload().toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.require("url")))
                .timeout(Duration.parse(settings.get("timeout", "PT10S")))
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SIGNATURE, "sha256=" + hmacSha256Hex(settings.require("secret"), body))
                .header(IDEMPOTENCY_KEY, callback.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body();
            throw new IOException("webhook answered HTTP " + response.statusCode() + " "
                    + text.substring(0, Math.min(200, text.length())));
        }
    }

    /** Public so receivers (and tests) can check a signature the same way. */
    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
