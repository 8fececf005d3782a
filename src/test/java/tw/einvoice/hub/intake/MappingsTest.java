package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingsTest {

    @TempDir
    Path folder;

    private static JsonNode json(String text) throws IOException {
        return InvoiceJson.mapper().readTree(text);
    }

    @Test
    void unknownMappingNamesBothPlacesItLooked() {
        Mappings mappings = new Mappings(folder);

        assertThatThrownBy(() -> mappings.apply("no-such-source", json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.resolve("no-such-source.jsonata").toAbsolutePath().toString())
                .hasMessageContaining("classpath:mappings/no-such-source.jsonata");
    }

    @Test
    void mappingNameCannotLeaveTheFolder() {
        assertThatThrownBy(() -> new Mappings(folder).apply("../secrets", json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid mapping name");
    }

    @Test
    void folderMappingWinsOverClasspathAndIsCompiledOnce() throws IOException {
        Files.writeString(folder.resolve("canonical.jsonata"), "{ 'from': 'folder' }");
        Mappings mappings = new Mappings(folder);

        assertThat(mappings.apply("canonical", json("{}"))).isEqualTo(json("{\"from\":\"folder\"}"));
        Files.writeString(folder.resolve("canonical.jsonata"), "{ 'from': 'changed' }");
        assertThat(mappings.apply("canonical", json("{}")).get("from").asText()).isEqualTo("folder");
    }

    @Test
    void syntaxErrorNamesMappingLineAndJsonataMessage() throws IOException {
        Files.writeString(folder.resolve("broken.jsonata"), "{\n  'a': 1 +\n}");

        assertThatThrownBy(() -> new Mappings(folder).apply("broken", json("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("mapping broken failed at line 3")
                .hasMessageContaining("S0");
    }

    @Test
    void runtimeErrorNamesMappingFileAndPosition() throws IOException {
        Path file = folder.resolve("typo.jsonata");
        Files.writeString(file, "$nosuchfunction(a)");

        assertThatThrownBy(() -> Mappings.applyFile(file, json("{\"a\":1}")))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.mapping()).isEqualTo(file.toString());
                    assertThat(e.position()).isPositive();
                    assertThat(e.errorCode()).isEqualTo("T1006");
                })
                .hasMessageContaining("line 1, column");
    }

    @Test
    void exactDecimalsPassThroughAndComputedNumbersStayShort() throws IOException {
        Path file = folder.resolve("numbers.jsonata");
        Files.writeString(file, "{ 'kept': rate, 'computed': $number('0.05'), 'whole': 100 * 1.5 }");

        JsonNode out = Mappings.applyFile(file, json("{\"rate\": 0.050000000000000000001}"));

        assertThat(out.get("kept").decimalValue()).isEqualByComparingTo("0.050000000000000000001");
        assertThat(out.get("computed").toString()).isEqualTo("0.05");
        assertThat(out.get("whole").isIntegralNumber()).isTrue();
        assertThat(out.get("whole").longValue()).isEqualTo(150);
    }

    @Test
    void csvRowWithoutSourceRefFailsTheFileInsteadOfDroppingTheItem() throws IOException {
        JsonNode rows = json("[{\"sourceRef\":\"A\",\"amount\":\"1\"},{\"sourceRef\":\" \",\"amount\":\"2\"}]");

        assertThatThrownBy(() -> new Mappings().apply("csv-default", rows))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("no sourceRef in row 2");
    }

    @Test
    void csvSingleRowObjectIsOneInvoice() throws IOException {
        JsonNode out = new Mappings().apply("csv-default",
                json("{\"sourceRef\":\"A\",\"amount\":\"105\",\"print\":\"N\",\"npoban\":\"8585\"}"));

        assertThat(out.isObject()).isTrue();
        assertThat(out.get("donation").get("npoban").asText()).isEqualTo("8585");
        assertThat(out.get("print").booleanValue()).isFalse();
        assertThat(out.get("totalAmount").intValue()).isEqualTo(105);
    }
}
