package tw.einvoice.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as a user runs it: its own process, started in an empty folder far from the repository (no
 * routes/, connectors/ or mappings/ beside it), on a free port it binds itself.
 */
class PackagedJarIT {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path folder;

    @Test
    void servedFromAnEmptyFolderTheJarWalksAnInvoiceToConfirmedWithItsPackagedRoutesAndKamelets() throws Exception {
        String apiKey = "ehk_" + UUID.randomUUID().toString().replace("-", "");
        try (Hub hub = Hub.start(folder, Map.of("HUB_DATA_DIR", folder.resolve("data").toString(), "SERVER_PORT", "0",
                "HUB_API_KEY", apiKey, "HUB_ADMIN_PASSWORD", UUID.randomUUID().toString()), "serve")) {
            int port = hub.port(Duration.ofMinutes(4));
            // the key is registered by the first-start runner, after the web server took requests
            await().atMost(Duration.ofMinutes(2)).until(() -> hub.output().contains("API key from HUB_API_KEY registered"));
            HubClient api = new HubClient("http://127.0.0.1:" + port).bearer(apiKey);
            String sourceRef = "packaged-jar-" + UUID.randomUUID();

            assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> "CONFIRMED".equals(
                    api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("status").asText()));
            JsonNode view = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
            assertThat(view.get("invoiceNumber").asText()).matches("ZZ\\d{8}");
            assertThat(view.get("confirmedBy").asText()).isEqualTo("simulator");

            String log = hub.output();
            assertThat(log).contains("No routes folder at " + folder.toRealPath().resolve("routes")
                    + ": loading the example routes packaged in the jar (classpath:routes/*.yaml)");
            assertThat(log).contains("No connectors folder at " + folder.toRealPath().resolve("connectors") + " (HUB_CONNECTORS)");
            // erp-sample's route runs on a packaged Kamelet (erp-sql-source); local-drop's is a packaged route
            assertThat(log).contains("Started erp-sample-intake (kamelet:erp-sql-source)").contains("Started local-drop-intake");
            assertThat(log).doesNotContain("NoSuchFileException");

            assertThat(hub.stop(Duration.ofMinutes(1))).as("stopped").isTrue();
        }
    }

    @Test
    void anUnknownWordExitsTwoWithTheListOfCommandsAndStartsNothing() throws Exception {
        try (Hub hub = Hub.start(folder, Map.of("HUB_DATA_DIR", folder.resolve("data").toString()), "qrcode", "--text", "x")) {
            assertThat(hub.process.waitFor(60, TimeUnit.SECONDS)).as("answered without starting a server").isTrue();

            assertThat(hub.process.exitValue()).isEqualTo(2);
            assertThat(hub.output()).startsWith("Unknown command 'qrcode'.").contains("Usage: hub [-hV] [COMMAND]")
                    .containsPattern("(?m)^  validate +\\S").containsPattern("(?m)^  mig +\\S");
            try (var left = Files.list(folder)) {
                assertThat(left).as("no data folder, database or broker made").isEmpty();
            }
        }
    }

    /** The jar in its own process; every line it prints is kept. */
    private static final class Hub implements AutoCloseable {

        private final Process process;
        private final List<String> lines = new ArrayList<>();

        private Hub(Process process) {
            this.process = process;
            Thread pump = new Thread(this::pump, "packaged-hub-output");
            pump.setDaemon(true);
            pump.start();
        }

        static Hub start(Path folder, Map<String, String> environment, String... args) throws IOException {
            String jar = System.getProperty("hub.jar");
            assertThat(jar).as("system property hub.jar (set by failsafe)").isNotBlank();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", Path.of(jar).toAbsolutePath().toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
            // what the machine running the tests has set must not point the hub elsewhere
            builder.environment().keySet().removeIf(name -> name.startsWith("HUB_") || name.startsWith("SPRING_")
                    || name.equals("SERVER_PORT"));
            builder.environment().putAll(environment);
            return new Hub(builder.start());
        }

        private void pump() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        /** The port the hub bound (SERVER_PORT=0), from its log. */
        int port(Duration within) {
            int[] port = new int[1];
            await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("the hub died while starting:\n%s", output()).isTrue();
                Matcher m = PORT.matcher(output());
                Optional<Integer> found = m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
                found.ifPresent(p -> port[0] = p);
                return found.isPresent();
            });
            return port[0];
        }

        /** Asks it to stop (SIGTERM, as an orchestrator does); true when it ended within the time. */
        boolean stop(Duration within) throws InterruptedException {
            process.destroy();
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Gracefully first: a killed hub would leave its embedded PostgreSQL running. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive() && !stop(Duration.ofMinutes(1))) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
