package tw.einvoice.hub.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.internal.ApiKeys;
import tw.einvoice.hub.web.internal.HubUsers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus of the HTTP entry points ({@code src/test/resources/bad-input/<entry>/cases.json}): each case
 * is sent as its manifest says and must get the answer it states, naming the field and reason it names; a case that
 * is refused must change no row of the tables a caller can reach, and one that is accepted only its own rows. An
 * accepted case with a {@code stored} pointer must come back verbatim as JSON and escaped in the console's page.
 */
class HttpBadInputTest extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    HubUsers users;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static Map<String, String> vars;
    private static Map<String, String> authorizations;
    private static RowCounts rows;
    private static ConsoleLogin admin;

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** What every entry's cases refer to: a confirmed invoice of the demo seller, other callers, an open rejection. */
    private synchronized void prepare() {
        if (vars != null) {
            return;
        }
        rows = new RowCounts(jdbc);
        String otherKey = apiKeys.create(OTHER_SELLER, "badinput-other-" + RUN);
        String revokedName = "badinput-revoked-" + UUID.randomUUID();
        String revokedKey = apiKeys.create(DEMO_SELLER, revokedName);
        long revokedId = jdbc.sql("SELECT id FROM api_key WHERE name = ?").param(revokedName).query(Long.class).single();
        assertThat(api.bearer(revokedKey).get("/api/v1/rejected").status()).as("the key works before it is revoked").isEqualTo(200);
        assertThat(apiKeys.revoke(revokedId)).isTrue();
        String branchUser = "badinput-khh-" + UUID.randomUUID();
        users.create(branchUser, branchUser + "-pw", "BRANCH", DEMO_SELLER, java.util.Set.of("KHH01"));
        String financeUser = "badinput-finance-" + UUID.randomUUID();
        users.create(financeUser, financeUser + "-pw", "FINANCE", DEMO_SELLER, java.util.Set.of());

        ObjectNode doc = Invoices.valid("badinput-confirmed-" + RUN);
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        JsonNode[] confirmed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            confirmed[0] = api.get("/api/v1/invoices?connector=test&sourceRef=" + doc.get("sourceRef").asText()).body();
            return "CONFIRMED".equals(confirmed[0].path("status").asText());
        });
        ObjectNode broken = Invoices.valid("badinput-open-" + RUN);
        broken.put("totalAmount", 1);
        HubClient.Response rejected = api.post("/api/v1/invoices", broken);
        assertThat(rejected.status()).isEqualTo(422);

        vars = new HashMap<>();
        vars.put("confirmed", confirmed[0].get("invoiceNumber").asText());
        vars.put("confirmedId", confirmed[0].get("id").asText());
        vars.put("rejected", rejected.body().get("rejectedId").asText());
        vars.put("run", RUN);
        authorizations = new HashMap<>();
        authorizations.put("demo", "Bearer " + DEMO_KEY);
        authorizations.put("other", "Bearer " + otherKey);
        authorizations.put("revoked", "Bearer " + revokedKey);
        authorizations.put("metrics", "Bearer test-metrics-key-0123456789abcdef");
        authorizations.put("admin", basic("admin", ADMIN_PASSWORD));
        authorizations.put("branch", basic(branchUser, branchUser + "-pw"));
        authorizations.put("finance", basic(financeUser, financeUser + "-pw"));
        admin = new ConsoleLogin(port).logIn("admin", ADMIN_PASSWORD);
        rows.settled();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void restCasesAreAnsweredAsStatedAndChangeNothingButTheirOwnRows() {
        runHttp("rest");
    }

    @Test
    void authCasesLetNoOneInWhoMayNotAndChangeNothing() {
        runHttp("auth");
    }

    /**
     * The console's forms, posted as a browser would (session cookie, CSRF token from the form's page). Keys: {@code
     * path}, {@code form} (its fields; {@code {name}} filled), {@code as} ({@code admin}, {@code branch}, or
     * {@code none}: not logged in), {@code csrf} (the page whose token is sent; {@code none} sends none), {@code show}
     * (a page read afterwards, which must not carry any of the corpus's markup unescaped).
     */
    @Test
    void consoleFormCasesAreAnsweredAsStatedAndShowNothingUnescaped() {
        prepare();
        rows.settled(); // what the previous entry point set going (a batch still issuing) must not count as this one's change
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("console-forms");
        List<String> seen = new ArrayList<>();
        ConsoleLogin branch = null;
        for (BadInputCorpus.Case c : tally.cases()) {
            try {
                String as = c.detail("as") == null ? "admin" : c.detail("as");
                ConsoleLogin session = switch (as) {
                    case "none" -> new ConsoleLogin(port);
                    case "fresh" -> new ConsoleLogin(port).logIn("admin", ADMIN_PASSWORD);
                    default -> admin;
                };
                Map<String, String> form = new java.util.LinkedHashMap<>();
                JsonNode fields = c.detail().get("form");
                if (fields != null) {
                    fields.fields().forEachRemaining(f -> form.put(f.getKey(), fill(HttpCase.value(f.getValue()).asText())));
                }
                String csrf = c.detail("csrf") == null ? "/issue" : c.detail("csrf");
                Map<String, Long> before = rows.take();
                ConsoleLogin.Page page = session.post(fill(c.detail("path")), form, "none".equals(csrf) ? null : fill(csrf));
                StringBuilder outcome = new StringBuilder(String.valueOf(page.status()));
                if (page.status() / 100 == 3) {
                    outcome.append(page.location() != null && page.location().contains("/login") ? " login" : " redirect");
                }
                String shown = page.body() == null ? "" : page.body();
                if (c.detail("show") != null) {
                    shown = session.get(fill(c.detail("show"))).body();
                }
                // an issued form leads to its invoice's page, a refused one leaves a rejected record: the case's own rows
                java.util.regex.Matcher issued = java.util.regex.Pattern.compile("/invoices/([0-9a-f-]{36})$")
                        .matcher(page.location() == null ? "" : page.location());
                if (c.name().startsWith("issue-") && issued.find()) {
                    rows.own(issued.group(1), null);
                    outcome.append(" issued");
                    shown = session.get("/invoices/" + issued.group(1)).body();
                }
                if (form.containsKey("sourceRef")) {
                    jdbc.sql("SELECT id FROM rejected_record WHERE source_ref = ?").param(form.get("sourceRef"))
                            .query(Long.class).list().forEach(id -> rows.own(null, id));
                    jdbc.sql("SELECT id FROM invoice WHERE source_ref = ?").param(form.get("sourceRef"))
                            .query(String.class).list().forEach(id -> rows.own(id, null));
                }
                if (HttpCase.leaksInternals(shown)) {
                    outcome.append(" leaked-internals");
                }
                if (shown.contains("<script>alert(1)</script>") || shown.contains("<img src=x onerror")) {
                    outcome.append(" shown-unescaped");
                }
                List<String> changed = RowCounts.diff(before, rows.take());
                if (!changed.isEmpty()) {
                    outcome.append(" changed ").append(String.join(",", changed));
                }
                tally.record(c, outcome.toString(), shown + " " + (page.location() == null ? "" : page.location()));
                seen.add(c.name() + "\t" + outcome + "\t" + page.location() + "\t" + abbreviate(text(shown)));
            } catch (RuntimeException | AssertionError e) {
                tally.failed(c, e);
                seen.add(c.name() + "\terror\t" + e);
            }
        }
        write("console-forms", seen);
        tally.assertAllAsExpected();
    }

    /**
     * The batch upload ({@code POST /api/v1/batches}), as multipart: {@code filename} and the case's input as the part
     * {@code part} ({@code file} unless given); {@code contentType} replaces the multipart type (then the input is the
     * whole body). An accepted upload makes its batch row; {@code fileName} says what name the batch must keep.
     */
    @Test
    void batchUploadCasesAreAnsweredAsStatedAndKeepNoPathOrBadName() {
        prepare();
        rows.settled(); // what the previous entry point set going (a batch still issuing) must not count as this one's change
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("batch-api");
        List<String> seen = new ArrayList<>();
        for (BadInputCorpus.Case c : tally.cases()) {
            try {
                byte[] content = HttpCase.body(c, null);
                byte[] body;
                String type = c.detail("contentType");
                if (type == null) {
                    String boundary = "----badinput" + UUID.randomUUID();
                    type = "multipart/form-data; boundary=" + boundary;
                    String part = c.detail("part") == null ? "file" : c.detail("part");
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                            + c.detail("filename") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(content);
                    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                    body = out.toByteArray();
                } else {
                    body = content;
                }
                Map<String, Long> before = rows.take();
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/api/v1/batches"))
                        .header("Authorization", authorizations.get("demo")).header("Content-Type", type)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpCase.Answer answer;
                try {
                    var r = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    answer = new HttpCase.Answer(r.statusCode(), r.body(), r.headers());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (IOException e) {
                    answer = new HttpCase.Answer(-1, e.toString(), java.net.http.HttpHeaders.of(Map.of(), (x, y) -> true));
                }
                StringBuilder outcome = new StringBuilder(String.valueOf(answer.status()));
                if (c.detail("fileName") != null && answer.status() / 100 == 2) {
                    String kept = answer.json().path("fileName").asText();
                    outcome.append(kept.equals(c.detail("fileName")) ? " name-kept" : " name-" + kept);
                }
                if (HttpCase.leaksInternals(answer.body())) {
                    outcome.append(" leaked-internals");
                }
                List<String> changed = RowCounts.diff(before, rows.take());
                if (!changed.isEmpty()) {
                    outcome.append(" changed ").append(String.join(",", changed));
                }
                tally.record(c, outcome.toString(), answer.body());
                seen.add(c.name() + "\t" + outcome + "\t" + abbreviate(answer.body()));
            } catch (RuntimeException | AssertionError e) {
                tally.failed(c, e);
                seen.add(c.name() + "\terror\t" + e);
            }
        }
        write("batch-api", seen);
        ConsoleLogin.Page batches = admin.get("/batches");
        assertThat(batches.body()).as("the batches page shows uploaded names escaped")
                .doesNotContain("<script>alert(1)</script>").doesNotContain("<img src=x onerror");
        tally.assertAllAsExpected();
    }

    /** A page's words, for the outcome file: its markup left out. */
    private static String text(String html) {
        return html.replaceAll("(?s)<head>.*</head>", "").replaceAll("<[^>]+>", " ");
    }

    /** The inbound callbacks: Shopee's authorisation redirect and its push, on a hub without Shopee configured. */
    @Test
    void webhookCasesAreRefusedAndChangeNothing() {
        runHttp("webhooks");
    }

    /** Runs every case of an entry over HTTP and fails listing each case that went otherwise than stated. */
    private void runHttp(String entry) {
        prepare();
        rows.settled(); // what the previous entry point set going (a batch still issuing) must not count as this one's change
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally(entry);
        List<String> seen = new ArrayList<>();
        for (BadInputCorpus.Case c : tally.cases()) {
            try {
                String ref = "bad-" + c.name() + "-" + RUN;
                ObjectNode invoice = HttpCase.invoice(c, ref);
                byte[] body = HttpCase.body(c, invoice);
                Map<String, Long> before = rows.take();
                String auth = c.detail("auth") == null ? "demo" : c.detail("auth");
                HttpCase.Answer answer = c.detail("sweep") != null ? sweepAnonymously()
                        : HttpCase.send(base(), c, body, authorizations.get(auth), vars);
                StringBuilder outcome = new StringBuilder(String.valueOf(answer.status()));
                if (answer.status() / 100 == 3) {
                    outcome.append(answer.headers().firstValue("Location").orElse("").contains("/login") ? " login" : " elsewhere");
                }
                if (c.detail("absent") != null) {
                    outcome.append(answer.body().contains(fill(c.detail("absent"))) ? " sees-demo" : " none-of-demo");
                }
                if (c.detail("nodetails") != null) {
                    outcome.append(answer.body().contains("components") ? " details" : " no-details");
                }
                if (c.detail("sweep") != null) {
                    outcome.append(answer.body().startsWith("open:") ? " some-open" : " all");
                }
                if (answer.status() / 100 == 2 && c.detail("stored") != null && invoice != null) {
                    outcome.append(' ').append(stored(invoice, c.detail("stored")));
                }
                if (HttpCase.leaksInternals(answer.body())) {
                    outcome.append(" leaked-internals");
                }
                if (answer.headers().firstValue("Content-Type").orElse("").contains("html") && answer.body() != null
                        && (answer.body().contains("<script>alert(1)</script>") || answer.body().contains("<img src=x onerror"))) {
                    outcome.append(" shown-unescaped");
                }
                // only what a request made is the case's own: a listing names invoices earlier tests made
                if (!"GET".equals(c.detail("method"))) {
                    answer.ids("invoiceId").forEach(id -> rows.own(id, null));
                    answer.ids("rejectedId").forEach(id -> rows.own(null, Long.valueOf(id)));
                }
                List<String> changed = RowCounts.diff(before, rows.take());
                if (!changed.isEmpty()) {
                    outcome.append(" changed ").append(String.join(",", changed));
                }
                tally.record(c, outcome.toString(), answer.body());
                seen.add(c.name() + "\t" + outcome + "\t" + abbreviate(answer.body()));
            } catch (RuntimeException | AssertionError e) {
                tally.failed(c, e);
                seen.add(c.name() + "\terror\t" + e);
            }
        }
        write(entry, seen);
        tally.assertAllAsExpected();
    }

    private static String fill(String s) {
        for (var v : vars.entrySet()) {
            s = s.replace("{" + v.getKey() + "}", v.getValue());
        }
        return s;
    }

    /**
     * Every operation of the OpenAPI document called without credentials: an answer "401" whose body lists the
     * operations that answered otherwise ("open: …"), or counts them. Shopee's push and its authorisation redirect
     * are open by design: Shopee signs the push, and the redirect's one-time state decides.
     */
    private HttpCase.Answer sweepAnonymously() {
        JsonNode paths = api.basic("admin", ADMIN_PASSWORD).get("/v3/api-docs").body().path("paths");
        List<String> open = new ArrayList<>();
        int calls = 0;
        for (var p = paths.fields(); p.hasNext(); ) {
            var path = p.next();
            if (path.getKey().startsWith("/api/v1/shopee/push") || path.getKey().startsWith("/api/v1/shopee/oauth/callback")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "1");
            for (var m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                calls++;
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + concrete))
                        .header("Content-Type", "application/json")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();
                try {
                    int status = java.net.http.HttpClient.newHttpClient().send(request,
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 401) {
                        open.add(method + " " + path.getKey() + " " + status);
                    }
                } catch (IOException | InterruptedException e) {
                    open.add(method + " " + path.getKey() + " " + e);
                }
            }
        }
        assertThat(calls).as("operations in the OpenAPI document").isGreaterThan(40);
        return new HttpCase.Answer(open.isEmpty() ? 401 : 200, open.isEmpty() ? calls + " operations refused" : "open: " + open,
                java.net.http.HttpHeaders.of(Map.of(), (x, y) -> true));
    }

    /**
     * Whether the invoice's text at {@code pointer} came back as sent in the API's JSON, and the console's page of it
     * shows it only escaped: "stored-escaped", or what went wrong.
     */
    private String stored(ObjectNode sent, String pointer) {
        String connector = sent.path("connector").asText();
        String sourceRef = sent.path("sourceRef").asText();
        HubClient.Response found = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/invoices?connector="
                + URLEncoder.encode(connector, StandardCharsets.UTF_8) + "&sourceRef=" + URLEncoder.encode(sourceRef, StandardCharsets.UTF_8));
        if (found.status() != 200) {
            return "not-found-" + found.status();
        }
        String value = sent.at(pointer).asText();
        if (!value.equals(found.body().path("invoice").at(pointer).asText())) {
            return "stored-altered";
        }
        ConsoleLogin.Page page = admin.get("/invoices/" + found.body().path("id").asText());
        if (page.status() != 200) {
            return "page-" + page.status();
        }
        if (value.contains("<") && page.body().contains(value.substring(value.indexOf('<')))) {
            return "shown-unescaped";
        }
        String jsonEscaped = HttpCase.JSON.getNodeFactory().textNode(value).toString();
        String shown = HtmlUtils.htmlEscape(jsonEscaped.substring(1, jsonEscaped.length() - 1));
        return page.body().contains(shown) ? "stored-escaped" : "not-shown";
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() <= 400 ? one : one.substring(0, 400) + "…";
    }

    private static void write(String entry, List<String> lines) {
        try {
            Path file = Path.of("target", "bad-input", entry + ".outcomes.tsv");
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
