package tw.einvoice.hub.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.badinput.BadInputCorpus;
import tw.einvoice.hub.badinput.BadInputCorpus.Case;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.mig.MigWriter;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus of inbound B2B exchange messages ({@code bad-input/exchange-inbound}, issue 18 item 2): each
 * case is a file Turnkey hands over in {@code DownCast/B2BEXCHANGE/A0101/SRC}, an A0101 from a business outside the hub
 * to our second seller ({@code @a0101}) with the case's {@code doctype}, {@code replace}, {@code truncate} or
 * {@code appendHex} applied, or the case's own text. It must end in {@code ERR/} with its refusal kept, or in
 * {@code BAK/} stored (once: {@code again} delivers it a second time under another name). Beyond each case: purchases
 * and refusals grow by exactly the cases', nothing is left in SRC, the canary file's text is nowhere and the canary
 * HTTP server hears nothing.
 */
class ExchangeBadMessagesTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPEAT = Pattern.compile("\\$\\{REPEAT:([^:}]+):(\\d+)}");

    @Autowired
    ExchangeProperties settings;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyBadInboundMessageEndsAsItsManifestSaysWithoutResolvingAnythingAndNothingElseChanges() throws Exception {
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("exchange-inbound");
        String canaryText = "CANARY-" + UUID.randomUUID();
        Path canary = Files.writeString(Files.createTempFile("exchange-canary", ".txt"), canaryText);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", e -> {
            requests.incrementAndGet();
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.start();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Path src = Files.createDirectories(settings.downcastDir().resolve("B2BEXCHANGE/A0101/SRC"));
        long purchasesBefore = jdbc.sql("SELECT count(*) FROM exchange_invoice").query(Long.class).single();
        long refusalsBefore = jdbc.sql("SELECT count(*) FROM exchange_refusal").query(Long.class).single();
        try {
            Map<Case, String> numbers = new LinkedHashMap<>();
            Map<Case, String> names = new LinkedHashMap<>();
            for (Case c : tally.cases()) {
                String number = "XB" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
                String name = "bad-" + run + "-" + c.name() + ".xml";
                byte[] body = bytes(c, number, canary.toUri().toString(), "http://127.0.0.1:" + server.getAddress().getPort() + "/");
                drop(src, name, body);
                if (c.detail("again") != null) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> purchase(number) == 1);
                    drop(src, "again-" + name, body);
                    name = "again-" + name;
                }
                numbers.put(c, number);
                names.put(c, name);
            }
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                        names.values().stream().allMatch(n -> !Files.exists(src.resolve(n))));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the files still waiting are recorded below, so the tally lists them all
            }
            List<String> err = filesUnder(settings.downcastDir().resolve("B2BEXCHANGE/A0101/ERR"));
            List<String> bak = filesUnder(settings.downcastDir().resolve("B2BEXCHANGE/A0101/BAK"));
            long stored = 0;
            long refused = 0;
            for (Case c : tally.cases()) {
                try {
                    String name = names.get(c);
                    if (err.contains(name)) {
                        refused++;
                        List<String> reasons = jdbc.sql("SELECT reason FROM exchange_refusal WHERE file_name = ?").param(name)
                                .query(String.class).list();
                        tally.record(c, reasons.size() == 1 ? "refused" : "refused-not-kept", String.join(" | ", reasons));
                    } else if (bak.contains(name)) {
                        long rows = purchase(numbers.get(c));
                        stored += rows;
                        String row = rows == 0 ? "" : jdbc.sql("SELECT row_to_json(e)::text FROM exchange_invoice e WHERE invoice_number = ?")
                                .param(numbers.get(c)).query(String.class).single();
                        String outcome = rows != 1 ? "stored-" + rows + "-times" : c.detail("again") != null ? "duplicate" : "stored";
                        if (c.detail("stored") != null && !JSON.readTree(row).toString().contains(c.detail("stored"))
                                && !row.contains(c.detail("stored"))) {
                            outcome = "stored-altered";
                        }
                        tally.record(c, outcome, row);
                    } else {
                        tally.record(c, Files.exists(src.resolve(name)) ? "still-in-SRC" : "lost", null);
                    }
                } catch (Exception | AssertionError e) {
                    tally.failed(c, e);
                }
            }
            tally.assertAllAsExpected();
            assertThat(jdbc.sql("SELECT count(*) FROM exchange_invoice").query(Long.class).single() - purchasesBefore)
                    .as("purchases stored: the cases', once each").isEqualTo(stored);
            assertThat(jdbc.sql("SELECT count(*) FROM exchange_refusal").query(Long.class).single() - refusalsBefore)
                    .as("refusals kept: one per refused file").isEqualTo(refused);
            assertThat(requests.get()).as("requests the canary server got").isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM exchange_invoice e WHERE row_to_json(e)::text LIKE ?")
                    .param("%" + canaryText + "%").query(Long.class).single()).as("the canary's text stored").isZero();
        } finally {
            server.stop(0);
            Files.deleteIfExists(canary);
        }
    }

    private long purchase(String number) {
        return jdbc.sql("SELECT count(*) FROM exchange_invoice WHERE invoice_number = ? AND direction = 'PURCHASE'")
                .param(number).query(Long.class).single();
    }

    private static byte[] bytes(Case c, String number, String canaryUri, String http) throws Exception {
        String text = "@a0101".equals(c.input()) ? a0101(number) : c.text();
        if (c.detail("doctype") != null) {
            text = text.replaceFirst("\\?>\\s*", "?>\n" + Matcher.quoteReplacement(c.detail("doctype")) + "\n");
        }
        if (c.detail("replace") != null) {
            for (var e : JSON.readTree(c.detail("replace")).properties()) {
                text = text.replace(e.getKey(), e.getValue().asText());
            }
        }
        text = REPEAT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        text = text.replace("${NUM}", number).replace("${CANARY}", canaryUri).replace("${HTTP}", http);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (c.detail("truncate") != null) {
            body = java.util.Arrays.copyOf(body, Integer.parseInt(c.detail("truncate")));
        }
        if (c.detail("appendHex") != null) {
            byte[] tail = HexFormat.of().parseHex(c.detail("appendHex"));
            byte[] all = java.util.Arrays.copyOf(body, body.length + tail.length);
            System.arraycopy(tail, 0, all, body.length, tail.length);
            body = all;
        }
        return body;
    }

    /** An A0101 from a business outside the hub (98765432) to our second seller, as ExchangeFlowTest sends them. */
    private static String a0101(String number) {
        String json = """
                {"sellerId": "98765432", "invoiceNumber": "%s", "issuedAt": "%s",
                 "buyer": {"id": "12345676", "name": "往來廠商股份有限公司"},
                 "taxType": "1", "taxRate": 0.05, "pricesIncludeTax": false,
                 "items": [{"description": "伺服器維護", "quantity": 1, "unit": "式", "unitPrice": 1000, "amount": 1000}],
                 "salesAmount": 1000, "taxAmount": 50, "totalAmount": 1050}"""
                .formatted(number, OffsetDateTime.now().minusMinutes(1).withNano(0));
        var doc = InvoiceJson.read(json);
        doc.setSeller(new tw.einvoice.hub.invoice.CanonicalInvoice.Party("98765432", "外部供應商", null, null, "臺中市西屯區測試路3號"));
        return new MigWriter(MigWriter.Options.defaults()).exchangeInvoice(doc);
    }

    private static void drop(Path src, String name, byte[] body) throws java.io.IOException {
        Path part = src.resolveSibling(name + ".part");
        Files.write(part, body);
        Files.move(part, src.resolve(name));
    }

    private static List<String> filesUnder(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
