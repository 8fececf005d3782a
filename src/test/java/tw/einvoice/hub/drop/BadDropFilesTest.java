package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.badinput.BadInputCorpus;
import tw.einvoice.hub.badinput.BadInputCorpus.Case;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus of the local drop folder (issue 18, item 2): {@code bad-input/drop-csv}, {@code drop-xlsx} and
 * {@code drop-xml}. Every case is dropped at once into the inbox the shared hub context already watches; each ends
 * either in {@code error/} with its report or in {@code done/} with a result file, as its manifest says. Beyond the
 * outcome of each case, a run checks that nothing else changed: invoices and rejected records grew by exactly what
 * the cases made, no file appeared in the drop folders but the cases' own, nothing was written outside them, no
 * result cell starts a formula, the canary file's text is nowhere and the canary HTTP server heard nothing.
 * <p>
 * A manifest input is a template: {@code ${REF}} is the case's own sourceRef, {@code ${NOW}} an issue time a minute
 * ago, {@code ${CANARY}} the canary file's URI and {@code ${HTTP}} the canary server's. Details: {@code encoding}
 * (UTF-8, UTF-8-BOM, UTF-16LE-BOM, UTF-16BE, Big5), {@code appendHex} (raw bytes after the text), {@code name} (the
 * dropped file's name instead of {@code <REF>.<ext>}), {@code symlink} (the file is a link to the canary),
 * {@code oversize} (a sparse file one byte over the limit), {@code workbook} (an XLSX built by {@link BadWorkbooks}),
 * {@code stored} (text the accepted invoice must hold verbatim), {@code kept} (the rejected record that must be kept,
 * by sourceRef suffix; {@code keptAs}: by its whole sourceRef, a template), {@code replayFix} (a correction that makes
 * the kept record's replay accepted).
 */
@TestPropertySource(properties = {"hub.test.context-folder=/bad-drops", "hub.drop.settle-time=200", "hub.drop.poll-interval=300"})
class BadDropFilesTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY_TEXT = "CANARY-" + UUID.randomUUID();
    /** {@code ${REPEAT:text:count}}: long values stay short in the manifest. */
    private static final Pattern REPEAT = Pattern.compile("\\$\\{REPEAT:([^:}]+):(\\d+)}");
    private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");

    static Path outside;
    static Path canary;
    static HttpServer canaryServer;
    static final AtomicInteger canaryRequests = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Value("${hub.drop.local.dir}")
    Path drop;

    @Value("${hub.drop.max-file-size}")
    org.springframework.util.unit.DataSize maxFileSize;

    @BeforeAll
    static void canaries() throws IOException {
        outside = Files.createDirectories(Path.of("target", "test-data", "outside-" + UUID.randomUUID()).toAbsolutePath());
        canary = Files.writeString(outside.resolve("secret.txt"), CANARY_TEXT);
        canaryServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canaryServer.createContext("/", exchange -> {
            canaryRequests.incrementAndGet();
            byte[] body = CANARY_TEXT.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        canaryServer.start();
    }

    @AfterAll
    static void stopCanary() {
        canaryServer.stop(0);
    }

    @Test
    void everyBadCsvDropEndsAsItsManifestSaysAndNothingElseChanges() throws Exception {
        runCorpus("drop-csv", "csv");
    }

    @Test
    void everyBadXlsxDropEndsAsItsManifestSaysAndNothingElseChanges() throws Exception {
        runCorpus("drop-xlsx", "xlsx");
    }

    @Test
    void everyBadXmlDropEndsAsItsManifestSaysResolvesNothingAndNothingElseChanges() throws Exception {
        // an XML drop is self-numbered: its numbers must lie in a SOURCE range, as a POS's would
        tw.einvoice.hub.numbering.SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", "SX");
        runCorpus("drop-xml", "xml");
    }

    /** One dropped case: its sourceRef prefix and the file name it was dropped under. */
    record Dropped(Case c, String ref, String name) {
    }

    void runCorpus(String entry, String ext) throws Exception {
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally(entry);
        String run = entry.replace("drop-", "") + UUID.randomUUID().toString().substring(0, 6);
        Path inbox = Files.createDirectories(drop.resolve("inbox"));
        Path staging = Files.createDirectories(drop.resolve("staging-" + run));
        Set<String> filesBefore = dropFiles();
        long invoicesBefore = count("SELECT count(*) FROM invoice");
        long rejectedBefore = count("SELECT count(*) FROM rejected_record");
        int requestsBefore = canaryRequests.get();

        List<Dropped> dropped = new ArrayList<>();
        for (Case c : tally.cases()) {
            // an XML drop's sourceRef is its invoice number, so it must look like one
            String ref = ext.equals("xml") ? "SX" + String.format("%08d", (int) (Math.random() * 1e8)) : run + "-" + c.name();
            String name = c.detail("name") != null ? c.detail("name").replace("${REF}", ref) : ref + "." + ext;
            Path staged = staging.resolve("staged-" + c.name());
            if (c.detail("symlink") != null) {
                Files.createSymbolicLink(inbox.resolve(name), canary);
            } else {
                if (c.detail("oversize") != null) {
                    try (RandomAccessFile f = new RandomAccessFile(staged.toFile(), "rw")) {
                        f.setLength(maxFileSize.toBytes() + 1);
                    }
                } else {
                    Files.write(staged, bytes(c, ref));
                }
                Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            dropped.add(new Dropped(c, ref, name));
        }
        Files.delete(staging);

        Path outbox = drop.resolve("outbox");
        Path error = drop.resolve("error");
        Path done = drop.resolve("done");
        try {
            // a case expected to stay in the inbox is not waited for: the consumer has listed it with the others by then
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> dropped.stream()
                    .filter(d -> !d.c().expect().equals("still-in-inbox")).allMatch(d ->
                    Files.exists(outbox.resolve(d.name() + ".result.csv")) && Files.exists(done.resolve(d.name()), LinkOption.NOFOLLOW_LINKS)
                            || Files.exists(error.resolve(d.name() + ".error.txt")) && Files.exists(error.resolve(d.name()), LinkOption.NOFOLLOW_LINKS)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the cases still waiting are recorded as such below, so the tally lists them all
        }

        long acceptedInvoices = 0;
        List<String> keptRefs = new ArrayList<>();
        for (Dropped d : dropped) {
            try {
                Path report = error.resolve(d.name() + ".error.txt");
                Path result = outbox.resolve(d.name() + ".result.csv");
                if (!Files.exists(report) && !Files.exists(result)) {
                    tally.record(d.c(), Files.exists(inbox.resolve(d.name()), LinkOption.NOFOLLOW_LINKS) ? "still-in-inbox" : "lost", null);
                    continue;
                }
                if (Files.exists(report)) {
                    String text = Files.readString(report);
                    tally.record(d.c(), text.contains(CANARY_TEXT) ? "canary-leaked" : "moved-to-error", text);
                    continue;
                }
                List<CSVRecord> rows = resultRows(outbox.resolve(d.name() + ".result.csv"));
                String message = rows.stream().map(r -> r.get("errors")).filter(e -> e != null && !e.isEmpty())
                        .collect(Collectors.joining(" | "));
                boolean formula = rows.stream().anyMatch(r -> r.stream().anyMatch(cell -> FORMULA_START.matcher(cell).find()));
                boolean anyRejected = rows.stream().anyMatch(r -> r.get("result").equals("REJECTED"));
                String outcome;
                if (formula) {
                    outcome = "formula-written-back";
                } else if (rows.isEmpty()) {
                    outcome = "no-rows";
                } else if (anyRejected) {
                    outcome = "rejected";
                } else if (d.c().detail("stored") != null) {
                    outcome = storedVerbatim(d.ref(), fill(d.c().detail("stored"), d.ref())) ? "stored-verbatim" : "stored-altered";
                } else {
                    outcome = "accepted";
                }
                acceptedInvoices += rows.stream().filter(r -> r.get("result").equals("ACCEPTED"))
                        .map(r -> r.get("sourceRef")).distinct().count();
                if (anyRejected && (d.c().detail("kept") != null || d.c().detail("keptAs") != null)) {
                    String keptRef = d.c().detail("keptAs") != null ? fill(d.c().detail("keptAs"), d.ref()) : d.ref() + d.c().detail("kept");
                    keptRefs.add(keptRef);
                    outcome = keptAndReplayable(d.c(), keptRef) ? outcome : outcome + "-not-kept";
                    if (d.c().detail("console") != null && !shownEscaped(keptRef)) {
                        outcome = outcome + "-shown-unescaped";
                    }
                }
                tally.record(d.c(), outcome, message);
            } catch (Exception | AssertionError e) {
                tally.failed(d.c(), e);
            }
        }
        // checked softly, so a failing case is listed by the tally below rather than hidden by a count
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(count("SELECT count(*) FROM invoice") - invoicesBefore).as("invoices made by the corpus, and no others")
                .isEqualTo(acceptedInvoices + keptRefs.stream().filter(r -> replayed.contains(r)).count());
        softly.assertThat(count("SELECT count(*) FROM rejected_record") - rejectedBefore).as("rejected records, one per kept case")
                .isEqualTo(keptRefs.size());
        Set<String> expectedFiles = new TreeSet<>();
        for (Dropped d : dropped) {
            if (Files.exists(error.resolve(d.name() + ".error.txt"))) {
                expectedFiles.add("error/" + d.name());
                expectedFiles.add("error/" + d.name() + ".error.txt");
            } else if (Files.exists(inbox.resolve(d.name()))) {
                expectedFiles.add("inbox/" + d.name());
            } else {
                expectedFiles.add("done/" + d.name());
                expectedFiles.add("outbox/" + d.name() + ".result.csv");
            }
        }
        Set<String> added = new TreeSet<>(dropFiles());
        added.removeAll(filesBefore);
        added.removeIf(f -> f.startsWith("outbox/outcomes/"));
        softly.assertThat(added).as("files the corpus left in the drop folders").isEqualTo(expectedFiles);
        try (Stream<Path> files = Files.list(outside)) {
            softly.assertThat(files.map(p -> p.getFileName().toString()).toList()).as("nothing written outside the hub's folders")
                    .containsExactly("secret.txt");
        }
        softly.assertThat(Files.readString(canary)).as("the canary file untouched").isEqualTo(CANARY_TEXT);
        softly.assertThat(canaryRequests.get() - requestsBefore).as("requests the canary server got").isZero();
        softly.assertThat(count("SELECT count(*) FROM rejected_record WHERE original_payload::text LIKE ?", "%" + CANARY_TEXT + "%")
                + count("SELECT count(*) FROM invoice WHERE document::text LIKE ?", "%" + CANARY_TEXT + "%"))
                .as("the canary's text stored anywhere").isZero();

        for (Dropped d : dropped) {
            Files.deleteIfExists(done.resolve(d.name()));
            Files.deleteIfExists(error.resolve(d.name()));
            Files.deleteIfExists(inbox.resolve(d.name()));
        }
        tally.assertAllAsExpected();
        softly.assertAll();
    }

    private final Set<String> replayed = new java.util.HashSet<>();

    /** The case's bytes: its template filled in, encoded as the case says. */
    byte[] bytes(Case c, String ref) throws IOException {
        if (c.detail("workbook") != null) {
            return BadWorkbooks.build(c, fill(c.detail("rows") == null ? "" : c.detail("rows"), ref), CANARY_TEXT,
                    canary.toUri().toString(), "http://127.0.0.1:" + canaryServer.getAddress().getPort() + "/");
        }
        String text = c.input().startsWith("@")
                ? Files.readString(BadInputCorpus.folder(c.entry()).resolve(c.input().substring(1))) : c.text();
        if (c.detail("doctype") != null) {
            text = text.replaceFirst("\\?>\n", "?>\n" + java.util.regex.Matcher.quoteReplacement(c.detail("doctype")) + "\n");
        }
        if (c.detail("replace") != null) {
            for (var e : JSON.readTree(c.detail("replace")).properties()) {
                text = text.replace(e.getKey(), e.getValue().asText());
            }
        }
        text = fill(text, ref);
        byte[] body = switch (c.detail("encoding") == null ? "UTF-8" : c.detail("encoding")) {
            case "UTF-8" -> text.getBytes(StandardCharsets.UTF_8);
            case "UTF-8-BOM" -> concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
            case "UTF-16LE-BOM" -> concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
            case "UTF-16BE" -> text.getBytes(StandardCharsets.UTF_16BE);
            case "Big5" -> text.getBytes(Charset.forName("x-windows-950"));
            default -> throw new IllegalArgumentException("encoding " + c.detail("encoding"));
        };
        if (c.detail("appendHex") != null) {
            body = concat(body, HexFormat.of().parseHex(c.detail("appendHex")));
        }
        if (c.detail("truncate") != null) {
            body = java.util.Arrays.copyOf(body, Math.min(body.length, Integer.parseInt(c.detail("truncate"))));
        }
        return body;
    }

    String fill(String template, String ref) {
        OffsetDateTime at = OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
        template = REPEAT.matcher(template).replaceAll(m -> Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        return template.replace("${REF}", ref).replace("${NOW}", at.toString())
                .replace("${DATE}", at.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8))
                .replace("${TIME}", at.toLocalTime().format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME))
                .replace("${CANARY}", canary.toUri().toString())
                .replace("${HTTP}", "http://127.0.0.1:" + canaryServer.getAddress().getPort() + "/");
    }

    static String now() {
        return OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static List<CSVRecord> resultRows(Path result) throws IOException {
        String text = Files.readString(result, StandardCharsets.UTF_8);
        assertThat(text).as("result file header").startsWith("\uFEFF" + DropProcessor.RESULT_HEADER);
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords();
    }

    boolean storedVerbatim(String ref, String stored) {
        List<String> docs = jdbc.sql("SELECT document::text FROM invoice WHERE source_ref LIKE ?").param(ref + "%")
                .query(String.class).list();
        return !docs.isEmpty() && docs.stream().allMatch(doc -> textValues(doc).contains(stored));
    }

    /** Every text value of a JSON document, so a stored value is compared as stored, not as JSON-escaped. */
    static Set<String> textValues(String json) {
        try {
            Set<String> values = new java.util.HashSet<>();
            JSON.readTree(json).findParents("description");
            collect(JSON.readTree(json), values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void collect(JsonNode node, Set<String> values) {
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.elements().forEachRemaining(child -> collect(child, values));
    }

    /**
     * The rejected record of {@code sourceRef} is kept open with its payload as dropped; with a {@code replayFix}
     * ({@code {"from": …, "to": …}}) its corrected replay is accepted.
     */
    boolean keptAndReplayable(Case c, String sourceRef) throws IOException {
        List<Long> ids = jdbc.sql("SELECT id FROM rejected_record WHERE source_ref = ? AND status = 'OPEN'").param(sourceRef)
                .query(Long.class).list();
        if (ids.size() != 1) {
            return false;
        }
        // the admin sees every seller's records: a case's row may name a seller no key holds
        HubClient admin = new HubClient("http://127.0.0.1:" + port).basic("admin", ADMIN_PASSWORD);
        HubClient.Response record = admin.get("/api/v1/rejected/" + ids.get(0));
        if (record.status() != 200 || record.body().get("originalPayload").isNull()) {
            return false;
        }
        String fix = c.detail("replayFix");
        if (fix == null) {
            return true;
        }
        JsonNode f = JSON.readTree(fix);
        String corrected = JSON.writeValueAsString(record.body().get("originalPayload"))
                .replace(fill(f.get("from").asText(), sourceRef), fill(f.get("to").asText(), sourceRef));
        HubClient.Response replay = admin.post("/api/v1/rejected/" + ids.get(0) + "/replay", corrected);
        boolean accepted = replay.status() == 200 && "ACCEPTED".equals(replay.body().get("result").asText());
        if (accepted) {
            replayed.add(sourceRef);
        }
        return accepted;
    }

    /**
     * The console's page of the kept record shows the dropped description as text: escaped, never as markup. The
     * description of such a case is {@code <img src=x onerror=alert(1)>}.
     */
    boolean shownEscaped(String sourceRef) throws Exception {
        long id = jdbc.sql("SELECT id FROM rejected_record WHERE source_ref = ?").param(sourceRef).query(Long.class).single();
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://127.0.0.1:" + port;
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(login);
        assertThat(csrf.find()).as("the login page's CSRF token").isTrue();
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        String form = "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/failures/" + id + "?lang=en"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("the failure page of record %s", id).isEqualTo(200);
        assertThat(page.body()).as("the failure page shows the record").contains(sourceRef);
        return !page.body().contains("<img src=x onerror") && page.body().contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** Every file under the drop folder, relative to it. */
    Set<String> dropFiles() throws IOException {
        try (Stream<Path> files = Files.walk(drop)) {
            return files.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> drop.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
