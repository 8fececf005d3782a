package tw.einvoice.hub.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import tw.einvoice.hub.Invoices;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One corpus case as an HTTP request. Keys of the case besides those of {@link BadInputCorpus}: {@code method}
 * (POST), {@code path} ({@code {name}} filled from the test's values), {@code auth} (a name the test maps to an
 * Authorization header, or {@code none}), {@code authorization} (the header verbatim), {@code contentType}
 * ({@code application/json}), {@code encoding} (the charset the inline input is written in, UTF-8 unless given),
 * {@code chunked} (send without a Content-Length), {@code generate} ({@code {prefix, unit, times, suffix}}: a body
 * too large to write out), and {@code invoice}: a canonical invoice built from {@link Invoices#valid}, each key a JSON
 * pointer set to its value (a value {@code {"repeat": s, "times": n}} is s n times,
 * {@code {"repeatElement": v, "times": n}} an array of n copies of v; {@code null} removes the field).
 */
public final class HttpCase {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException notJson) {
                return JSON.nullNode();
            }
        }

        /** Every invoiceId and rejectedId the answer names (one result, or each of a batch's). */
        public List<String> ids(String field) {
            List<String> ids = new ArrayList<>();
            json().findValues(field).forEach(v -> ids.add(v.asText()));
            return ids;
        }
    }

    private HttpCase() {
    }

    /** The invoice a case describes with {@code invoice}, with the source reference given; null when it has none. */
    public static ObjectNode invoice(BadInputCorpus.Case c, String sourceRef) {
        JsonNode spec = c.detail().get("invoice");
        if (spec == null) {
            return null;
        }
        ObjectNode doc = Invoices.valid(sourceRef);
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            var e = it.next();
            set(doc, e.getKey(), value(e.getValue()));
        }
        return doc;
    }

    static JsonNode value(JsonNode v) {
        if (v.isObject() && v.has("repeat")) {
            return TextNode.valueOf(v.get("repeat").asText().repeat(v.get("times").asInt()));
        }
        if (v.isObject() && v.has("repeatElement")) {
            ArrayNode array = JSON.createArrayNode();
            for (int i = 0; i < v.get("times").asInt(); i++) {
                array.add(v.get("repeatElement").deepCopy());
            }
            return array;
        }
        return v;
    }

    private static void set(ObjectNode doc, String pointer, JsonNode value) {
        String[] steps = pointer.substring(1).split("/");
        JsonNode node = doc;
        for (int i = 0; i < steps.length - 1; i++) {
            JsonNode next = node.isArray() ? node.get(Integer.parseInt(steps[i])) : node.get(steps[i]);
            if (next == null || next.isNull()) {
                next = ((ObjectNode) node).putObject(steps[i]);
            }
            node = next;
        }
        String last = steps[steps.length - 1];
        if (node instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else if (value.isNull()) {
            ((ObjectNode) node).remove(last);
        } else {
            ((ObjectNode) node).set(last, value);
        }
    }

    /** The body a case sends: its invoice, its generated body, or its input in its encoding. */
    public static byte[] body(BadInputCorpus.Case c, ObjectNode invoice) {
        if (invoice != null) {
            try {
                return JSON.writeValueAsBytes(invoice);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        JsonNode gen = c.detail().get("generate");
        if (gen != null) {
            String unit = gen.path("unit").asText();
            return (gen.path("prefix").asText() + unit.repeat(gen.path("times").asInt()) + gen.path("suffix").asText())
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (c.input() == null) {
            return new byte[0];
        }
        String encoding = c.detail("encoding");
        return c.file() != null || encoding == null ? c.bytes() : c.input().getBytes(Charset.forName(encoding));
    }

    /** Sends the case: {@code vars} fill the path's placeholders, {@code authorization} is the header (null: none). */
    public static Answer send(String base, BadInputCorpus.Case c, byte[] body, String authorization, Map<String, String> vars) {
        String path = c.detail("path");
        for (var v : vars.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", v.getValue());
        }
        String method = c.detail("method") == null ? "POST" : c.detail("method");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        JsonNode headers = c.detail().get("headers");
        if (headers != null) {
            headers.fields().forEachRemaining(h -> b.setHeader(h.getKey(), h.getValue().asText()));
        }
        if (c.detail("authorization") != null) {
            b.setHeader("Authorization", c.detail("authorization"));
        }
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", c.detail("contentType") == null ? "application/json" : c.detail("contentType"));
            b.method(method, "true".equals(c.detail("chunked"))
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            // the hub may close the connection on a body it refuses before reading it all
            return new Answer(-1, e.toString(), java.net.http.HttpHeaders.of(Map.of(), (x, y) -> true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs of a defect leaking out: a stack trace or an exception's class name in what the caller sees. */
    public static boolean leaksInternals(String body) {
        return body != null && (body.contains("\tat ") || body.contains("at tw.einvoice") || body.contains("Exception:")
                || body.contains("org.springframework.") || body.contains("org.postgresql"));
    }
}
