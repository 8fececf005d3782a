package tw.einvoice.hub.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus of one entry point: {@code src/test/resources/bad-input/<entry>/cases.json}, a JSON array of
 * cases, each with {@code case} (its name), {@code input} (a file in the same folder, or the input itself when no
 * such file exists), {@code expect} (the outcome the entry point must give, in the test's own words, such as
 * {@code rejected} or {@code 400}) and optionally {@code field} and {@code reason} (what the error must name); any
 * other keys are the case's own details. A test runs every case, records what happened with a {@link Tally}, and
 * fails on any case that did not go as its manifest says, listing them all rather than stopping at the first.
 */
public final class BadInputCorpus {

    private static final Path ROOT = Path.of("src", "test", "resources", "bad-input");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BadInputCorpus() {
    }

    /** One case of the corpus. */
    public record Case(String entry, String name, String input, String expect, String field, String reason,
                       Map<String, JsonNode> detail) {

        /** The input's bytes: the named file of the entry's folder, or the input text itself. */
        public byte[] bytes() {
            Path file = file();
            try {
                return file != null ? Files.readAllBytes(file) : input.getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The input as UTF-8 text (see {@link #bytes()}). */
        public String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        /** The input's file in the entry's folder, or null when the input is given inline. */
        public Path file() {
            if (input == null || input.isEmpty() || input.contains("/") || input.contains("\\")) {
                return null;
            }
            Path file = folder(entry).resolve(input);
            return Files.isRegularFile(file) ? file : null;
        }

        /** A detail of the case by key (a string value, or null). */
        public String detail(String key) {
            JsonNode node = detail.get(key);
            return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
        }

        @Override
        public String toString() {
            return entry + "/" + name;
        }
    }

    /** The folder of one entry point's cases. */
    public static Path folder(String entry) {
        return ROOT.resolve(entry);
    }

    /** Every case of {@code entry}, in the manifest's order. */
    public static List<Case> cases(String entry) {
        Path manifest = folder(entry).resolve("cases.json");
        try {
            JsonNode array = JSON.readTree(manifest.toFile());
            List<Case> cases = new ArrayList<>();
            for (JsonNode node : array) {
                Map<String, JsonNode> detail = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    var field = it.next();
                    if (!List.of("case", "input", "expect", "field", "reason").contains(field.getKey())) {
                        detail.put(field.getKey(), field.getValue());
                    }
                }
                cases.add(new Case(entry, required(node, "case", manifest), text(node, "input"),
                        required(node, "expect", manifest), text(node, "field"), text(node, "reason"), detail));
            }
            assertThat(cases).as("cases in %s", manifest).isNotEmpty();
            assertThat(cases.stream().map(Case::name).distinct().count()).as("case names in %s are unique", manifest)
                    .isEqualTo(cases.size());
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }

    private static String required(JsonNode node, String key, Path manifest) {
        String value = text(node, key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(manifest + ": a case without \"" + key + "\": " + node);
        }
        return value;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** What happened to each case of one entry point, against what its manifest expects. */
    public static final class Tally {

        private final String entry;
        private final List<Case> cases;
        private final Map<String, String> outcomes = new LinkedHashMap<>();
        private final List<String> unexpected = new ArrayList<>();

        public Tally(String entry) {
            this.entry = entry;
            this.cases = BadInputCorpus.cases(entry);
        }

        public List<Case> cases() {
            return cases;
        }

        /**
         * Records that {@code c} ended as {@code outcome} (compared with its {@code expect}) and, when the case names
         * a field or reason, that {@code message} (the error the caller saw) names them.
         */
        public void record(Case c, String outcome, String message) {
            outcomes.put(c.name(), outcome);
            List<String> wrong = new ArrayList<>();
            if (!c.expect().equals(outcome)) {
                wrong.add("expected " + c.expect() + " but was " + outcome);
            }
            String said = message == null ? "" : message;
            if (c.field() != null && !said.contains(c.field())) {
                wrong.add("the error does not name field " + c.field());
            }
            if (c.reason() != null && !said.toLowerCase().contains(c.reason().toLowerCase())) {
                wrong.add("the error does not give reason \"" + c.reason() + "\"");
            }
            if (!wrong.isEmpty()) {
                unexpected.add(c + ": " + String.join("; ", wrong) + " (said: " + abbreviate(said) + ")");
            }
        }

        /** Records that {@code c} broke the test itself: always unexpected. */
        public void failed(Case c, Throwable error) {
            outcomes.put(c.name(), "error");
            unexpected.add(c + ": " + error);
        }

        /** Fails unless every case ran and went as its manifest says; writes the count to target/bad-input/. */
        public void assertAllAsExpected() {
            try {
                Path report = Path.of("target", "bad-input", entry + ".txt");
                Files.createDirectories(report.getParent());
                Files.writeString(report, entry + "\t" + cases.size() + " cases\t" + unexpected.size() + " unexpected\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(unexpected).as("unexpected outcomes of %s's bad-input cases", entry).isEmpty();
            assertThat(outcomes.keySet()).as("every case of %s ran", entry)
                    .containsExactlyInAnyOrderElementsOf(cases.stream().map(Case::name).toList());
        }

        private static String abbreviate(String s) {
            return s.length() <= 300 ? s : s.substring(0, 300) + "…";
        }
    }
}
