package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shopee Open API v2 over the JDK HTTP client: common parameters and sign in the query string (a POST body is
 * not signed). Each attempt is signed anew; when it goes out and whether it is repeated is {@link ShopeeCallPolicy}'s.
 */
class ShopeeClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH_PARTNER = "/api/v2/shop/auth_partner";
    /** The outage board's name of Shopee's Open API. */
    static final String PART = "shopee";

    private final ShopeeProperties settings;
    private final ShopeeSigner signer;
    private final Clock clock;
    private final HttpClient http;
    private final ShopeeCallPolicy policy;
    private final tw.einvoice.hub.runtime.OutageBoard board;

    ShopeeClient(ShopeeProperties settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param board told when Shopee stops answering (after the retries) and when it answers again; may be null */
    ShopeeClient(ShopeeProperties settings, Clock clock, tw.einvoice.hub.runtime.OutageBoard board) {
        this.board = board;
        this.settings = settings;
        this.signer = new ShopeeSigner(settings.partnerKey());
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.policy = new ShopeeCallPolicy(settings);
    }

    public ShopeeSigner signer() {
        return signer;
    }

    /** A shop API GET; {@code params} are the request parameters besides the common ones. */
    public JsonNode shopGet(long shopId, String accessToken, String path, Map<String, String> params) {
        return call("GET", path, shopId, accessToken, params, null);
    }

    /** A public API POST (auth/token/get, auth/access_token/get): partner-level sign, JSON body. */
    public JsonNode publicPost(String path, Map<String, Object> body) {
        return call("POST", path, null, null, Map.of(), body);
    }

    /** A partner-level GET (e.g. push/get_lost_push_message): common parameters and partner-level sign only. */
    public JsonNode publicGet(String path, Map<String, String> params) {
        return call("GET", path, null, null, params, null);
    }

    /**
     * The signed link that starts a shop's authorisation in the seller's browser ({@code shop/auth_partner},
     * public sign). Shopee accepts it for 5 minutes (its timestamp).
     */
    public URI authPartnerLink(String redirect) {
        long timestamp = clock.instant().getEpochSecond();
        return URI.create(settings.baseUrl() + AUTH_PARTNER + "?partner_id=" + settings.partnerId() + "&timestamp=" + timestamp
                + "&sign=" + signer.publicSign(settings.partnerId(), AUTH_PARTNER, timestamp)
                + "&redirect=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
    }

    private JsonNode call(String method, String path, Long shopId, String accessToken, Map<String, String> params,
                          Map<String, Object> body) {
        JsonNode answer;
        try {
            answer = policy.call(path, () -> once(method, path, shopId, accessToken, params, body));
        } catch (ShopeeApiException e) {
            // still failing after the retries: Shopee's trouble, not this request's; one outage however many calls meet it
            if (board != null && e.retryable()) {
                board.down(PART, e.getMessage());
            }
            throw e;
        }
        if (board != null) {
            board.up(PART);
        }
        return answer;
    }

    private JsonNode once(String method, String path, Long shopId, String accessToken, Map<String, String> params,
                          Map<String, Object> body) {
        long timestamp = clock.instant().getEpochSecond(); // signed per attempt: a timestamp is valid 5 minutes
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partner_id", Long.toString(settings.partnerId()));
        query.put("timestamp", Long.toString(timestamp));
        if (shopId != null) {
            query.put("access_token", accessToken);
            query.put("shop_id", Long.toString(shopId));
            query.put("sign", signer.shopSign(settings.partnerId(), path, timestamp, accessToken, shopId));
        } else {
            query.put("sign", signer.publicSign(settings.partnerId(), path, timestamp));
        }
        query.putAll(params);
        String qs = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path + "?" + qs))
                .timeout(Duration.ofSeconds(30));
        try {
            if ("POST".equals(method)) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.GET();
            }
            HttpResponse<String> response = client(path).send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : parse(response.body());
            String error = json.path("error").asText("");
            if (response.statusCode() >= 300 || !error.isEmpty()) {
                throw new ShopeeApiException(response.statusCode(), error, json.path("message").asText(""),
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock));
            }
            return json;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            // no connection, so nothing was sent: the one failure after which a single-use token is certainly unspent
            throw new ShopeeApiException(503, "error_network", e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } catch (IOException e) {
            // a dropped connection is treated like Shopee's own error_network: worth another try
            throw new ShopeeApiException(503, "error_network", e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling Shopee " + path, e);
        }
    }

    /**
     * A request that spends a single-use credential goes out on a connection of its own: on a pooled connection the
     * server had already closed, the JDK reports the same broken connection as for an answer lost after sending, and
     * the hub would have to give the token up as possibly spent.
     */
    private HttpClient client(String path) {
        return ShopeeCallPolicy.SINGLE_USE.contains(path)
                ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build() : http;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime.parse(value.strip(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", "").put("message", text);
        }
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
