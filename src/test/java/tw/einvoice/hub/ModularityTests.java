package tw.einvoice.hub;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the capability packages' boundaries: no cycles, no reaching into another module's internals. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(HubApplication.class);

    @Test
    void capabilitiesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void writesTheModuleDocumentation() throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Path.of("target", "spring-modulith-docs"); // Documenter's default
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

        org.assertj.core.api.Assertions.assertThat(folder.resolve("components.puml")).isRegularFile();
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readString(folder.resolve("components.puml")))
                .contains("\"Intake\"").contains("\"Numbering\"").contains("\"Transmit\"");
    }
}
