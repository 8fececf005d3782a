package tw.einvoice.hub.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session at the HTTP level (cookies kept, redirects not followed), for what a real browser cannot
 * show: the status a request gets, a form posted without its CSRF token.
 */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final String base;
    private final HttpClient http;

    record Page(int status, String location, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    ConsoleSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET().build());
    }

    /** Posts a form; with {@code csrfFrom} the token is taken from that page first, as the browser would send it. */
    Page post(String path, Map<String, String> form, String csrfFrom) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrfFrom != null) {
            fields.put("_csrf", csrf(get(csrfFrom).body()));
        }
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Page logIn(String username, String password) {
        return post("/login", Map.of("username", username, "password", password), "/login");
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("the page carries no CSRF token: " + html.substring(0, Math.min(400, html.length())));
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body(), r.headers());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
