package tw.einvoice.hub.web.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Replacing HUB_API_KEY between two starts on the same data takes the replaced key out of service. */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyRotationTest {

    private static final Path DATA = Path.of("target", "test-data", "api-key-rotation-" + UUID.randomUUID()).toAbsolutePath();

    private static ConfigurableApplicationContext hub(String apiKey) {
        return new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + DATA, "--server.port=0", "--hub.security.api-key=" + apiKey,
                        "--hub.platform.enabled=false");
    }

    private static int lookUp(ConfigurableApplicationContext hub, String key) {
        return new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port")).bearer(key)
                .get("/api/v1/invoices?connector=test&sourceRef=rotation").status();
    }

    @Test
    void aNewHubApiKeyRevokesTheOneItReplacedAndARevokedKeySetAgainStaysRevoked(CapturedOutput output) {
        String replaced = "ehk_" + UUID.randomUUID().toString().replace("-", "");
        String current = "ehk_" + UUID.randomUUID().toString().replace("-", "");

        try (ConfigurableApplicationContext first = hub(replaced)) {
            assertThat(lookUp(first, replaced)).as("the key of the first start").isEqualTo(404);
        }
        try (ConfigurableApplicationContext second = hub(current)) {
            assertThat(lookUp(second, current)).as("the new key").isEqualTo(404);
            assertThat(lookUp(second, replaced)).as("the replaced key").isEqualTo(401);
            assertThat(output.getOut()).contains("HUB_API_KEY changed: the key it named before is revoked (now id "
                    + current.substring(0, 10) + ")");

            // what a third start with the replaced key would do, on the same database
            ApiKeys.Configured again = second.getBean(ApiKeys.class).configure(replaced, "04595257");

            assertThat(again).isEqualTo(new ApiKeys.Configured(false, true, 0));
            assertThat(lookUp(second, replaced)).as("still revoked").isEqualTo(401);
            assertThat(lookUp(second, current)).as("the current key is not touched").isEqualTo(404);
        }
    }
}
