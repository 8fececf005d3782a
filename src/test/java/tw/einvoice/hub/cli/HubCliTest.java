package tw.einvoice.hub.cli;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HubCliTest {

    /** Same day as the samples' issuedAt, so date rules cannot make these tests depend on when they run. */
    private static final Clock CLOCK = Clock.fixed(OffsetDateTime.parse("2026-11-25T12:00:00+08:00").toInstant(),
            java.time.ZoneId.of("Asia/Taipei"));

    private static final String VALID_INVOICE = """
            {
              "connector": "erp-acme",
              "sourceRef": "SO-2026-000123",
              "sellerId": "04595257",
              "seller": { "name": "範例商行", "address": null },
              "branchId": "TPE01",
              "invoiceType": "07",
              "issuedAt": "2026-11-25T10:15:30+08:00",
              "invoiceNumber": null,
              "randomCode": null,
              "buyer": { "id": "0000000000", "name": "王小明", "email": "ming@example.com", "phone": "0912345678", "address": null },
              "carrier": { "type": "3J0002", "id": "/ABC+123" },
              "donation": null,
              "print": false,
              "taxType": "1",
              "taxRate": 0.05,
              "pricesIncludeTax": true,
              "items": [
                { "description": "乾電池", "quantity": 1, "unit": "個", "unitPrice": 105, "amount": 105, "taxType": "1" }
              ],
              "salesAmount": 100,
              "freeTaxSalesAmount": 0,
              "zeroTaxSalesAmount": 0,
              "taxAmount": 5,
              "totalAmount": 105,
              "zeroTaxRateReason": null,
              "customsClearanceMark": null,
              "remark": null
            }
            """;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
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

    @Nested
    class Dispatch {

        @Test
        void commandNamesAndHelpGoToTheCliButServerOptionsDoNot() {
            for (String first : List.of("ban", "validate", "mapping", "help", "--help", "-h", "--version")) {
                assertThat(HubCli.isCommand(new String[] {first})).as(first).isTrue();
            }
            assertThat(HubCli.isCommand(new String[] {"--server.port=8081"})).isFalse();
            assertThat(HubCli.isCommand(new String[] {"--spring.profiles.active=prod"})).isFalse();
            assertThat(HubCli.isCommand(new String[0])).isFalse();
            assertThat(HubCli.isCommand(null)).isFalse();
        }

        @Test
        void noWordServeOrASpringOptionStartsTheServerAndAnyOtherWordIsUnknown() {
            assertThat(HubCli.dispatch(new String[0])).isEqualTo(HubCli.Dispatch.SERVE);
            assertThat(HubCli.dispatch(null)).isEqualTo(HubCli.Dispatch.SERVE);
            assertThat(HubCli.dispatch(new String[] {"serve"})).isEqualTo(HubCli.Dispatch.SERVE);
            assertThat(HubCli.dispatch(new String[] {"serve", "--server.port=0"})).isEqualTo(HubCli.Dispatch.SERVE);
            assertThat(HubCli.dispatch(new String[] {"--server.port=0"})).isEqualTo(HubCli.Dispatch.SERVE);
            assertThat(HubCli.dispatch(new String[] {"ban", "check", "04595257"})).isEqualTo(HubCli.Dispatch.COMMAND);
            for (String typo : List.of("qrcode", "serv", "Ban", "-x", "", "server.port=0")) {
                assertThat(HubCli.dispatch(new String[] {typo, "--server.port=0"})).as("'%s'", typo)
                        .isEqualTo(HubCli.Dispatch.UNKNOWN);
            }
        }

        @Test
        void serveIsNotPassedOnToSpringButTheOptionsAfterItAre() {
            assertThat(HubCli.serverArguments(new String[] {"serve", "--server.port=0"})).containsExactly("--server.port=0");
            assertThat(HubCli.serverArguments(new String[] {"--server.port=0"})).containsExactly("--server.port=0");
            assertThat(HubCli.serverArguments(new String[0])).isEmpty();
        }

        @Test
        void anUnknownWordExitsTwoNamingItAndListingEveryCommandOnStderr() {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int code = HubCli.unknown("qrcode", new PrintWriter(out), new PrintWriter(err), CLOCK);

            assertThat(code).isEqualTo(2);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString().lines().toList()).startsWith(
                    "Unknown command 'qrcode'. Run the jar without a command, or with 'serve', to start the hub server; the commands are:",
                    "Usage: hub [-hV] [COMMAND]");
            for (String command : List.of("ban", "validate", "mapping", "mig", "bench", "numbering", "archive", "help")) {
                assertThat(err.toString()).containsPattern("(?m)^  " + command + " +\\S");
            }
        }

        @Test
        void everySubcommandOfTheTreeIsRecognisedAsACommand() {
            var tree = HubCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), CLOCK);

            assertThat(tree.getSubcommands().keySet()).allMatch(HubCli.COMMANDS::contains);
        }

        @Test
        void stdoutIsUtf8WhateverThePlatformDefault() {
            PrintStream original = System.out;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            System.setOut(new PrintStream(bytes, true, StandardCharsets.US_ASCII));
            try {
                int code = HubCli.run(new String[] {"mapping", "test", "--mapping", "mappings/csv-default.jsonata",
                        "--input", "mappings/samples/csv-default.input.json"});
                assertThat(code).isZero();
            } finally {
                System.setOut(original);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"description\" : \"乾電池\"");
        }
    }

    @Nested
    class Help {

        @ParameterizedTest(name = "hub {0}")
        @CsvSource(delimiter = '|', value = {
                "--help            | Usage: hub [-hV] [COMMAND]",
                "-h                | Usage: hub [-hV] [COMMAND]",
                "help              | Usage: hub [-hV] [COMMAND]",
                "ban --help        | Usage: hub ban [-hV] [COMMAND]",
                "ban check --help  | Usage: hub ban check [-hV] ID...",
                "help ban          | Usage: hub ban [-hV] [COMMAND]",
                "validate --help   | Usage: hub validate [-hV] FILE.json",
                "mapping --help    | Usage: hub mapping [-hV] [COMMAND]",
                "mapping test --help | Usage: hub mapping test [-hV] --input=FILE.json --mapping=FILE.jsonata"})
        void helpPrintsUsageOnStdoutAndExitsZero(String args, String firstLine) {
            Result result = hub(args.split(" "));

            assertThat(result.exitCode()).isZero();
            assertThat(result.outLines().get(0)).isEqualTo(firstLine);
            assertThat(result.err()).isEmpty();
        }

        @Test
        void topLevelHelpListsEveryCommand() {
            assertThat(hub("--help").out())
                    .containsPattern("(?m)^  ban +\\S")
                    .containsPattern("(?m)^  validate +\\S")
                    .containsPattern("(?m)^  mapping +\\S")
                    .containsPattern("(?m)^  help +\\S");
        }

        @Test
        void versionNamesTheProduct() {
            Result result = hub("--version");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).startsWith("einvoice-hub ");
        }

        @Test
        void groupWithoutSubcommandIsUsageErrorOnStderr() {
            Result result = hub("ban");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).startsWith("Missing subcommand", "Usage: hub ban [-hV] [COMMAND]");
        }
    }

    @Nested
    class BanCheck {

        @Test
        void printsOneVerdictPerIdInArgumentOrder() {
            Result result = hub("ban", "check", "04595257", "04595252", "12345678");

            assertThat(result.exitCode()).isZero();
            assertThat(result.outLines()).containsExactly("04595257 valid", "04595252 valid", "12345678 invalid");
            assertThat(result.err()).isEmpty();
        }

        @Test
        void anythingButEightDigitsIsInvalidNotAnError() {
            Result result = hub("ban", "check", "0459525", "A4595257", "045952570");

            assertThat(result.exitCode()).isZero();
            assertThat(result.outLines()).containsExactly("0459525 invalid", "A4595257 invalid", "045952570 invalid");
        }

        @Test
        void noIdIsUsageError() {
            Result result = hub("ban", "check");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Missing required parameter: 'ID'");
        }
    }

    @Nested
    class Validate {

        @Test
        void validInvoicePrintsOk() throws IOException {
            Result result = hub("validate", file("ok.json", VALID_INVOICE).toString());

            assertThat(result.outLines()).containsExactly("ok");
            assertThat(result.exitCode()).isZero();
        }

        @Test
        void carrierWithDonationIsAViolationLine() throws IOException {
            Path both = file("both.json", VALID_INVOICE.replace("\"donation\": null", "\"donation\": { \"npoban\": \"8585\" }"));

            Result result = hub("validate", both.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).isNotEmpty()
                    .allMatch(line -> line.matches("[\\w.\\[\\]$]+: .+"), "field: message")
                    .anyMatch(line -> line.startsWith("carrier") || line.startsWith("donation"));
        }

        @Test
        void unknownFieldIsReportedByName() throws IOException {
            Path extra = file("extra.json", VALID_INVOICE.replace("\"remark\": null", "\"remark\": null, \"colour\": \"red\""));

            Result result = hub("validate", extra.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).containsExactly("colour: unknown field");
        }

        @Test
        void wrongTypeIsReportedWithItsPath() throws IOException {
            Path wrong = file("wrong.json", VALID_INVOICE.replace("\"amount\": 105", "\"amount\": \"lots\""));

            Result result = hub("validate", wrong.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).singleElement().asString().startsWith("items[0].amount: wrong type or format: ");
        }

        @Test
        void brokenJsonIsReportedAtTheRoot() throws IOException {
            Result result = hub("validate", file("broken.json", "{ \"sellerId\": ").toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).singleElement().asString().startsWith("$: not valid JSON: ");
        }

        @Test
        void arrayElementsArePrefixedWithTheirIndex() throws IOException {
            String wrong = VALID_INVOICE.replace("\"print\": false", "\"print\": \"maybe\"");
            Path array = file("array.json", "[" + VALID_INVOICE + "," + wrong + "]");

            Result result = hub("validate", array.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).singleElement().asString().startsWith("[1].print: wrong type or format: ");
        }

        @Test
        void missingFileExitsTwoWithMessageOnStderr() {
            Path missing = dir.resolve("nowhere.json");

            Result result = hub("validate", missing.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).containsExactly("validate: no such file: " + missing);
        }
    }

    @Nested
    class MappingTest {

        @Test
        void migF0401XmlSampleIsReadAsADropReadsItAndPrintsOneCanonicalInvoice() {
            Result result = hub("mapping", "test", "--mapping", "mappings/mig-f0401.jsonata",
                    "--input", "mappings/samples/mig-f0401.input.xml");

            assertThat(result.err()).isEmpty();
            assertThat(result.exitCode()).isZero();
            assertThat(String.join("\n", result.outLines())).contains("\"invoiceNumber\" : \"SA00000123\"")
                    .contains("\"sourceRef\" : \"SA00000123\"").contains("\"description\" : \"手電筒\"");
        }

        @Test
        void xmlInputThatIsNotAnF0401FailsNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
            Path xml = Files.writeString(dir.resolve("cancel.xml"), "<CancelInvoice xmlns=\"urn:GEINV:eInvoiceMessage:F0501:4.1\"/>");

            Result result = hub("mapping", "test", "--mapping", "mappings/mig-f0401.jsonata", "--input", xml.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("cancel.xml").contains("not an F0401");
        }

        @Test
        void csvDefaultSamplePrintsTwoCanonicalInvoices() throws IOException {
            Result result = hub("mapping", "test", "--mapping", "mappings/csv-default.jsonata",
                    "--input", "mappings/samples/csv-default.input.json");

            assertThat(result.err()).isEmpty();
            assertThat(result.exitCode()).isZero();
            assertThat(result.outLines())
                    .containsExactlyElementsOf(Files.readAllLines(Path.of("src/test/resources/cli/csv-default.canonical.json")));
        }

        @Test
        void canonicalSampleComesBackAsOneInvoice() {
            Result result = hub("mapping", "test", "--mapping", "mappings/canonical.jsonata",
                    "--input", "mappings/samples/canonical.input.json");

            assertThat(result.exitCode()).isZero();
            assertThat(result.outLines()).first().isEqualTo("{");
            assertThat(result.out()).contains("\"totalAmount\" : 105,").contains("\"description\" : \"乾電池\",");
        }

        @Test
        void jsonataSyntaxErrorExitsOneNamingMappingAndPlace() throws IOException {
            Path mapping = file("broken.jsonata", "{\n  'sourceRef': ref +\n}");
            Path input = file("in.json", "{\"ref\": \"A\"}");

            Result result = hub("mapping", "test", "--mapping", mapping.toString(), "--input", input.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).singleElement().asString()
                    .startsWith("mapping " + mapping + " failed at line 3, column ");
        }

        @Test
        void outputThatIsNotCanonicalIsPrintedAndItsFieldReported() throws IOException {
            Path mapping = file("loose.jsonata", "{ 'sourceRef': ref, 'print': 'maybe' }");
            Path input = file("in.json", "{\"ref\": \"A\"}");

            Result result = hub("mapping", "test", "--mapping", mapping.toString(), "--input", input.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.outLines()).containsExactly("{", "  \"sourceRef\" : \"A\",", "  \"print\" : \"maybe\"", "}");
            assertThat(result.errLines()).hasSize(2);
            assertThat(result.errLines().get(0)).isEqualTo("mapping output is not a canonical invoice:");
            assertThat(result.errLines().get(1)).startsWith("print: wrong type or format: ");
        }

        @Test
        void inputThatIsNotJsonExitsOne() throws IOException {
            Path input = file("rows.csv", "sourceRef,amount\nA,105\n");

            Result result = hub("mapping", "test", "--mapping", "mappings/csv-default.jsonata", "--input", input.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).startsWith("mapping test: " + input + " is not valid JSON: ");
        }

        @Test
        void missingMappingFileExitsTwo() throws IOException {
            Path input = file("in.json", "{}");

            Result result = hub("mapping", "test", "--mapping", "nowhere.jsonata", "--input", input.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.errLines()).containsExactly("mapping test: no such file: nowhere.jsonata");
        }
    }
}
