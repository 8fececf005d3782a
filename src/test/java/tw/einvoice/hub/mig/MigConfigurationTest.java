package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bean methods are plain Java, so their choices are checked without starting Spring. */
class MigConfigurationTest {

    private final MigConfiguration configuration = new MigConfiguration();

    @Test
    void bundledSchemaUnlessAFolderIsConfigured() {
        assertThat(configuration.migSchema("")).isSameAs(MigSchema.bundled());
        assertThat(configuration.migSchema("  ")).isSameAs(MigSchema.bundled());
        String folder = MigSamples.officialFolder().toString();
        assertThat(configuration.migSchema(folder).toString()).startsWith("official schemas in");
    }

    @Test
    void wrongFolderFailsAtStartUp() {
        assertThatThrownBy(() -> configuration.migSchema("/nonexistent/xsd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writerOptionFollowsTheSetting() {
        assertThat(configuration.migWriter(true, "").options().b2cTaxInclusive()).isTrue();
        assertThat(configuration.migWriter(false, "").options().b2cTaxInclusive()).isFalse();
    }

    @Test
    void consumerNameDefaultsToTheWordForConsumerAndFollowsTheSetting() {
        assertThat(configuration.migWriter(true, "").options().consumerName()).isEqualTo("消費者");
        assertThat(configuration.migWriter(true, " 個人消費者 ").options().consumerName()).isEqualTo("個人消費者");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0", "00", "000", "0000", " 0000 "})
    void consumerNameTurnkeyRefusesStopsTheStartNamingTheSetting(String name) {
        assertThatThrownBy(() -> configuration.migWriter(true, name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hub.mig.consumer-name")
                .hasMessageContaining("HUB_CONSUMER_NAME")
                .hasMessageContaining("'" + name.strip() + "'");
    }

    @Test
    void consumerNameLongerThanBuyerNameAllowsStopsTheStart() {
        assertThatThrownBy(() -> configuration.migWriter(true, "消".repeat(61)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hub.mig.consumer-name").hasMessageContaining("61");
    }
}
