package tw.einvoice.hub.transmit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;

/**
 * The whole hub on its embedded defaults without the simulator: what Turnkey answers is written by the test, into
 * Turnkey databases made with Turnkey's own DDL. The timed pollers wait an hour, so each test polls when its rows are
 * in place; a failing queue message is retried twice, 50 ms apart, before it is dead-lettered. Subclasses share one
 * context.
 */
public abstract class TurnkeyHubTest extends HubIntegrationTest {

    public static final int MAXIMUM_REDELIVERIES = 2;

    @DynamicPropertySource
    static void withoutSimulator(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/turnkey");
        registry.add("hub.platform.enabled", () -> "false");
        registry.add("hub.turnkey.poll-interval", () -> "PT1H");
        registry.add("hub.turnkey.signing-failures.poll-interval", () -> "PT1H");
        registry.add("hub.turnkey.batch-size", () -> "5000");
        registry.add("hub.errors.maximum-redeliveries", () -> String.valueOf(MAXIMUM_REDELIVERIES));
        registry.add("hub.errors.redelivery-delay", () -> "PT0.05S");
    }
}
