package tw.einvoice.hub.cli;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MigCliTest {

    private static final Clock CLOCK = Clock.fixed(OffsetDateTime.parse("2026-11-25T12:00:00+08:00").toInstant(),
            ZoneId.of("Asia/Taipei"));

    private static final String INVOICE = """
            {
              "sellerId": "04595257",
              "seller": { "name": "範例商行", "address": "臺北市中正區示範路1號" },
              "invoiceType": "07",
              "issuedAt": "2026-11-25T10:15:30+08:00",
              "invoiceNumber": "ZZ00000001",
              "randomCode": "0427",
              "buyer": { "id": "0000000000" },
              "carrier": { "type": "3J0002", "id": "/ABC+123" },
              "print": false,
              "taxType": "1",
              "taxRate": 0.05,
              "pricesIncludeTax": true,
              "items": [
                { "description": "乾電池", "quantity": 1, "unit": "個", "unitPrice": 105, "amount": 105, "taxType": "1" }
              ],
              "salesAmount": 100, "freeTaxSalesAmount": 0, "zeroTaxSalesAmount": 0, "taxAmount": 5, "totalAmount": 105
            }
            """;

    private static final String CANCEL = """
            { "invoiceNumber": "ZZ00000001", "invoiceDate": "2026-11-25", "sellerId": "04595257",
              "cancelDate": "2026-11-26", "cancelTime": "09:00:05", "reason": "客戶退貨" }
            """;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private static Result hub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCli.run(args, new PrintWriter(out), new PrintWriter(err), CLOCK);
        return new Result(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @ParameterizedTest(name = "hub {0}")
    @CsvSource(delimiter = '|', value = {
            "mig --help          | Usage: hub mig [-hV] [COMMAND]",
            "mig render --help   | Usage: hub mig render [-hV] [--b2c-tax-exclusive] [--type=MSG] FILE.json",
            "mig validate --help | Usage: hub mig validate [-hV] [--xsd-dir=DIR] FILE.xml"})
    void helpPrintsUsageOnStdoutAndExitsZero(String args, String firstLine) {
        Result result = hub(args.split(" "));
        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines().get(0)).isEqualTo(firstLine);
    }

    @Test
    void renderPrintsF0401ThatValidates() throws IOException {
        Result rendered = hub("mig", "render", file("invoice.json", INVOICE).toString());
        assertThat(rendered.exitCode()).isZero();
        assertThat(rendered.err()).isEmpty();
        assertThat(rendered.out()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<SalesAmount>105</SalesAmount>", "<TaxAmount>0</TaxAmount>");

        Result validated = hub("mig", "validate", file("invoice.xml", rendered.out()).toString());
        assertThat(validated.exitCode()).isZero();
        assertThat(validated.outLines()).containsExactly("valid");
    }

    @Test
    void renderTypeA0101WritesTheCanonicalB2bInvoiceAsAnExchangeInvoiceThatValidates() throws IOException {
        String b2b = INVOICE.replaceFirst("\"buyer\"\\s*:\\s*\\{[^}]*}", "\"buyer\": {\"id\": \"12345675\", \"name\": \"好買股份有限公司\"}")
                .replaceFirst("\"carrier\"\\s*:\\s*\\{[^}]*}", "\"carrier\": null");
        Result rendered = hub("mig", "render", "--type", "A0101", file("b2b.json", b2b).toString());

        assertThat(rendered.exitCode()).as(rendered.err()).isZero();
        assertThat(rendered.out()).contains("<Invoice xmlns=\"urn:GEINV:eInvoiceMessage:A0101:4.1\">",
                "<Identifier>12345675</Identifier>").doesNotContain("RandomNumber", "PrintMark", "CarrierType");
        assertThat(hub("mig", "validate", file("a0101.xml", rendered.out()).toString()).outLines())
                .containsExactly("valid");
    }

    @Test
    void renderWithTypeUsesTheDataRecord() throws IOException {
        Result rendered = hub("mig", "render", "--type", "F0501", file("cancel.json", CANCEL).toString());
        assertThat(rendered.exitCode()).isZero();
        assertThat(rendered.out()).contains("<CancelInvoice xmlns=\"urn:GEINV:eInvoiceMessage:F0501:4.1\">",
                "<BuyerId>0000000000</BuyerId>", "<CancelTime>09:00:05</CancelTime>");
        assertThat(hub("mig", "validate", file("cancel.xml", rendered.out()).toString()).outLines())
                .containsExactly("valid");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "G0401|{\"allowanceNumber\":\"AL1\",\"allowanceDate\":\"2026-11-26\",\"seller\":{\"id\":\"04595257\",\"name\":\"範例商行\"},\"buyer\":{\"id\":\"12345675\",\"name\":\"好買\"},\"items\":[{\"originalInvoiceDate\":\"2026-11-25\",\"originalInvoiceNumber\":\"ZZ00000002\",\"originalDescription\":\"維護\",\"quantity\":1,\"unitPrice\":200,\"amount\":200,\"tax\":10,\"taxType\":\"1\"}]}",
            "E0401|{\"headBan\":\"04595257\",\"branchBan\":\"12345675\",\"invoiceType\":\"07\",\"yearMonth\":\"11512\",\"track\":\"ZZ\",\"beginNo\":\"00000000\",\"endNo\":\"00000999\",\"items\":[{\"beginNo\":\"00000000\",\"endNo\":\"00000049\",\"booklets\":1}]}",
            "E0402|{\"headBan\":\"04595257\",\"branchBan\":\"12345675\",\"invoiceType\":\"07\",\"yearMonth\":\"11512\",\"track\":\"ZZ\",\"items\":[{\"beginNo\":\"00000042\",\"endNo\":\"00000049\"}]}",
            "A0201|{\"invoiceNumber\":\"ZZ00000002\",\"invoiceDate\":\"2026-11-25\",\"buyerId\":\"12345675\",\"sellerId\":\"04595257\",\"cancelDate\":\"2026-11-26\",\"cancelTime\":\"09:00:05\",\"reason\":\"客戶退貨\"}",
            "A0102|{\"invoiceNumber\":\"ZZ00000002\",\"invoiceDate\":\"2026-11-25\",\"buyerId\":\"12345675\",\"sellerId\":\"04595257\",\"date\":\"2026-11-26\",\"time\":\"10:00:00\"}",
            "A0301|{\"invoiceNumber\":\"ZZ00000002\",\"invoiceDate\":\"2026-11-25\",\"buyerId\":\"12345675\",\"sellerId\":\"04595257\",\"date\":\"2026-11-26\",\"time\":\"10:00:00\",\"reason\":\"金額不符\"}",
            "B0101|{\"allowanceNumber\":\"AL1\",\"allowanceDate\":\"2026-11-26\",\"seller\":{\"id\":\"04595257\",\"name\":\"範例商行\"},\"buyer\":{\"id\":\"12345675\",\"name\":\"好買\"},\"items\":[{\"originalInvoiceDate\":\"2026-11-25\",\"originalInvoiceNumber\":\"ZZ00000002\",\"originalDescription\":\"維護\",\"quantity\":1,\"unitPrice\":200,\"amount\":200,\"tax\":10,\"taxType\":\"1\"}]}",
            "B0201|{\"allowanceNumber\":\"AL1\",\"allowanceDate\":\"2026-11-26\",\"buyerId\":\"12345675\",\"sellerId\":\"04595257\",\"cancelDate\":\"2026-11-27\",\"cancelTime\":\"14:05:00\",\"reason\":\"折讓金額錯誤\"}"})
    void renderedDataRecordsValidate(String type, String json) throws IOException {
        Result rendered = hub("mig", "render", "--type", type, file(type + ".json", json).toString());
        assertThat(rendered.exitCode()).as(rendered.err()).isZero();
        assertThat(hub("mig", "validate", file(type + ".xml", rendered.out()).toString()).outLines())
                .containsExactly("valid");
    }

    @Test
    void renderOfJsonThatIsNotTheRecordFailsWithMessage() throws IOException {
        Result result = hub("mig", "render", "--type", "F0701", file("v.json", "{\"nope\": 1}").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("mig render: ");
    }

    @Test
    void renderWithoutSellerNameFailsWithMessage() throws IOException {
        Result result = hub("mig", "render", file("invoice.json", INVOICE.replace("\"name\": \"範例商行\"",
                "\"email\": null")).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).isEqualTo("mig render: seller.name is required");
    }

    @Test
    void validateAcceptsAnInvoiceWhoseItemsAndAmountAreInAnotherOrderAsTurnkeyDoes() throws IOException {
        String rendered = hub("mig", "render", file("invoice.json", INVOICE).toString()).out();
        String reordered = withItemAndAmountChildrenReversed(rendered);
        assertThat(reordered).isNotEqualTo(rendered)
                .contains("<TotalAmount>105</TotalAmount>\n    <TaxAmount>0</TaxAmount>");

        Result result = hub("mig", "validate", file("reordered.xml", reordered).toString());

        assertThat(result.outLines()).containsExactly("valid");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void validateAcceptsEveryMessageTheMofAccepted() throws IOException {
        Path samples = tw.einvoice.hub.reference.Reference.folder("turnkey-3.2.1/samples-accepted");
        List<Path> files;
        try (Stream<Path> listed = Files.list(samples)) {
            files = listed.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();

        SoftAssertions soft = new SoftAssertions();
        for (Path file : files) {
            Result result = hub("mig", "validate", file.toString());
            soft.assertThat(result.outLines()).as(file.getFileName().toString()).containsExactly("valid");
            soft.assertThat(result.exitCode()).as(file.getFileName().toString()).isZero();
        }
        soft.assertAll();
    }

    /** Each ProductItem's and the Amount's children, one per line as rendered, in reverse order. */
    private static String withItemAndAmountChildrenReversed(String xml) {
        Matcher blocks = Pattern.compile("(<(ProductItem|Amount)>\n)((?: +<(\\w+)>[^<\n]*</\\4>\n)+)( *</\\2>)")
                .matcher(xml);
        return blocks.replaceAll(block -> {
            List<String> children = new ArrayList<>(block.group(3).lines().toList());
            Collections.reverse(children);
            return Matcher.quoteReplacement(block.group(1) + String.join("\n", children) + "\n" + block.group(5));
        });
    }

    @Test
    void validatePrintsOneLinePerProblemAsLineColumnMessage() throws IOException {
        String xml = hub("mig", "render", file("invoice.json", INVOICE).toString()).out()
                .replace("<InvoiceNumber>ZZ00000001<", "<InvoiceNumber>A123<");
        Result result = hub("mig", "validate", file("bad.xml", xml).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).isNotEmpty().allMatch(l -> l.matches("4:\\d+: .+"))
                .anyMatch(l -> l.contains("A123"));
    }

    @Test
    void validatePrintsEachTurnkeyRuleBrokenAsPathCodeAndMessage() throws IOException {
        String xml = hub("mig", "render", file("invoice.json", INVOICE).toString()).out()
                .replace("<Address>臺北市中正區示範路1號</Address>", "")
                .replace("<Name>消費者</Name>", "<Name>0000</Name>");

        Result result = hub("mig", "validate", file("refused.xml", xml).toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).containsExactly(
                "Main/Seller/Address: SELLER_ADDRESS_REQUIRED: Seller 04595257 has no address: give seller.address "
                        + "or configure the seller's address (Turnkey refuses an F0401 without Seller/Address)",
                "Main/Buyer/Name: CONSUMER_NAME_REFUSED: A consumer's buyer name cannot be '0000': Turnkey refuses "
                        + "0, 00, 000 and 0000");
    }

    @Test
    void validateListsSchemaProblemsFirstThenTurnkeyRules() throws IOException {
        String xml = hub("mig", "render", file("invoice.json", INVOICE).toString()).out()
                .replace("<InvoiceNumber>ZZ00000001<", "<InvoiceNumber>A123<")
                .replace("<Name>消費者</Name>", "<Name>0</Name>");

        Result result = hub("mig", "validate", file("both.xml", xml).toString());

        assertThat(result.exitCode()).isEqualTo(1);
        List<String> lines = result.outLines();
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.matches("4:\\d+: .+"));
        assertThat(lines.get(lines.size() - 1)).startsWith("Main/Buyer/Name: CONSUMER_NAME_REFUSED: ");
    }

    @ParameterizedTest(name = "--type {0}")
    @CsvSource(delimiter = '|', value = {
            "F0501|{\"invoiceNumber\":\"ZZ00000001\",\"invoiceDate\":\"2026-11-25\",\"sellerId\":\"04595257\",\"cancelDate\":\"2026-11-26\",\"cancelTime\":\"09:00:05\",\"reason\":\"客戶退貨\"}|CancelDate|CancelDate",
            "E0402|{\"headBan\":\"04595257\",\"branchBan\":\"12345675\",\"invoiceType\":\"07\",\"yearMonth\":\"11512\",\"track\":\"ZZ\",\"items\":[{\"beginNo\":\"00000042\",\"endNo\":\"00000049\"}]}|Details|Details/BranchTrackBlankItem"})
    void validateHoldsOtherMessageTypesToTurnkeysRulesToo(String type, String json, String emptied, String field)
            throws IOException {
        String xml = hub("mig", "render", "--type", type, file(type + ".json", json).toString()).out()
                .replaceAll("(?s)<" + emptied + ">.*</" + emptied + ">", "<" + emptied + "></" + emptied + ">");

        Result result = hub("mig", "validate", file(type + ".xml", xml).toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).last().asString().isEqualTo(field + ": REQUIRED: " + field + " is required");
    }

    @Test
    void validateRefusesADoctype() throws IOException {
        Result result = hub("mig", "validate", file("xxe.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1">&e;</Invoice>
                """).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).singleElement().asString()
                .matches("\\d+:\\d+: DOCTYPE is not allowed: DTDs and external entities are refused");
        assertThat(result.out()).doesNotContain("root:");
    }

    @Test
    void validateWithOfficialFolder() throws IOException {
        Path official = tw.einvoice.hub.reference.Reference.officialXsd();
        Path xml = file("invoice.xml", hub("mig", "render", file("invoice.json", INVOICE).toString()).out());
        Result result = hub("mig", "validate", "--xsd-dir", official.toString(), xml.toString());
        assertThat(result.outLines()).containsExactly("valid");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void unknownNamespaceIsOneProblem() throws IOException {
        Result result = hub("mig", "validate", file("x.xml", "<Invoice xmlns=\"urn:other\"/>\n").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).singleElement().asString().startsWith("1:").contains("not a MIG 4.1 message");
    }

    @Test
    void missingFilesExitTwo() throws IOException {
        assertThat(hub("mig", "validate", dir.resolve("none.xml").toString()).exitCode()).isEqualTo(2);
        assertThat(hub("mig", "render", dir.resolve("none.json").toString()).exitCode()).isEqualTo(2);
        Path xml = file("x.xml", "<x/>");
        Result result = hub("mig", "validate", "--xsd-dir", dir.resolve("nowhere").toString(), xml.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such folder");
    }
}
