package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.SftpServer;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Turnkey on another host: the gateway writes into UpCast over SFTP, to a real SSH server. */
class TurnkeySftpTest {

    static SftpServer sftp;
    static Path root;

    @BeforeAll
    static void startSftpServer() throws IOException {
        sftp = new SftpServer(0, Path.of("target", "test-data", "sftp-" + UUID.randomUUID()).toAbsolutePath(), "turnkey", "secret");
        root = sftp.root();
        // Turnkey makes its UpCast/<channel>/<MSG>/SRC folders when it is installed
        Files.createDirectories(root.resolve("UpCast/B2SSTORAGE/F0401/SRC"));
    }

    @AfterAll
    static void stopSftpServer() throws IOException {
        sftp.close();
    }

    @Test
    void issuedInvoiceArrivesInTheUpCastSourceFolderOnTheTurnkeyHost() throws IOException {
        Path data = Path.of("target", "test-data", "sftp-hub-" + UUID.randomUUID()).toAbsolutePath();
        String upcast = "sftp://turnkey@127.0.0.1:" + sftp.port() + "/UpCast?password=secret"
                + "&strictHostKeyChecking=no&useUserKnownHostsFile=false";
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.turnkey.upcast=" + upcast,
                        "--hub.platform.enabled=false")) {
            HubClient api = new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port"))
                    .bearer(HubIntegrationTest.DEMO_KEY);
            String sourceRef = "sftp-" + UUID.randomUUID();
            assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);

            String number = InvoiceAwait.bySource(api, sourceRef).reaches("SENT").get("invoiceNumber").asText();
            Path src = root.resolve("UpCast/B2SSTORAGE/F0401/SRC");
            try (Stream<Path> files = Files.list(src)) {
                List<Path> xml = files.toList();
                assertThat(xml).singleElement().satisfies(p -> {
                    assertThat(p.getFileName().toString()).startsWith("F0401_04595257_" + number + "_").endsWith(".xml");
                    assertThat(Files.readString(p)).contains("<InvoiceNumber>" + number + "</InvoiceNumber>");
                });
            }
            try (Stream<Path> leftovers = Files.list(root.resolve("UpCast/B2SSTORAGE/F0401"))) {
                assertThat(leftovers.filter(p -> p.toString().endsWith(".part"))).as("no temporary files left").isEmpty();
            }
        }
    }
}
