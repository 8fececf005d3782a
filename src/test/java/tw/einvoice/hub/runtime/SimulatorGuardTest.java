package tw.einvoice.hub.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub's own configuration files and environment handling, on an application with nothing else in it: the check
 * runs while the environment is prepared, before any database, broker or simulator would start.
 */
class SimulatorGuardTest {

    private static final String EXTERNAL_DB = "--hub.db.url=jdbc:postgresql://127.0.0.1:9/hub";
    private static final String EXTERNAL_BROKER = "--hub.artemis.url=tcp://127.0.0.1:9";

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(NothingElse.class).web(WebApplicationType.NONE).run(args);
    }

    private static boolean simulatorOn(String... args) {
        try (ConfigurableApplicationContext started = start(args)) {
            return started.getEnvironment().getProperty("hub.platform.enabled", Boolean.class, false);
        }
    }

    @Test
    void theDefaultSimulatorBesideAnExternalDatabaseRefusesTheStartSayingWhyAndWhatToSet() {
        assertThatThrownBy(() -> start(EXTERNAL_DB, "--hub.artemis.url="))
                .isInstanceOf(SimulatorOnExternalServersException.class)
                .hasMessage("The Turnkey + MOF platform simulator is on (the default of application.yaml) while the hub "
                        + "uses an external database (HUB_DB_URL): invoices would be CONFIRMED by the simulator without "
                        + "ever reaching the MOF platform. Set HUB_SIMULATOR_ENABLED=false and point the hub at Turnkey "
                        + "(HUB_TURNKEY_UPCAST, HUB_TURNKEY_DB_URL; docs/turnkey.md). To run the simulator on these "
                        + "servers on purpose (a demo, a test installation), set HUB_SIMULATOR_ENABLED=true explicitly.");
    }

    @Test
    void theDefaultSimulatorBesideAnExternalBrokerRefusesTheStartNamingBoth() {
        assertThatThrownBy(() -> start(EXTERNAL_DB, EXTERNAL_BROKER))
                .isInstanceOf(SimulatorOnExternalServersException.class)
                .hasMessageContaining("uses an external database (HUB_DB_URL) and an external broker (HUB_ARTEMIS_URL):");
        assertThatThrownBy(() -> start("--hub.db.url=", EXTERNAL_BROKER))
                .isInstanceOf(SimulatorOnExternalServersException.class)
                .hasMessageContaining("uses an external broker (HUB_ARTEMIS_URL):");
    }

    @Test
    void aSimulatorAskedForByTheVariableOrTheSettingRunsBesideExternalServers() {
        assertThat(simulatorOn(EXTERNAL_DB, EXTERNAL_BROKER, "--HUB_SIMULATOR_ENABLED=true")).isTrue();
        assertThat(simulatorOn(EXTERNAL_DB, EXTERNAL_BROKER, "--hub.platform.enabled=true")).isTrue();
    }

    @Test
    void aSimulatorAskedForInTheOperatorsOwnConfigurationFileRunsBesideExternalServers(@TempDir Path dir)
            throws IOException {
        Path own = Files.writeString(dir.resolve("hub.yaml"), "hub:\n  platform:\n    enabled: true\n");

        assertThat(simulatorOn(EXTERNAL_DB, "--spring.config.additional-location=file:" + own)).isTrue();
    }

    @Test
    void externalServersWithTheSimulatorOffStart() {
        assertThat(simulatorOn(EXTERNAL_DB, EXTERNAL_BROKER, "--HUB_SIMULATOR_ENABLED=false")).isFalse();
    }

    @Test
    void theEmbeddedDefaultRunsTheSimulatorUnasked() {
        assertThat(simulatorOn("--hub.db.url=", "--hub.artemis.url=")).isTrue();
    }

    @Test
    void theRefusalIsReportedAsAFailedStartWithItsAction() {
        FailureAnalysis analysis = new SimulatorFailureAnalyzer().analyze(new SimulatorOnExternalServersException(
                java.util.List.of("an external database (HUB_DB_URL)")));

        assertThat(analysis.getDescription()).contains("uses an external database (HUB_DB_URL)")
                .contains("without ever reaching the MOF platform");
        assertThat(analysis.getAction()).startsWith("Set HUB_SIMULATOR_ENABLED=false")
                .contains("set HUB_SIMULATOR_ENABLED=true explicitly");
    }
}
