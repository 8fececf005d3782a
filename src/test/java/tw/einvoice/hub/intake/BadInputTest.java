package tw.einvoice.hub.intake;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.numbering.SourceRanges;
import tw.einvoice.hub.rules.CanonicalShape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Bad input is never a 503 (issue 10, item 6). Every canonical field gets an over-long value, a NUL and another
 * character an invoice cannot carry, and a value of the wrong JSON type, through the REST API (alone and in a batch)
 * and a CSV drop: each is refused with its field and code, kept as a rejected record that shows the payload as sent
 * and can be replayed, and never answered 5xx. Only an outage of the database answers 503.
 */
class BadInputTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes every non-ASCII character as an escape, so a lone surrogate reaches the hub as the JSON escape it is. */
    private static final ObjectWriter ESCAPED = JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    /** Reads answers with exact decimals: 1E+999999999 would be Infinity as a double. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    /** jsonb keeps a number's value, not its spelling: 1E+20 comes back as 100000000000000000000. */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** Characters besides NUL that an invoice cannot carry; each text field gets one of them. */
    private static final String[] REFUSED = {"\u0001", "\t", "\n", "\r", "\u001F", "\u007F", "\u0085", "\u009F",
            "\uD800", "\uDFFF", "\uFFFE", "\uFFFF"};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Value("${hub.drop.local.dir}")
    Path localDrop;

    private final List<String> triggers = new ArrayList<>();

    @AfterEach
    void dropTriggers() {
        triggers.forEach(t -> {
            jdbc.sql("DROP TRIGGER IF EXISTS " + t + " ON invoice").update();
            jdbc.sql("DROP FUNCTION IF EXISTS " + t + "()").update();
        });
        triggers.clear();
    }

    /** One bad value: where it goes, what it is, and the violation it must bring. */
    record Case(String name, String field, JsonNode value, String code, Consumer<ObjectNode> base) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> everyFieldBroken() {
        List<Case> cases = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        CanonicalShape.fields().forEach((path, type) -> {
            String field = path.replace("[]", "[0]");
            Consumer<ObjectNode> base = path.startsWith("donation") ? BadInputTest::donated : doc -> { };
            switch (type) {
                case "string" -> {
                    if (field.equals("issuedAt")) {
                        cases.add(new Case("issuedAt: not a date", field, text("2026-11-25".repeat(500)), "FORMAT", base));
                        cases.add(new Case("issuedAt: NUL", field, text("2026-11-25T10:00:00+08:00\u0000"),
                                "CHARACTER_NOT_ALLOWED", base));
                        cases.add(new Case("issuedAt: number", field, JSON.getNodeFactory().numberNode(1764036930),
                                "WRONG_TYPE", base));
                        cases.add(new Case("issuedAt: year 1900 on a self-numbered invoice", field,
                                text("1900-01-01T00:00:00+08:00"), "DATE_OUT_OF_RANGE", doc -> doc.put("invoiceNumber", "ZV00000001")));
                        cases.add(new Case("issuedAt: year 10000", field, text("+10000-01-01T00:00:00+08:00"),
                                "DATE_OUT_OF_RANGE", base));
                        return;
                    }
                    int max = CanonicalShape.maxLength(path);
                    cases.add(new Case(field + ": " + (max + 1) + " characters", field, text("1".repeat(max + 1)),
                            "TOO_LONG", base));
                    cases.add(new Case(field + ": NUL", field, text("\u0000"), "CHARACTER_NOT_ALLOWED", base));
                    String other = REFUSED[next.getAndIncrement() % REFUSED.length];
                    cases.add(new Case(field + ": U+" + String.format("%04X", (int) other.charAt(0)), field, text(other),
                            "CHARACTER_NOT_ALLOWED", base));
                    cases.add(new Case(field + ": number", field, JSON.getNodeFactory().numberNode(1), "WRONG_TYPE", base));
                    cases.add(new Case(field + ": object", field, JSON.createObjectNode(), "WRONG_TYPE", base));
                }
                case "number" -> {
                    String tooLarge = field.startsWith("items") ? "DECIMAL_FORMAT" : field.equals("taxRate") ? "TAX_RATE"
                            : "AMOUNT_FORMAT";
                    cases.add(new Case(field + ": 1E+20", field, JSON.getNodeFactory().numberNode(new BigDecimal("1E+20")),
                            tooLarge, base));
                    cases.add(new Case(field + ": string", field, text("105"), "WRONG_TYPE", base));
                    cases.add(new Case(field + ": array", field, JSON.createArrayNode().add(105), "WRONG_TYPE", base));
                }
                case "boolean" -> {
                    cases.add(new Case(field + ": string", field, text("yes"), "WRONG_TYPE", base));
                    cases.add(new Case(field + ": number", field, JSON.getNodeFactory().numberNode(1), "WRONG_TYPE", base));
                }
                case "object" -> cases.add(new Case(field + ": string", field, text("x"), "WRONG_TYPE", base));
                case "array" -> cases.add(new Case(field + ": object", field, JSON.createObjectNode(), "WRONG_TYPE", base));
                default -> throw new IllegalStateException(type);
            }
        });
        cases.add(new Case("totalAmount: 1E+999999999", "totalAmount",
                JSON.getNodeFactory().numberNode(new BigDecimal("1E+999999999")), "AMOUNT_FORMAT", doc -> { }));
        cases.add(new Case("items[0]: number", "items[0]", JSON.getNodeFactory().numberNode(105), "WRONG_TYPE", doc -> { }));
        cases.add(new Case("items[0].colour: unknown", "items[0].colour", text("red"), "UNKNOWN_FIELD", doc -> { }));
        cases.add(new Case("salesAmmount: unknown", "salesAmmount", JSON.getNodeFactory().numberNode(100), "UNKNOWN_FIELD",
                doc -> { }));
        cases.add(new Case("invoiceType: not 07 or 08", "invoiceType", text("99"), "ENUM", doc -> { }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFieldBroken")
    void badValueIsRefusedWith422NamingFieldAndCodeAndKeptAsSent(Case c) {
        ObjectNode doc = baseInvoice("bad-" + UUID.randomUUID());
        c.base().accept(doc);
        set(doc, c.field(), c.value());
        // a key bound to one seller may only name that seller: another sellerId is refused (403) before any rule
        HubClient client = c.field().equals("sellerId") ? api.basic("admin", ADMIN_PASSWORD) : api;

        HubClient.Response r = client.post("/api/v1/invoices", escaped(doc));

        assertThat(r.status()).as(r.text()).isEqualTo(422);
        JsonNode outcome = exact(r.text());
        assertThat(outcome.get("result").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple(c.field(), c.code()));

        HubClient.Response kept = client.get("/api/v1/rejected/" + outcome.get("rejectedId").asLong());
        assertThat(kept.status()).as(kept.text()).isEqualTo(200);
        JsonNode record = exact(kept.text());
        assertThat(record.get("status").asText()).isEqualTo("OPEN");
        assertThat(get(record.get("originalPayload"), c.field()).equals(SAME_NUMBER, c.value()))
                .as("kept as sent: %s", get(record.get("originalPayload"), c.field())).isTrue();
        assertThat(record.get("violations").get(0).get("code").asText()).isEqualTo(c.code());
    }

    @Test
    void theIssuesTwoRequestsAnswer422AndTheirRetriesTheSameInsteadOfA503Loop() {
        ObjectNode longRef = baseInvoice("S".repeat(5000));
        ObjectNode nul = baseInvoice("nul-" + UUID.randomUUID());
        set(nul, "items[0].description", text("乾\u0000電池"));

        HubClient.Response first = api.post("/api/v1/invoices", escaped(longRef));
        HubClient.Response second = api.post("/api/v1/invoices", escaped(nul));
        HubClient.Response retried = api.post("/api/v1/invoices", escaped(nul));

        assertThat(first.status()).as(first.text()).isEqualTo(422);
        assertThat(first.body().get("violations").findValuesAsText("code")).containsExactly("TOO_LONG");
        assertThat(second.status()).as(second.text()).isEqualTo(422);
        assertThat(retried.status()).as(retried.text()).isEqualTo(422);
        assertThat(retried.body().get("rejectedId").asLong()).as("one open record per source reference")
                .isEqualTo(second.body().get("rejectedId").asLong());
        assertThat(api.get("/api/v1/rejected/" + second.body().get("rejectedId").asLong()).body().get("attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void badItemsOfABatchAreRejectedOneByOneInOrderAndTheRestAccepted() {
        String prefix = "batch-" + UUID.randomUUID();
        ArrayNode batch = JSON.createArrayNode();
        batch.add(baseInvoice(prefix + "-0"));
        ObjectNode nul = baseInvoice(prefix + "-1");
        set(nul, "items[0].description", text("乾\u0000電池"));
        batch.add(nul);
        batch.add(baseInvoice("x".repeat(5000)));
        ObjectNode wrongType = baseInvoice(prefix + "-3");
        set(wrongType, "carrier", text("3J0002 /ABC+123"));
        batch.add(wrongType);
        ObjectNode surrogate = baseInvoice(prefix + "-4\uD800");
        batch.add(surrogate);
        batch.add(baseInvoice(prefix + "-5"));

        HubClient.Response r = api.post("/api/v1/invoices", escaped(batch));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode results = r.body().get("results");
        assertThat(results).extracting(o -> o.get("result").asText())
                .containsExactly("ACCEPTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED");
        assertThat(results.get(1).get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("items[0].description", "CHARACTER_NOT_ALLOWED"));
        assertThat(results.get(2).get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("sourceRef", "TOO_LONG"));
        assertThat(results.get(3).get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("carrier", "WRONG_TYPE"));
        assertThat(results.get(4).get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("sourceRef", "CHARACTER_NOT_ALLOWED"));
        for (int i = 1; i <= 4; i++) {
            long id = results.get(i).get("rejectedId").asLong();
            assertThat(api.get("/api/v1/rejected/" + id).status()).as("record of item %s kept", i).isEqualTo(200);
        }
        JsonNode longRef = api.get("/api/v1/rejected/" + results.get(2).get("rejectedId").asLong()).body();
        assertThat(longRef.get("sourceRef").isNull()).as("a sourceRef its column cannot hold is left out of the row").isTrue();
        assertThat(longRef.get("originalPayload").get("sourceRef").asText()).hasSize(5000);
        JsonNode lone = api.get("/api/v1/rejected/" + results.get(4).get("rejectedId").asLong()).body();
        assertThat(lone.get("originalPayload").get("sourceRef").asText()).isEqualTo(prefix + "-4\uD800");
        assertThat(invoicesFrom("test", prefix + "-%")).isEqualTo(2);
    }

    @Test
    void rejectedNulRecordIsAcceptedWhenReplayedCorrected() {
        ObjectNode doc = baseInvoice("replay-nul-" + UUID.randomUUID());
        set(doc, "items[0].description", text("乾\u0000電池"));
        long id = exact(api.post("/api/v1/invoices", escaped(doc)).text()).get("rejectedId").asLong();

        ObjectNode corrected = doc.deepCopy();
        set(corrected, "items[0].description", text("乾電池"));
        HubClient.Response replayed = api.post("/api/v1/rejected/" + id + "/replay", escaped(corrected));

        assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
        assertThat(replayed.body().get("result").asText()).isEqualTo("ACCEPTED");
        JsonNode record = api.get("/api/v1/rejected/" + id).body();
        assertThat(record.get("status").asText()).isEqualTo("REPLAYED");
        assertThat(record.get("originalPayload").get("items").get(0).get("description").asText()).isEqualTo("乾\u0000電池");
        assertThat(record.get("events").findValuesAsText("action")).containsExactly("REJECTED", "CORRECTED", "REPLAYED");
    }

    @Test
    void recordWhoseConnectorCannotBeKeptIsReplayedUnderTheCorrectedConnector() {
        String ref = "replay-conn-" + UUID.randomUUID();
        ObjectNode doc = baseInvoice(ref);
        doc.put("connector", "c".repeat(65));
        long id = exact(api.post("/api/v1/invoices", escaped(doc)).text()).get("rejectedId").asLong();
        assertThat(api.get("/api/v1/rejected/" + id).body().get("connector").asText()).isEmpty();

        ObjectNode corrected = doc.deepCopy();
        corrected.put("connector", "shop-7");
        HubClient.Response replayed = api.post("/api/v1/rejected/" + id + "/replay", escaped(corrected));

        assertThat(replayed.body().get("result").asText()).as(replayed.text()).isEqualTo("ACCEPTED");
        assertThat(replayed.body().get("connector").asText()).isEqualTo("shop-7");
        assertThat(invoicesFrom("shop-7", ref)).isEqualTo(1);
    }

    @Test
    void twoInvoicesOfOneBatchWithTheSameOwnNumberAreOneAcceptedAndOneRefusedNotAFailedBatch() {
        SourceRanges.ensure(context, DEMO_SELLER, "TPE01", "07", "ZV");
        String prefix = "self-" + UUID.randomUUID();
        String number = "ZV" + String.format("%08d", (int) (Math.random() * 90_000_000) + 1_000);
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < 2; i++) {
            ObjectNode doc = baseInvoice(prefix + "-" + i);
            doc.put("invoiceNumber", number);
            doc.put("randomCode", "0777");
            doc.put("branchId", "TPE01");
            batch.add(doc);
        }

        HubClient.Response r = api.post("/api/v1/invoices", batch);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode results = r.body().get("results");
        assertThat(results.get(0).get("result").asText()).isEqualTo("ACCEPTED");
        assertThat(results.get(1).get("result").asText()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("invoiceNumber", "NUMBER_ALREADY_USED"));
    }

    @Test
    void sellerBoundKeyCannotNameAnotherSellerByANumber() {
        ObjectNode doc = baseInvoice("other-" + UUID.randomUUID());
        doc.put("sellerId", Long.parseLong(OTHER_SELLER));

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertThat(r.status()).isEqualTo(403);
        assertThat(invoicesFrom("test", doc.get("sourceRef").asText())).isZero();
    }

    @Test
    void valueTheDatabaseRefusesDespiteTheRulesIsKeptAsADefectNamingItsColumnWhileTheRestOfTheBatchIsStored() {
        String prefix = "defect-" + UUID.randomUUID();
        // a refusal the rules cannot foresee, raised by the real database as a data exception (SQLState class 22)
        refuseInvoices("defect_refusal", prefix + "-bad%", "22023");

        HubClient.Response alone = api.post("/api/v1/invoices", baseInvoice(prefix + "-bad-0"));
        HubClient.Response batch = api.post("/api/v1/invoices", JSON.createArrayNode()
                .add(baseInvoice(prefix + "-good-1")).add(baseInvoice(prefix + "-bad-2")).add(baseInvoice(prefix + "-good-3")));

        assertThat(alone.status()).as(alone.text()).isEqualTo(422);
        assertThat(alone.body().get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("code").asText())
                .containsExactly(tuple("sourceRef", "HUB_DEFECT"));
        assertThat(api.get("/api/v1/rejected/" + alone.body().get("rejectedId").asLong()).body()
                .get("sourceRef").asText()).isEqualTo(prefix + "-bad-0");
        assertThat(batch.status()).as(batch.text()).isEqualTo(200);
        assertThat(batch.body().get("results")).extracting(o -> o.get("result").asText())
                .containsExactly("ACCEPTED", "REJECTED", "ACCEPTED");
        assertThat(invoicesFrom("test", prefix + "-good-%")).isEqualTo(2);
        assertThat(openRejections("test", prefix + "-bad-%")).isEqualTo(2);
    }

    @Test
    void databaseOutageAnswers503AndKeepsNothingSoTheRetryIsTheRecord() {
        String ref = "outage-" + UUID.randomUUID();
        // serialization_failure (SQLState class 40): the database asks for the work to be tried again
        refuseInvoices("outage_refusal", ref, "40001");

        HubClient.Response r = api.post("/api/v1/invoices", baseInvoice(ref));

        assertThat(r.status()).as(r.text()).isEqualTo(503);
        assertThat(r.body().get("type").asText()).isEqualTo("urn:einvoice-hub:problem:intake-unavailable");
        assertThat(openRejections("test", ref)).isZero();

        dropTriggers();
        HubClient.Response retried = api.post("/api/v1/invoices", baseInvoice(ref));
        assertThat(retried.status()).isEqualTo(201);
    }

    @Test
    void badCellsOfACsvDropAreRejectedRowsOfTheResultFileAndTheFileIsDone() throws IOException {
        String prefix = "DROP-" + UUID.randomUUID().toString().substring(0, 8);
        Path inbox = Files.createDirectories(localDrop.resolve("inbox"));
        Path part = localDrop.resolve(prefix + ".part");
        Files.writeString(part, badCells(prefix), StandardCharsets.UTF_8);
        Files.move(part, inbox.resolve(prefix + ".csv"));

        Path result = localDrop.resolve("outbox").resolve(prefix + ".csv.result.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(result)
                && Files.exists(localDrop.resolve("done").resolve(prefix + ".csv")));

        assertBadCellsRejected(prefix, Files.readAllLines(result, StandardCharsets.UTF_8));
        assertThat(Files.exists(localDrop.resolve("error").resolve(prefix + ".csv"))).isFalse();
        assertThat(invoicesFrom("local-drop", prefix + "-%")).isEqualTo(2);
        assertThat(openRejections("local-drop", prefix + "-%")).as("one kept record per bad row with a sourceRef").isEqualTo(7);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM rejected_record WHERE connector = 'local-drop' AND source_ref IS NULL
                          AND original_payload::text LIKE ?""")
                .param("%" + prefix + "-R".repeat(100) + "%").query(Long.class).single())
                .as("the row whose sourceRef no column can hold is kept too").isEqualTo(1);
    }

    @Test
    void badCellsOfAnUploadedBatchAreRejectedRowsAndTheBatchIsDone() throws IOException {
        String prefix = "BATCH-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.writeString(Files.createTempFile("bad-cells-", ".csv"), badCells(prefix), StandardCharsets.UTF_8);

        HubClient.Response upload = api.postFile("/api/v1/batches", file, prefix + ".csv", "text/csv");
        Files.delete(file);

        assertThat(upload.status()).as(upload.text()).isEqualTo(202);
        String id = upload.body().get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("DONE", "FAILED")
                .contains(api.get("/api/v1/batches/" + id).body().get("status").asText()));
        JsonNode batch = api.get("/api/v1/batches/" + id).body();
        assertThat(batch.get("status").asText()).isEqualTo("DONE");
        assertThat(batch.get("accepted").asLong()).isEqualTo(2);
        assertThat(batch.get("rejected").asLong()).isEqualTo(8);
        HubClient.Response result = api.get("/api/v1/batches/" + id + "/result");
        assertBadCellsRejected(prefix, List.of(result.text().split("\r\n")));
    }

    /**
     * Ten rows, each its own invoice: two good ones around eight with one bad cell each (NUL, a sourceRef no column
     * holds, a quantity that is no number, a flag that is no flag, a control character, a year before the ROC
     * calendar, an over-long remark, a number too large).
     */
    private static String badCells(String prefix) {
        String now = OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
        String head = "sourceRef,sellerId,issuedAt,carrierType,carrierId,buyerName,print,taxType,pricesIncludeTax,"
                + "description,quantity,unitPrice,amount,remark\r\n";
        String good = ",04595257," + now + ",3J0002,/ABC+123,,,1,Y,乾電池,1,105,105,\r\n";
        return head
                + prefix + "-1" + good
                + prefix + "-2,04595257," + now + ",3J0002,/ABC+123,,,1,Y,乾\u0000電池,1,105,105,\r\n"
                + prefix + "-R".repeat(2500) + good
                + prefix + "-4,04595257," + now + ",3J0002,/ABC+123,,,1,Y,乾電池,abc,105,105,\r\n"
                + prefix + "-5,04595257," + now + ",3J0002,/ABC+123,,maybe,1,Y,乾電池,1,105,105,\r\n"
                + prefix + "-6,04595257," + now + ",,,王\u0001小明,,1,Y,乾電池,1,105,105,\r\n"
                + prefix + "-7,04595257,1900-01-01T00:00:00+08:00,3J0002,/ABC+123,,,1,Y,乾電池,1,105,105,\r\n"
                + prefix + "-8,04595257," + now + ",3J0002,/ABC+123,,,1,Y,乾電池,1,105,105," + "備".repeat(201) + "\r\n"
                + prefix + "-9,04595257," + now + ",3J0002,/ABC+123,,,1,Y,乾電池,99999999999999999999999,105,105,\r\n"
                + prefix + "-10" + good;
    }

    private static void assertBadCellsRejected(String prefix, List<String> lines) {
        String longRef = prefix + "-R".repeat(2500);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(1)).startsWith("2," + prefix + "-1,ACCEPTED,");
        assertThat(lines.get(2)).startsWith("3," + prefix + "-2,REJECTED,")
                .contains("items[0].description: items[0].description holds U+0000 at character 2");
        assertThat(lines.get(3)).startsWith("4," + longRef + ",REJECTED,")
                .contains("sourceRef: sourceRef allows at most 128 characters, got " + longRef.length());
        assertThat(lines.get(4)).startsWith("5," + prefix + "-4,REJECTED,")
                .contains("items[0].quantity: items[0].quantity must be a JSON number, got string \"\"abc\"\"");
        assertThat(lines.get(5)).startsWith("6," + prefix + "-5,REJECTED,")
                .contains("print: print must be a JSON boolean, got string \"\"maybe\"\"");
        assertThat(lines.get(6)).startsWith("7," + prefix + "-6,REJECTED,").contains("buyer.name: buyer.name holds U+0001");
        assertThat(lines.get(7)).startsWith("8," + prefix + "-7,REJECTED,").contains("issuedAt: issuedAt must lie in the years");
        assertThat(lines.get(8)).startsWith("9," + prefix + "-8,REJECTED,").contains("remark: remark allows at most 200");
        assertThat(lines.get(9)).startsWith("10," + prefix + "-9,REJECTED,")
                .contains("items[0].quantity: items[0].quantity allows at most 20 digits");
        assertThat(lines.get(10)).startsWith("11," + prefix + "-10,ACCEPTED,");
    }

    /** A valid consumer invoice of the demo seller, with every party field present so one can be broken alone. */
    private static ObjectNode baseInvoice(String sourceRef) {
        ObjectNode doc = Invoices.valid(sourceRef);
        doc.putObject("seller").put("name", "範例商行").put("address", "臺北市中正區測試路1號");
        doc.putObject("buyer").put("id", "0000000000").put("name", "王小明").put("email", "ming@example.com")
                .put("phone", "0912345678").put("address", "臺北市");
        return doc;
    }

    /** Donated instead of kept in a carrier, so a broken donation code is the only mistake. */
    private static void donated(ObjectNode doc) {
        doc.remove("carrier");
        doc.putObject("donation").put("npoban", "8585");
    }

    private void refuseInvoices(String name, String sourceRefPattern, String sqlState) {
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.source_ref LIKE '%2$s' THEN
                        RAISE EXCEPTION 'refused for BadInputTest' USING ERRCODE = '%3$s', COLUMN = 'source_ref';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(name, sourceRefPattern, sqlState)).update();
        jdbc.sql("CREATE TRIGGER %1$s BEFORE INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION %1$s()".formatted(name)).update();
        triggers.add(name);
    }

    private long invoicesFrom(String connector, String sourceRefPattern) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE connector = ? AND source_ref LIKE ?")
                .params(connector, sourceRefPattern).query(Long.class).single();
    }

    private long openRejections(String connector, String sourceRefPattern) {
        return jdbc.sql("SELECT count(*) FROM rejected_record WHERE connector = ? AND source_ref LIKE ? AND status = 'OPEN'")
                .params(connector, sourceRefPattern).query(Long.class).single();
    }

    private static JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value);
    }

    private static String escaped(JsonNode doc) {
        try {
            return ESCAPED.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode exact(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code a.b}, {@code items[0].c} or {@code items[0]} in {@code doc}, making parents as needed. */
    private static void set(ObjectNode doc, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode parent = doc;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String part = parts[i];
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            ObjectNode object = (ObjectNode) parent;
            if (bracket < 0) {
                if (last) {
                    object.set(name, value);
                } else {
                    parent = object.has(name) && object.get(name).isObject() ? object.get(name) : object.putObject(name);
                }
            } else {
                int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                ArrayNode array = (ArrayNode) object.get(name);
                if (last) {
                    array.set(index, value);
                } else {
                    parent = array.get(index);
                }
            }
        }
    }

    private static JsonNode get(JsonNode doc, String path) {
        JsonNode node = doc;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = bracket < 0 ? node.get(part)
                    : node.get(part.substring(0, bracket)).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        return node;
    }
}
