package tw.einvoice.hub.runtime;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the compose file is checked by reading it: every variable it hands
 * the hub must be one the hub reads, and docs/configuration.md must document every variable the hub reads.
 */
class DockerComposeEnvironmentTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{((?:HUB|SERVER)_[A-Z0-9_]+)");
    /** Read by Spring Boot itself through relaxed binding, not through a placeholder of ours. */
    private static final Set<String> SPRING_OWN = Set.of("SERVER_PORT");

    @Test
    void everyVariableTheComposeFileSetsIsOneTheHubReads() throws IOException {
        Set<String> read = variablesTheHubReads();

        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> hub = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("hub");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) hub.get("environment");

        assertThat(env.keySet()).isNotEmpty();
        for (String name : env.keySet()) {
            assertThat(read).as("compose sets %s; the hub must read it", name).contains(name);
        }
        assertThat(env.keySet()).contains("HUB_DB_URL", "HUB_DB_USER", "HUB_DB_PASSWORD", "HUB_ARTEMIS_URL");
    }

    @Test
    void readmeDocumentsEveryVariableTheHubReads() throws IOException {
        String readme = Files.readString(Path.of("docs/configuration.md"));
        for (String name : variablesTheHubReads()) {
            assertThat(readme).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void dockerfileRunsAsNonRootWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER hub$").contains("HEALTHCHECK").contains("/actuator/health");
        assertThat(dockerfile.split("(?m)^FROM ")).hasSizeGreaterThanOrEqualTo(3);
    }

    static Set<String> variablesTheHubReads() throws IOException {
        Set<String> names = new TreeSet<>(SPRING_OWN);
        // commented examples name variables an operator may invent; only live settings count
        String live = Files.readAllLines(Path.of("src/main/resources/application.yaml")).stream()
                .filter(line -> !line.stripLeading().startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
        Matcher m = PLACEHOLDER.matcher(live);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
