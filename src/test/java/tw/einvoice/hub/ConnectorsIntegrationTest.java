package tw.einvoice.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole hub plus what connectors talk to, shared by the ERP and callback tests (one Spring context): a second,
 * separate PostgreSQL as the ERP with the reference staging schema; a webhook receiver ({@code hook}); and a port
 * where a webhook will only appear later ({@code hook-down}). Retries are quick so backoff fits in a test.
 */
public abstract class ConnectorsIntegrationTest extends HubIntegrationTest {

    public static final String WEBHOOK_SECRET = "whsec-test-7f3a";
    protected static final EmbeddedPostgres ERP;
    protected static final JdbcClient ERP_JDBC;
    protected static final WebhookReceiver HOOK;
    protected static final int DOWN_PORT;

    static {
        try {
            ERP = EmbeddedPostgres.builder().start();
            ERP_JDBC = JdbcClient.create(ERP.getPostgresDatabase());
            ERP_JDBC.sql(Files.readString(Path.of("docs/erp-staging.sql"))).update();
            HOOK = new WebhookReceiver(0, WEBHOOK_SECRET);
            try (ServerSocket s = new ServerSocket(0)) {
                DOWN_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/connectors");
        registry.add("hub.erp.erp-sample.url", () -> ERP.getJdbcUrl("postgres", "postgres"));
        registry.add("hub.erp.erp-sample.user", () -> "postgres");
        registry.add("hub.erp.erp-sample.password", () -> "postgres");
        registry.add("hub.erp.erp-sample.poll-interval", () -> "300");
        registry.add("hub.callback.poll-interval", () -> "200");
        registry.add("hub.callback.backoff-initial", () -> "PT0.2S");
        registry.add("hub.callback.backoff-max", () -> "PT1S");
        registry.add("hub.callback.alert-after", () -> "3");
        registry.add("hub.callback.hook.type", () -> "webhook");
        registry.add("hub.callback.hook.url", () -> "http://127.0.0.1:" + HOOK.port() + "/results");
        registry.add("hub.callback.hook.secret", () -> WEBHOOK_SECRET);
        registry.add("hub.callback.hook-down.type", () -> "webhook");
        registry.add("hub.callback.hook-down.url", () -> "http://127.0.0.1:" + DOWN_PORT + "/results");
        registry.add("hub.callback.hook-down.secret", () -> WEBHOOK_SECRET);
    }
}
