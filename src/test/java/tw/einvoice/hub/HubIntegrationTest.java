package tw.einvoice.hub;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Base of tests that run the whole hub on its embedded defaults: real PostgreSQL binaries and a real
 * Artemis broker, with data in a fresh folder per test run so the suite is hermetic. All subclasses
 * share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class HubIntegrationTest {

    public static final String DEMO_SELLER = "04595257";
    public static final String OTHER_SELLER = "12345676";
    public static final String DEMO_KEY = "test-api-key-0123456789abcdef";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    static final Path DATA_DIR = Path.of("target", "test-data", "hub-" + UUID.randomUUID()).toAbsolutePath();

    @LocalServerPort
    protected int port;

    protected HubClient api;

    /**
     * A subclass whose own dynamic properties give it a separate context sets
     * {@code hub.test.context-folder} (e.g. "/notify"): two embedded PostgreSQL servers and brokers
     * cannot share one folder, and Spring runs this method after the subclass's, so it cannot be
     * overridden by registering hub.data-dir again.
     */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", () -> DATA_DIR + "${hub.test.context-folder:}");
    }

    @BeforeEach
    void client() {
        api = new HubClient("http://127.0.0.1:" + port).bearer(DEMO_KEY);
    }
}
