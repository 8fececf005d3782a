package tw.einvoice.hub.badinput;

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

/** A console session at the HTTP level (cookies kept, redirects not followed), to read pages as a logged-in user. */
public final class ConsoleLogin {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public record Page(int status, String location, String body) {
    }

    public ConsoleLogin(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public ConsoleLogin logIn(String user, String password) {
        Page answer = post("/login", Map.of("username", user, "password", password), "/login");
        if (answer.location() == null || answer.location().contains("/login")) {
            throw new AssertionError("cannot log in as " + user + ": " + answer);
        }
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET().build());
    }

    /** Posts a form with the CSRF token of page {@code csrfFrom} (null: none), as a browser would. */
    public Page post(String path, Map<String, String> form, String csrfFrom) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrfFrom != null) {
            Matcher m = CSRF.matcher(get(csrfFrom).body());
            if (m.find()) {
                fields.put("_csrf", m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
