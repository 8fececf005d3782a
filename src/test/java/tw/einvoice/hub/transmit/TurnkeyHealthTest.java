package tw.einvoice.hub.transmit;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import tw.einvoice.hub.SftpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What /actuator/health says of the way to Turnkey: UP when it works, DOWN with the reason when not. */
class TurnkeyHealthTest {

    private static final String PASSWORD = "turnkey-health-secret";
    private static final Path ROOT = Path.of("target", "test-data", "turnkey-health-" + UUID.randomUUID()).toAbsolutePath();
    private static SftpServer sftp;
    private static DefaultCamelContext camel;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(ROOT);
        sftp = new SftpServer(0, ROOT.resolve("sftp"), "turnkey", PASSWORD);
        Files.createDirectories(sftp.root().resolve("UpCast"));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws IOException {
        camel.stop();
        sftp.close();
    }

    private static TransmitProperties upcastAt(String uri, TransmitProperties.Sftp sftpSettings) {
        return new TransmitProperties(uri, "file:" + ROOT.resolve("summary"), null, null, null, null, null, null, null,
                new TransmitProperties.Db("jdbc:h2:mem:unused", "sa", ""), sftpSettings);
    }

    @Test
    void aLocalUpCastFolderTheHubCanWriteInIsUp() throws IOException {
        Path upcast = Files.createDirectories(ROOT.resolve("local-" + UUID.randomUUID()).resolve("UpCast"));

        Health health = TurnkeyHealth.upcast(upcastAt("file:" + upcast, null), camel);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("upcast", "file:" + upcast);
        // the probe file is gone again: Turnkey must never find it in UpCast
        try (var left = Files.list(upcast)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMissingUpCastFolderIsDownNamingTheFolder() {
        Path missing = ROOT.resolve("nowhere-" + UUID.randomUUID()).resolve("UpCast");

        Health health = TurnkeyHealth.upcast(upcastAt("file:" + missing, null), camel);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).isEqualTo("no such folder: " + missing
                + " (is Turnkey installed there?)");
    }

    @Test
    void anUpCastRootThatIsAFileIsDown() throws IOException {
        Path file = Files.writeString(ROOT.resolve("file-" + UUID.randomUUID()), "x");

        Health health = TurnkeyHealth.upcast(upcastAt("file:" + file, null), camel);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).isEqualTo("not a folder: " + file);
    }

    @Test
    void anSftpUpCastOnAKnownHostIsUpAndItsDetailsHoldNoUserOrOption() throws Exception {
        Path knownHosts = Files.writeString(ROOT.resolve("known_hosts-" + UUID.randomUUID()), sftp.knownHostsLine() + "\n");
        String uri = "sftp://turnkey@127.0.0.1:" + sftp.port() + "/UpCast?binary=true";

        Health health = TurnkeyHealth.upcast(upcastAt(uri, new TransmitProperties.Sftp(PASSWORD, knownHosts.toString(), "yes")),
                camel);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("upcast", "sftp://127.0.0.1:" + sftp.port() + "/UpCast");
    }

    @Test
    void anSftpHostWithAWrongPasswordIsDownWithoutThePassword() throws Exception {
        Path knownHosts = Files.writeString(ROOT.resolve("known_hosts-" + UUID.randomUUID()), sftp.knownHostsLine() + "\n");
        String uri = "sftp://turnkey@127.0.0.1:" + sftp.port() + "/UpCast";

        Health health = TurnkeyHealth.upcast(upcastAt(uri, new TransmitProperties.Sftp("wrong-" + PASSWORD,
                knownHosts.toString(), "yes")), camel);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("Auth").doesNotContain(PASSWORD);
    }

    @Test
    void turnkeysDatabaseWithItsTablesIsUp() {
        try (TurnkeyDatabase h2 = new TurnkeyDatabase("jdbc:h2:mem:tk-health-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "")) {
            TurnkeyDdl.createIfMissing(h2.dataSource(), "h2");

            Health health = TurnkeyHealth.database(h2);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("answeredBy", "platform");
        }
    }

    @Test
    void aDatabaseWithoutTurnkeysTablesIsDownNamingTheTable() {
        try (TurnkeyDatabase empty = new TurnkeyDatabase("jdbc:h2:mem:tk-empty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "")) {

            Health health = TurnkeyHealth.database(empty);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("reason").toString()).contains("TURNKEY_MESSAGE_LOG");
        }
    }

    @Test
    void aDatabaseHostThatNeverAnswersIsDownWithinTheTimeout() throws IOException {
        // accepts the connection and never says a word: the probe must not wait for the pool's 30 s
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TurnkeyDatabase database = new TurnkeyDatabase("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                     + "/turnkey?password=never-shown", "turnkey", "never-shown")) {
            var indicator = new TurnkeyHealth().turnkeyDatabaseHealthIndicator(database, Duration.ofMillis(500));
            long start = System.nanoTime();

            Health health = indicator.health();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("reason", "no answer within 500 ms")
                    .containsEntry("database", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                            + "/turnkey?password=****");
        }
    }
}
