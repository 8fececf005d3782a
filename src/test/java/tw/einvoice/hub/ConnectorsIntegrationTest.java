package tw.einvoice.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The whole hub plus what connectors talk to, shared by the ERP and callback tests (one Spring context): a second,
 * separate PostgreSQL as the ERP with the reference staging schema; a webhook receiver ({@code hook}); the address
 * of a webhook that is down until a test brings it up ({@code hook-down}); an SFTP server that the {@code sftp-drop}
 * connector's settings point at (its intake route stays off); and the address of an SFTP server that is down until a
 * test brings it up ({@code sftp-down}). Retries are quick so backoff fits in a test.
 */
public abstract class ConnectorsIntegrationTest extends HubIntegrationTest {

    public static final String WEBHOOK_SECRET = "whsec-test-7f3a";
    /** Replaced by {@link #startErp()} after {@link #stopErp()}: same port, same data. */
    protected static EmbeddedPostgres ERP;
    private static final Path ERP_DATA = Path.of("target", "test-data", "erp-" + UUID.randomUUID()).toAbsolutePath();
    private static int erpPort;
    protected static final JdbcClient ERP_JDBC;
    protected static final WebhookReceiver HOOK;
    protected static final ServerGate HOOK_DOWN = new ServerGate();
    public static final String SFTP_PASSWORD = "s3cret&=x%2B";
    /** With a {@code )}, which cuts Camel's masking of a {@code RAW(…)} value short: it must never show in a log. */
    public static final String SFTP_DOWN_PASSWORD = "d0wn)&=x%2B";
    public static final String SFTP_USER = "erp";
    protected static final SftpServer SFTP;
    protected static final ServerGate SFTP_DOWN = new ServerGate();
    protected static final Path SFTP_DOWN_ROOT;

    static {
        try {
            ERP = EmbeddedPostgres.builder().setDataDirectory(ERP_DATA).setCleanDataDirectory(false).start();
            erpPort = ERP.getPort();
            ERP_JDBC = JdbcClient.create(ERP.getPostgresDatabase());
            ERP_JDBC.sql(Files.readString(Path.of("docs/erp-staging.sql"))).update();
            HOOK = new WebhookReceiver(0, WEBHOOK_SECRET);
            Path sftpData = Path.of("target", "test-data", "callback-sftp-" + UUID.randomUUID()).toAbsolutePath();
            SFTP = new SftpServer(0, sftpData.resolve("up"), SFTP_USER, SFTP_PASSWORD);
            SFTP_DOWN_ROOT = sftpData.resolve("down");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ERP's database goes away (an outage of the ERP); its data stays. */
    protected static synchronized void stopErp() throws IOException {
        ERP.close();
    }

    /** The ERP's database comes back on its port with its data. */
    protected static synchronized void startErp() throws IOException {
        ERP = EmbeddedPostgres.builder().setDataDirectory(ERP_DATA).setCleanDataDirectory(false).setPort(erpPort).start();
    }

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/connectors");
        registry.add("hub.erp.erp-sample.url", () -> ERP.getJdbcUrl("postgres", "postgres"));
        registry.add("hub.erp.erp-sample.user", () -> "postgres");
        registry.add("hub.erp.erp-sample.password", () -> "postgres");
        registry.add("hub.erp.erp-sample.poll-interval", () -> "300");
        registry.add("hub.erp.erp-sample.connection-timeout", () -> "PT1S");
        registry.add("hub.erp.outage-backoff-max", () -> "PT2S");
        registry.add("hub.callback.outage-probe-max", () -> "PT1S");
        registry.add("hub.callback.poll-interval", () -> "200");
        registry.add("hub.callback.backoff-initial", () -> "PT0.2S");
        registry.add("hub.callback.backoff-max", () -> "PT1S");
        registry.add("hub.callback.alert-after", () -> "3");
        registry.add("hub.callback.hook.type", () -> "webhook");
        registry.add("hub.callback.hook.url", () -> "http://127.0.0.1:" + HOOK.port() + "/results");
        registry.add("hub.callback.hook.secret", () -> WEBHOOK_SECRET);
        registry.add("hub.exchange.callback-connector", () -> "hook");
        // a sink that answers 200 only after the hub stopped waiting (ResultCallbackTest)
        registry.add("hub.callback.hook-late.type", () -> "webhook");
        registry.add("hub.callback.hook-late.url", () -> "http://127.0.0.1:" + HOOK.port() + "/late");
        registry.add("hub.callback.hook-late.secret", () -> WEBHOOK_SECRET);
        registry.add("hub.callback.hook-late.timeout", () -> "PT1.5S");
        registry.add("hub.callback.hook-down.type", () -> "webhook");
        registry.add("hub.callback.hook-down.url", () -> "http://127.0.0.1:" + HOOK_DOWN.port() + "/results");
        registry.add("hub.callback.hook-down.secret", () -> WEBHOOK_SECRET);
        // sftp-drop's sink is the shipped default; only the server it reads from is the test's
        registry.add("hub.drop.sftp.host", () -> "127.0.0.1");
        registry.add("hub.drop.sftp.port", SFTP::port);
        registry.add("hub.drop.sftp.username", () -> SFTP_USER);
        registry.add("hub.drop.sftp.password", () -> SFTP_PASSWORD);
        registry.add("hub.drop.sftp.strict-host-key-checking", () -> "no");
        registry.add("hub.callback.sftp-down.type", () -> "sftp");
        registry.add("hub.callback.sftp-down.host", () -> "127.0.0.1");
        registry.add("hub.callback.sftp-down.port", SFTP_DOWN::port);
        registry.add("hub.callback.sftp-down.username", () -> SFTP_USER);
        registry.add("hub.callback.sftp-down.password", () -> SFTP_DOWN_PASSWORD);
        registry.add("hub.callback.sftp-down.directory", () -> "results");
        registry.add("hub.callback.sftp-down.strict-host-key-checking", () -> "no");
        registry.add("hub.callback.sftp-down.timeout", () -> "PT2S");
    }
}
