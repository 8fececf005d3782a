package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.SftpServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Turnkey on another host: the gateway writes into UpCast over SFTP, to a real SSH server whose host key it checks
 * against the configured known_hosts, with the password from its own setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class TurnkeySftpTest {

    private static final String PASSWORD = "sftp-" + UUID.randomUUID();
    private static final String REFUSED = "Turnkey's SFTP host was refused: ";

    static SftpServer sftp;
    static Path root;

    @BeforeAll
    static void startSftpServer() throws IOException {
        sftp = new SftpServer(0, Path.of("target", "test-data", "sftp-" + UUID.randomUUID()).toAbsolutePath(), "turnkey", PASSWORD);
        root = sftp.root();
        // Turnkey makes its UpCast/<channel>/<MSG>/SRC folders when it is installed
        Files.createDirectories(root.resolve("UpCast/B2SSTORAGE/F0401/SRC"));
    }

    @AfterAll
    static void stopSftpServer() throws IOException {
        sftp.close();
    }

    private static ConfigurableApplicationContext hub(Path knownHosts, String... more) {
        Path data = Path.of("target", "test-data", "sftp-hub-" + UUID.randomUUID()).toAbsolutePath();
        List<String> args = new java.util.ArrayList<>(List.of("--hub.data-dir=" + data, "--server.port=0",
                "--hub.turnkey.upcast=sftp://turnkey@127.0.0.1:" + sftp.port() + "/UpCast",
                "--hub.turnkey.sftp.password=" + PASSWORD,
                "--hub.turnkey.sftp.known-hosts-file=" + knownHosts,
                "--hub.platform.enabled=false"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(HubApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static HubClient api(ConfigurableApplicationContext hub) {
        return new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port"))
                .bearer(HubIntegrationTest.DEMO_KEY);
    }

    private static String status(HubClient api, String sourceRef) {
        return api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("status").asText();
    }

    @Test
    void issuedInvoiceArrivesInTheUpCastSourceFolderOnATurnkeyHostWhoseKeyIsKnownAndItsSummaryResultIsRead(
            CapturedOutput output) throws Exception {
        Path knownHosts = Files.writeString(root.resolveSibling("known_hosts-" + UUID.randomUUID()), sftp.knownHostsLine() + "\n");
        String summary = "SummaryResult-" + UUID.randomUUID() + ".xml";
        Files.writeString(Files.createDirectories(root.resolve("SummaryResult")).resolve(summary), """
                <SummaryResult xmlns="urn:GEINV:SummaryResult:4.1"><RoutingInfo><From><PartyId>MOF</PartyId></From>
                <To><PartyId>04595257</PartyId></To></RoutingInfo><DetailList><Message><Info><Id>X-F0401</Id>
                <MessageType>F0401</MessageType></Info><ResultType><Total><ResultDetailType><Count>0</Count>
                </ResultDetailType></Total><Good><ResultDetailType><Count>0</Count></ResultDetailType></Good><Failed>
                <ResultDetailType><Count>0</Count></ResultDetailType></Failed></ResultType></Message></DetailList>
                </SummaryResult>""");
        try (ConfigurableApplicationContext hub = hub(knownHosts,
                "--hub.turnkey.summary-results=sftp://turnkey@127.0.0.1:" + sftp.port() + "/SummaryResult")) {
            // the SummaryResult folder is read over SFTP with the same password and host key
            await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("SummaryResult " + summary
                    + " agrees with the ledger (0 good, 0 failed)"));

            HubClient api = api(hub);
            String sourceRef = "sftp-" + UUID.randomUUID();
            assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

            String number = InvoiceAwait.bySource(api, sourceRef).reaches("SENT").get("invoiceNumber").asText();
            Path src = root.resolve("UpCast/B2SSTORAGE/F0401/SRC");
            try (Stream<Path> files = Files.list(src)) {
                assertThat(files.filter(p -> p.getFileName().toString().contains("_" + number + "_")).toList())
                        .singleElement().satisfies(p -> {
                            assertThat(p.getFileName().toString()).startsWith("F0401_04595257_" + number + "_").endsWith(".xml");
                            assertThat(Files.readString(p)).contains("<InvoiceNumber>" + number + "</InvoiceNumber>");
                        });
            }
            try (Stream<Path> leftovers = Files.list(root.resolve("UpCast/B2SSTORAGE/F0401"))) {
                assertThat(leftovers.filter(p -> p.toString().endsWith(".part"))).as("no temporary files left").isEmpty();
            }
        }
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void aTurnkeyHostWhoseKeyIsNotKnownIsRefusedOnEveryAttemptWithAClearLogLineAndGetsNothing(CapturedOutput output)
            throws Exception {
        Path knownHosts = Files.writeString(root.resolveSibling("known_hosts-empty-" + UUID.randomUUID()), "");
        long before = countSrcFiles();
        // one retry, at once: the refusal must be seen on each attempt of the message, which then goes to hub.DLQ
        try (ConfigurableApplicationContext hub = hub(knownHosts, "--hub.errors.maximum-redeliveries=1",
                "--hub.errors.redelivery-delay=PT0.05S")) {
            HubClient api = api(hub);
            String sourceRef = "sftp-unknown-" + UUID.randomUUID();
            assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(90)).until(() -> refusals(output) >= 2
                    && output.getOut().contains("dead-lettered after 2 attempts"));

            assertThat(refusals(output)).isEqualTo(2);
            assertThat(output.getOut().lines().filter(l -> l.contains(REFUSED)).findFirst().orElseThrow())
                    .contains("ERROR").contains("reject HostKey: [127.0.0.1]:" + sftp.port()).contains(knownHosts.toString())
                    .contains("HUB_TURNKEY_KNOWN_HOSTS").doesNotContain(PASSWORD);
            assertThat(status(api, sourceRef)).as("never handed over").isEqualTo("ISSUED");
            assertThat(countSrcFiles()).isEqualTo(before);
        }
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void aPasswordOrAHostKeyOptionInTheUpCastUriIsRefusedWithoutShowingTheUri() {
        String secret = "pw-" + UUID.randomUUID();
        assertThatThrownBy(() -> new TransmitProperties("sftp://turnkey@tk:22/UpCast?password=" + secret, "file:x",
                null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hub.turnkey.upcast (HUB_TURNKEY_UPCAST) holds a password in its URI; give it to "
                        + "hub.turnkey.sftp.password (HUB_TURNKEY_SFTP_PASSWORD)")
                .message().doesNotContain(secret);
        assertThatThrownBy(() -> new TransmitProperties("file:x", "sftp://turnkey@tk/SummaryResult?strictHostKeyChecking=no",
                null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hub.turnkey.summary-results (HUB_TURNKEY_SUMMARY_RESULTS) sets strictHostKeyChecking");
        assertThat(new TransmitProperties("sftp://turnkey@tk/UpCast", null, null, null, null, null, null, null, null,
                null).sftp().strictHostKeyChecking()).as("checked unless said otherwise").isEqualTo("yes");
    }

    private static long refusals(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.contains(REFUSED)).count();
    }

    private static long countSrcFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("UpCast/B2SSTORAGE/F0401/SRC"))) {
            return files.count();
        }
    }
}
