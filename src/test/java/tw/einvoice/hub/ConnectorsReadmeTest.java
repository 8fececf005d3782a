package tw.einvoice.hub;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** connectors/README.md is the catalogue integrators read: it names exactly the Kamelets in the folder. */
class ConnectorsReadmeTest {

    static final Path FOLDER = Path.of("connectors");

    @SuppressWarnings("unchecked")
    static Map<String, Object> kamelet(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKameletIsNamedLikeItsFile() throws IOException {
        assertThat(kamelets()).isNotEmpty();
        for (Path file : kamelets()) {
            var metadata = (Map<String, Object>) kamelet(file).get("metadata");
            assertThat(file.getFileName().toString()).isEqualTo(metadata.get("name") + ".kamelet.yaml");
        }
    }

    @Test
    void readmeTableNamesEveryKameletAndNoOther() throws IOException {
        Matcher rows = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(Files.readString(FOLDER.resolve("README.md")));
        List<String> listed = rows.results().map(r -> r.group(1)).sorted().toList();
        List<String> present = kamelets().stream().map(f -> f.getFileName().toString().replace(".kamelet.yaml", "")).toList();

        assertThat(listed).isEqualTo(present);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPropertyIsDescribedAndEverySecretMarked() throws IOException {
        for (Path file : kamelets()) {
            var definition = (Map<String, Object>) ((Map<String, Object>) kamelet(file).get("spec")).get("definition");
            var properties = (Map<String, Map<String, Object>>) definition.getOrDefault("properties", Map.of());
            properties.forEach((name, property) -> {
                assertThat(property).as(file.getFileName() + " " + name).containsKeys("title", "description", "type");
                if (name.toLowerCase().contains("password") || name.toLowerCase().contains("secret")) {
                    assertThat(property).as(file.getFileName() + " " + name).containsEntry("format", "password");
                }
            });
        }
    }
}
