package tw.einvoice.hub.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.numbering.Allocations;
import tw.einvoice.hub.numbering.Assignments;
import tw.einvoice.hub.numbering.PeriodEnd;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The authority judges the hub's real output: invoices of every kind walk the whole pipeline (intake, numbering,
 * rendering, the issue stage, the Turnkey gateway), adjustments and range messages follow, and every file exactly as
 * it landed in Turnkey's UpCast goes through the MOF's own Turnkey validator, which must accept it and file it under
 * the identifier the hub filed it under.
 */
class TurnkeyConformanceTest extends HubIntegrationTest {

    // not in hub.exchange.partners: its invoices go to storage as F0401, and its allowances as G0401
    private static final String BUSINESS_BUYER = "24549210";
    /** Fourteen invoices and their adjustments walk through one after the other. */
    private static final Duration WALK = Duration.ofSeconds(150);

    @Value("${hub.data-dir}")
    Path dataDir;
    @Autowired
    MessageStore messages;
    @Autowired
    Assignments assignments;
    @Autowired
    Allocations allocations;
    @Autowired
    PeriodEnd periodEnd;

    @Test
    void everyMessageTheHubWritesToUpCastIsAcceptedByTurnkeysOwnValidatorUnderTheIdentifierTheHubFiled() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, ObjectNode> invoices = new LinkedHashMap<>();
        invoices.put("b2c-mobile-barcode", Invoices.valid("conf-barcode-" + run));
        invoices.put("b2c-citizen-certificate", withCarrier(Invoices.valid("conf-citizen-" + run), "CQ0001", "AB12345678901234"));
        invoices.put("b2c-member-carrier", withCarrier(Invoices.valid("conf-member-" + run), "EJ0113", "member-0001"));
        invoices.put("b2c-donation", donated(Invoices.valid("conf-donation-" + run)));
        invoices.put("b2c-printed", printed(Invoices.valid("conf-printed-" + run)));
        invoices.put("b2c-printed-named", named(printed(Invoices.valid("conf-named-" + run)), "王小明"));
        ObjectNode plain = Invoices.valid("conf-plain-" + run);
        plain.remove("carrier");
        invoices.put("b2c-printed-by-default", plain);
        invoices.put("b2b", business(Invoices.valid("conf-b2b-" + run)));
        invoices.put("b2b-mobile-barcode", withCarrier(business(Invoices.valid("conf-b2b-barcode-" + run)), "3J0002", "/ABC+123"));
        invoices.put("zero-rated", zeroRated(printed(Invoices.valid("conf-zero-" + run))));
        invoices.put("tax-exempt", exempt(printed(Invoices.valid("conf-exempt-" + run))));
        invoices.put("mixed", mixed(business(Invoices.valid("conf-mixed-" + run))));

        Map<String, String> numbers = new LinkedHashMap<>();
        invoices.forEach((kind, doc) -> {
            HubClient.Response r = api.post("/api/v1/invoices", doc);
            assertThat(r.status()).as(kind + ": " + r.body()).isEqualTo(201);
        });
        invoices.forEach((kind, doc) -> numbers.put(kind, awaitConfirmed(doc.get("sourceRef").asText())));

        // F0501, F0701 + the re-issued F0401, G0401 on a consumer and on a business invoice, G0501
        accepted(api.post("/api/v1/invoices/" + numbers.get("b2c-mobile-barcode") + "/cancel", Map.of("reason", "客戶取消訂單")));
        accepted(api.post("/api/v1/invoices/" + numbers.get("b2c-citizen-certificate") + "/void", Map.of("reason", "買方資料錯誤")));
        awaitInvoice(numbers.get("b2c-citizen-certificate"), "VOIDED", v -> "VOIDED".equals(v.get("status").asText()));
        accepted(api.post("/api/v1/invoices/" + numbers.get("b2c-citizen-certificate") + "/reissue",
                named(invoices.get("b2c-citizen-certificate").deepCopy(), "陳美麗")));
        var line = Map.of("description", "退貨", "quantity", 1, "unitPrice", 50, "amount", 50, "tax", 3, "taxType", "1");
        accepted(api.post("/api/v1/invoices/" + numbers.get("b2c-printed") + "/allowances", Map.of("items", List.of(line))));
        HubClient.Response b2bAllowance = api.post("/api/v1/invoices/" + numbers.get("b2b") + "/allowances",
                Map.of("items", List.of(Map.of("description", "折讓", "quantity", 1, "unitPrice", 20, "amount", 20,
                        "tax", 1, "taxType", "1", "originalSequenceNumber", 1))));
        accepted(b2bAllowance);
        String allowance = b2bAllowance.body().get("allowanceNumber").asText();
        awaitInvoice(numbers.get("b2b"), "its G0401 confirmed", v -> v.get("messages").size() == 2
                && "CONFIRMED".equals(v.get("messages").get(1).get("status").asText()));
        accepted(api.post("/api/v1/invoices/" + numbers.get("b2b") + "/allowances/" + allowance + "/cancel",
                Map.of("reason", "折讓開錯")));

        // E0401 for an allocation to a branch, E0402 for the unused numbers of a period
        String next = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).next().code();
        String later = TaxPeriod.parse(next).next().code();
        assignments.add(new Assignment(DEMO_SELLER, "07", next, "QA", "00000000", "00000499", 0), "MANUAL", "user:admin");
        UUID e0401 = allocations.allocate(new Allocations.Request(DEMO_SELLER, "KHH01", "07", next, "QA", 100, 199,
                null, null), "user:admin").messageId();
        assignments.add(new Assignment(DEMO_SELLER, "07", later, "QB", "00000000", "00000999", 0), "MANUAL", "user:admin");
        allocations.allocate(new Allocations.Request(DEMO_SELLER, "TPE01", "07", later, "QB", 0, 299, null, null), "user:admin");
        List<UUID> e0402 = periodEnd.reportBlanks(TaxPeriod.parse(later)).stream()
                .filter(b -> b.blank().track().equals("QB")).map(PeriodEnd.BlankMessage::messageId).toList();
        assertThat(e0402).hasSize(1);

        List<InvoiceMessage> emitted = new ArrayList<>();
        for (String number : numbers.values()) {
            JsonNode view = api.get("/api/v1/invoices/" + number).body();
            emitted.addAll(messages.forInvoice(UUID.fromString(view.get("id").asText())));
        }
        emitted.add(messages.find(e0401).orElseThrow());
        emitted.add(messages.find(e0402.get(0)).orElseThrow());
        // the walk itself must go through: every message handed over and confirmed by the simulated platform
        List<UUID> ids = emitted.stream().map(InvoiceMessage::id).toList();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(300)).until(() -> ids.stream()
                .allMatch(id -> messages.find(id).orElseThrow().status() == InvoiceMessage.Status.CONFIRMED));
        assertThat(emitted).extracting(InvoiceMessage::messageType).contains("F0401", "F0501", "F0701", "G0401", "G0501",
                "E0401", "E0402");

        Path set = Path.of("target", "turnkey-conformance", run);
        Map<String, List<Path>> byType = new TreeMap<>();
        Map<String, InvoiceMessage> byFile = new LinkedHashMap<>();
        for (InvoiceMessage m : emitted) {
            Path landed = landed(m);
            assertThat(Files.readString(landed, StandardCharsets.UTF_8)).as(m.fileName()).isEqualTo(m.xml())
                    .doesNotContain("Signature");
            Path copy = set.resolve(m.messageType()).resolve(m.fileName());
            Files.createDirectories(copy.getParent());
            Files.copy(landed, copy, StandardCopyOption.REPLACE_EXISTING);
            byType.computeIfAbsent(m.messageType(), k -> new ArrayList<>()).add(copy);
            byFile.put(m.fileName(), m);
        }

        Map<String, TurnkeyValidator.Verdict> verdicts = TurnkeyValidator.validateAll(byType);

        assertThat(verdicts).hasSize(emitted.size());
        assertThat(verdicts.values()).as("Turnkey's verdicts").allSatisfy(v -> assertThat(v.ok()).as(v.toString()).isTrue());
        verdicts.forEach((file, verdict) -> assertThat(verdict.identifier()).as(file)
                .isEqualTo(byFile.get(file).identifier()));
        System.out.printf("Turnkey's own validator on the hub's conformance set: %d files, %d OK, %d FAIL (%s)%n",
                verdicts.size(), verdicts.values().stream().filter(TurnkeyValidator.Verdict::ok).count(),
                verdicts.values().stream().filter(v -> !v.ok()).count(), countsByType(byType));
    }

    private static String countsByType(Map<String, List<Path>> byType) {
        StringBuilder text = new StringBuilder();
        byType.forEach((type, files) -> text.append(text.isEmpty() ? "" : ", ").append(type).append(" ").append(files.size()));
        return text.toString();
    }

    /** The message's file wherever Turnkey (here the simulator) left it: SRC, BAK or ERR of its folder. */
    private Path landed(InvoiceMessage m) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("turnkey/UpCast"))) {
            return files.filter(p -> p.getFileName().toString().equals(m.fileName())).findFirst()
                    .orElseThrow(() -> new AssertionError(m.messageType() + " " + m.fileName() + " is not in UpCast"));
        }
    }

    private static ObjectNode withCarrier(ObjectNode doc, String type, String id) {
        doc.putObject("carrier").put("type", type).put("id", id);
        return doc;
    }

    private static ObjectNode donated(ObjectNode doc) {
        doc.remove("carrier");
        doc.putObject("donation").put("npoban", "8585");
        return doc;
    }

    private static ObjectNode printed(ObjectNode doc) {
        doc.remove("carrier");
        doc.put("print", true);
        return doc;
    }

    private static ObjectNode named(ObjectNode doc, String name) {
        doc.putObject("buyer").put("id", "0000000000").put("name", name);
        return doc;
    }

    /** A business buyer: prices without tax, the tax shown separately, printed. */
    private static ObjectNode business(ObjectNode doc) {
        doc.remove("carrier");
        doc.putObject("buyer").put("id", BUSINESS_BUYER).put("name", "別家公司");
        doc.put("pricesIncludeTax", false);
        doc.put("print", true);
        ArrayNode items = doc.putArray("items");
        items.addObject().put("description", "辦公椅").put("quantity", 2).put("unit", "張").put("unitPrice", 1500)
                .put("amount", 3000);
        doc.put("salesAmount", 3000);
        doc.put("taxAmount", 150);
        doc.put("totalAmount", 3150);
        return doc;
    }

    private static ObjectNode zeroRated(ObjectNode doc) {
        doc.put("taxType", "2");
        doc.put("taxRate", 0);
        doc.put("zeroTaxRateReason", "71");
        doc.put("customsClearanceMark", "1");
        return doc;
    }

    private static ObjectNode exempt(ObjectNode doc) {
        doc.put("taxType", "3");
        doc.put("taxRate", 0);
        return doc;
    }

    /** Taxable and tax-exempt items on one business invoice (tax type 9). */
    private static ObjectNode mixed(ObjectNode doc) {
        doc.put("taxType", "9");
        ArrayNode items = doc.putArray("items");
        items.addObject().put("description", "辦公椅").put("quantity", 1).put("unitPrice", 1000).put("amount", 1000)
                .put("taxType", "1");
        items.addObject().put("description", "農產品").put("quantity", 1).put("unitPrice", 200).put("amount", 200)
                .put("taxType", "3");
        doc.put("salesAmount", 1000);
        doc.put("freeTaxSalesAmount", 200);
        doc.put("taxAmount", 50);
        doc.put("totalAmount", 1250);
        return doc;
    }

    private static void accepted(HubClient.Response r) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
    }

    private String awaitConfirmed(String sourceRef) {
        JsonNode answered = InvoiceAwait.bySource(api, sourceRef).atMost(WALK).until("the platform's answer",
                v -> List.of("CONFIRMED", "REJECTED").contains(v.get("status").asText()));
        assertThat(answered.get("status").asText()).as(sourceRef + ": " + answered.get("platformError")).isEqualTo("CONFIRMED");
        return answered.get("invoiceNumber").asText();
    }

    private void awaitInvoice(String number, String expectation, Predicate<JsonNode> done) {
        InvoiceAwait.byNumber(api, number).atMost(WALK).until(expectation, done);
    }
}
