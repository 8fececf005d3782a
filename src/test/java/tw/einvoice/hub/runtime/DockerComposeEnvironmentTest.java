package tw.einvoice.hub.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the compose files are checked by reading them: every variable they hand the hub must
 * be one the hub reads, docs/configuration.md must document every variable the hub reads, the production file must
 * keep the simulator and the demo out and require Turnkey, and the demo must ask for its simulator explicitly.
 */
class DockerComposeEnvironmentTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{((?:HUB|SERVER)_[A-Z0-9_]+)");
    /** Read by Spring Boot itself through relaxed binding, not through a placeholder of ours. */
    private static final Set<String> SPRING_OWN = Set.of("SERVER_PORT", "SPRING_PROFILES_ACTIVE",
            "SPRING_CONFIG_ADDITIONAL_LOCATION");
    private static final String PRODUCTION = "docker/compose.yaml";
    private static final String DEMO = "docker/compose.demo.yaml";
    /** Without these no verdict of the MOF platform reaches the hub. */
    private static final List<String> TURNKEY = List.of("HUB_TURNKEY_UPCAST", "HUB_TURNKEY_DB_URL", "HUB_TURNKEY_DB_USER",
            "HUB_TURNKEY_DB_PASSWORD", "HUB_TURNKEY_SUMMARY_RESULTS");

    @ParameterizedTest
    @ValueSource(strings = {PRODUCTION, DEMO})
    void everyVariableTheComposeFileSetsIsOneTheHubReads(String file) throws IOException {
        Set<String> read = variablesTheHubReads();
        Map<String, Object> env = hubEnvironment(file);

        assertThat(env.keySet()).isNotEmpty();
        for (String name : env.keySet()) {
            assertThat(read).as("%s sets %s; the hub must read it", file, name).contains(name);
        }
        assertThat(env.keySet()).contains("HUB_DB_URL", "HUB_DB_USER", "HUB_DB_PASSWORD", "HUB_ARTEMIS_URL");
    }

    @Test
    void productionTurnsTheSimulatorAndTestCertificatesOffAndRequiresTurnkey() throws IOException {
        Map<String, Object> env = hubEnvironment(PRODUCTION);

        assertThat(env).containsEntry("HUB_SIMULATOR_ENABLED", "false")
                .containsEntry("HUB_SIGNING_GENERATE_TEST_CERTIFICATES", "false")
                .containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        for (String name : TURNKEY) {
            assertThat(String.valueOf(env.get(name))).as("%s is required (compose's ${%s:?message})", name, name)
                    .matches("\\$\\{" + name + ":\\?.+}");
        }
    }

    @Test
    void productionHasNoDemoSellerButTheOperatorsSellersFileMounted() throws IOException {
        Map<String, Object> hub = hubService(PRODUCTION);
        Map<String, Object> env = hubEnvironment(PRODUCTION);

        assertThat(env.keySet()).noneMatch(name -> name.startsWith("HUB_DEMO_"));
        String sellers = String.valueOf(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION"));
        assertThat(sellers).isEqualTo("file:/app/config/sellers.yaml");
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) hub.get("volumes");
        assertThat(volumes).anyMatch(v -> v.endsWith(":/app/config:ro"));
        assertThat(Path.of("docker/config/sellers.example.yaml")).as("the example the compose file's comment names")
                .isRegularFile();
    }

    @Test
    void theDemoAsksForItsSimulatorExplicitlyAndKeepsItsVolumesApart() throws IOException {
        Map<String, Object> env = hubEnvironment(DEMO);

        assertThat(env).containsEntry("HUB_SIMULATOR_ENABLED", "true");
        assertThat(compose(DEMO).get("name")).as("project name, hence volume names")
                .isNotNull().isNotEqualTo(compose(PRODUCTION).get("name"));
    }

    @Test
    void configurationDocumentsEveryVariableTheHubReads() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        for (String name : variablesTheHubReads()) {
            assertThat(doc).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void dockerfileRunsAsNonRootWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER hub$").contains("HEALTHCHECK").contains("/actuator/health");
        assertThat(dockerfile.split("(?m)^FROM ")).hasSizeGreaterThanOrEqualTo(3);
    }

    private static Map<String, Object> compose(String file) throws IOException {
        return new Yaml().load(Files.readString(Path.of(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hubService(String file) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose(file).get("services")).get("hub");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hubEnvironment(String file) throws IOException {
        return (Map<String, Object>) hubService(file).get("environment");
    }

    /** The variables of every application*.yaml the jar holds (the default and its profiles). */
    static Set<String> variablesTheHubReads() throws IOException {
        Set<String> names = new TreeSet<>(SPRING_OWN);
        try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                // commented examples name variables an operator may invent; only live settings count
                String live = lines(file).stream().filter(line -> !line.stripLeading().startsWith("#"))
                        .collect(Collectors.joining("\n"));
                Matcher m = PLACEHOLDER.matcher(live);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
