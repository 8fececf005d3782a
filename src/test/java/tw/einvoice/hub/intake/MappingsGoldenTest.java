package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every golden pair {@code src/test/resources/mappings/<mapping>[/<case>]/{input,expected}.json} (or {@code input.xml}, an
 * F0401 read as a file drop reads it) run through the
 * shipped {@code mappings/<mapping>.jsonata}. Adding a pair needs no code: drop the two files in a folder.
 */
class MappingsGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/mappings");
    private static final Mappings MAPPINGS = new Mappings(Mappings.DEFAULT_FOLDER);

    static Stream<String> goldenPairs() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            return files.filter(p -> p.getFileName().toString().matches("input\\.(json|xml)"))
                    .map(p -> GOLDEN.relativize(p.getParent()).toString().replace('\\', '/'))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPairs")
    void mappingTurnsGoldenInputIntoExpectedCanonicalJson(String pair) throws IOException {
        String mapping = pair.contains("/") ? pair.substring(0, pair.indexOf('/')) : pair;
        JsonNode input = input(GOLDEN.resolve(pair));
        JsonNode expected = read(GOLDEN.resolve(pair).resolve("expected.json"));

        JsonNode actual = MAPPINGS.apply(mapping, input);

        assertThat(differences("$", expected, actual)).as("fields that differ from %s/expected.json", pair).isEmpty();
        // A golden output that the canonical reader refuses would be a wrong contract, not a passing test.
        for (JsonNode invoice : actual.isArray() ? actual : List.of(actual)) {
            assertThatCode(() -> InvoiceJson.read(invoice)).doesNotThrowAnyException();
        }
    }

    /** input.json, or input.xml (an F0401) through the converter file drops use. */
    private static JsonNode input(Path folder) throws IOException {
        Path xml = folder.resolve("input.xml");
        if (Files.exists(xml)) {
            try (var in = Files.newInputStream(xml)) {
                return tw.einvoice.hub.mig.MigJson.f0401(in);
            }
        }
        return read(folder.resolve("input.json"));
    }

    private static JsonNode read(Path file) throws IOException {
        return InvoiceJson.mapper().readTree(Files.readString(file));
    }

    /** Paths where the trees differ; numbers compare by value so 105, 105.0 and 1.05E2 are equal. */
    static List<String> differences(String path, JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                found.add(path + ": expected " + expected + " but was " + actual);
            }
        } else if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode e = expected.get(name);
                JsonNode a = actual.get(name);
                if (e == null || a == null) {
                    found.add(path + "." + name + ": expected " + (e == null ? "absent" : e)
                            + " but was " + (a == null ? "absent" : a));
                } else {
                    found.addAll(differences(path + "." + name, e, a));
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                found.add(path + ": expected " + expected.size() + " elements but was " + actual.size());
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                found.addAll(differences(path + "[" + i + "]", e.next(), a.next()));
            }
        } else if (!expected.equals(actual)) {
            found.add(path + ": expected " + expected + " but was " + actual);
        }
        return found;
    }
}
