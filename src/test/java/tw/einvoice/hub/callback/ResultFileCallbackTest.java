package tw.einvoice.hub.callback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.ConnectorsIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.SftpServer;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.invoice.InvoiceStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One result file per outcome: the drop connectors' shipped sinks (SFTP to a real Apache MINA SSHD server, a local
 * folder fed by a real drop), and an SFTP sink whose server is down at first.
 */
class ResultFileCallbackTest extends ConnectorsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ProducerTemplate producer;

    @Autowired
    InvoiceStore invoices;

    @Autowired
    JdbcClient hubDb;

    @Autowired
    CamelContext camel;

    @Value("${hub.drop.local.dir}")
    Path localDrop;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void noPasswordInLogsOrEndpointUris() {
        root().detachAppender(logs);
        for (String password : List.of(SFTP_PASSWORD, SFTP_DOWN_PASSWORD)) {
            assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage() + " " + thrown(e)).contains(password));
            // what Camel logs of any endpoint; and the sink's own endpoints hold no password even unmasked
            assertThat(camel.getEndpoints()).allSatisfy(e ->
                    assertThat(e + " " + URISupport.sanitizeUri(e.getEndpointUri())).doesNotContain(password));
            assertThat(camel.getEndpoints()).filteredOn(e -> e.getEndpointUri().startsWith("sftp:")
                            && (e.getEndpointUri().contains("outcomes") || e.getEndpointUri().contains("results")))
                    .allSatisfy(e -> assertThat(e.getEndpointUri()).doesNotContain(password));
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String thrown(ILoggingEvent e) {
        return e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage();
    }

    private String submit(String connector) {
        String ref = connector + "-" + UUID.randomUUID();
        var doc = Invoices.valid(ref);
        doc.remove("connector");
        producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, doc.toString(), Map.of(IntakeHeaders.CONNECTOR, connector));
        return ref;
    }

    private static List<String> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Waits for the invoice's ISSUED and CONFIRMED files in {@code folder}; answers its number. */
    private String awaitIssuedAndConfirmed(String connector, String ref, Path folder, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var invoice = invoices.findBySource(connector, ref);
            assertThat(invoice).as("invoice %s of %s", ref, connector).isPresent();
            String number = invoice.get().invoiceNumber();
            assertThat(number).isNotNull();
            assertThat(folder.resolve(number + "_ISSUED.json")).exists();
            assertThat(folder.resolve(number + "_CONFIRMED.json")).exists();
        });
        return invoices.findBySource(connector, ref).orElseThrow().invoiceNumber();
    }

    private void assertOutcome(Path file, String connector, String ref, String number, String status) throws IOException {
        JsonNode outcome = read(file);
        assertThat(outcome.get("status").asText()).isEqualTo(status);
        assertThat(outcome.get("invoiceNumber").asText()).isEqualTo(number);
        assertThat(outcome.get("connector").asText()).isEqualTo(connector);
        assertThat(outcome.get("sourceRef").asText()).isEqualTo(ref);
        assertThat(outcome.get("idempotencyKey").asText()).isEqualTo(number + ":" + status);
    }

    @Test
    void anSftpDropInvoiceGetsOneJsonFilePerOutcomeInTheServersOutcomesFolderAndARepeatOverwritesIt() throws Exception {
        String ref = submit("sftp-drop");
        Path outcomes = SFTP.root().resolve("drop/outbox/outcomes");

        String number = awaitIssuedAndConfirmed("sftp-drop", ref, outcomes, Duration.ofSeconds(90));
        assertOutcome(outcomes.resolve(number + "_ISSUED.json"), "sftp-drop", ref, number, "ISSUED");
        assertOutcome(outcomes.resolve(number + "_CONFIRMED.json"), "sftp-drop", ref, number, "CONFIRMED");
        assertThat(filesIn(outcomes)).filteredOn(f -> f.contains(number)).containsExactly(number + "_CONFIRMED.json", number + "_ISSUED.json");
        assertThat(filesIn(outcomes)).noneMatch(f -> f.startsWith(".part-"));

        // a node dying between the write and the outbox update: ISSUED goes out again, into the same file
        Files.writeString(outcomes.resolve(number + "_ISSUED.json"), "stale");
        var invoice = invoices.findBySource("sftp-drop", ref).orElseThrow();
        int attempts = hubDb.sql("SELECT attempts FROM callback_outbox WHERE invoice_id = ? AND status = 'ISSUED'")
                .param(invoice.id()).query(Integer.class).single();
        hubDb.sql("UPDATE callback_outbox SET delivered_at = NULL, next_attempt_at = now() WHERE invoice_id = ? AND status = 'ISSUED'")
                .param(invoice.id()).update();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(hubDb.sql("""
                                SELECT attempts FROM callback_outbox
                                WHERE invoice_id = ? AND status = 'ISSUED' AND delivered_at IS NOT NULL""")
                        .param(invoice.id()).query(Integer.class).optional()).contains(attempts + 1));
        assertOutcome(outcomes.resolve(number + "_ISSUED.json"), "sftp-drop", ref, number, "ISSUED");
        assertThat(filesIn(outcomes)).filteredOn(f -> f.contains(number)).containsExactly(number + "_CONFIRMED.json", number + "_ISSUED.json");
        assertThat(filesIn(outcomes)).noneMatch(f -> f.startsWith(".part-"));
    }

    @Test
    void anSftpServerThatIsDownGetsItsOutcomesRetriedAndAlertedThenEachExactlyOnceWhenItComesBack() throws Exception {
        String ref = submit("sftp-down");

        // down: the outbox keeps the outcome, retries, and finance hears of the server's outage after three attempts
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(outageAlerts()).isEqualTo(1));
        var invoice = invoices.findBySource("sftp-down", ref).orElseThrow();
        String number = invoice.invoiceNumber();
        assertThat(hubDb.sql("SELECT attempts FROM callback_outbox WHERE invoice_id = ? AND status = 'ISSUED'")
                .param(invoice.id()).query(Integer.class).single()).isGreaterThanOrEqualTo(3);
        assertThat(hubDb.sql("SELECT last_error FROM callback_outbox WHERE invoice_id = ? AND status = 'ISSUED'")
                .param(invoice.id()).query(String.class).single()).isNotBlank().doesNotContain(SFTP_DOWN_PASSWORD);

        // the server comes up on its address: the kept outcomes go out, each renamed into place once
        try (SftpServer back = new SftpServer(0, SFTP_DOWN_ROOT, SFTP_USER, SFTP_DOWN_PASSWORD)) {
            SFTP_DOWN.upTo(back.port());
            Path results = back.root().resolve("results");
            awaitIssuedAndConfirmed("sftp-down", ref, results, Duration.ofSeconds(60));
            // a few more dispatcher rounds (every 200 ms): nothing may come twice
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(back.renamedIn()).containsExactly(number + "_ISSUED.json", number + "_CONFIRMED.json"));
            assertThat(filesIn(results)).containsExactly(number + "_CONFIRMED.json", number + "_ISSUED.json");
            assertOutcome(results.resolve(number + "_ISSUED.json"), "sftp-down", ref, number, "ISSUED");
            assertOutcome(results.resolve(number + "_CONFIRMED.json"), "sftp-down", ref, number, "CONFIRMED");
        } finally {
            SFTP_DOWN.down();
        }
        assertThat(hubDb.sql("SELECT count(*) FROM callback_outbox WHERE invoice_id = ? AND delivered_at IS NULL")
                .param(invoice.id()).query(Integer.class).single()).isZero();
        assertThat(hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'CALLBACK' AND invoice_id = ?")
                .param(invoice.id()).query(Integer.class).single()).as("no alert per invoice: the sink's outage is one").isZero();
        assertThat(outageAlerts()).as("one alert, not one per attempt").isEqualTo(1);
    }

    /** OUTAGE alerts about the sink that is down ({@code sftp:sftp-down}). */
    private long outageAlerts() {
        return hubDb.sql("SELECT count(*) FROM finance_alert WHERE kind = 'OUTAGE' AND message LIKE ?")
                .param("無法連線 sftp:sftp-down，%").query(Long.class).single();
    }

    @Test
    void aFileDroppedIntoTheLocalInboxGetsOneJsonFilePerOutcomeInTheLocalOutcomesFolder() throws Exception {
        String ref = "LOCAL-" + UUID.randomUUID().toString().substring(0, 8);
        String issuedAt = OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
        String csv = "sourceRef,sellerId,issuedAt,carrierType,carrierId,taxType,pricesIncludeTax,description,quantity,unitPrice,amount\r\n"
                + ref + "," + DEMO_SELLER + "," + issuedAt + ",3J0002,/ABC+123,1,Y,乾電池,2,50,100\r\n";
        Path inbox = Files.createDirectories(localDrop.resolve("inbox"));
        Path staged = Files.writeString(localDrop.resolve(ref + ".csv"), csv, StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(ref + ".csv"), StandardCopyOption.ATOMIC_MOVE);
        Path outcomes = localDrop.resolve("outbox/outcomes");

        String number = awaitIssuedAndConfirmed("local-drop", ref, outcomes, Duration.ofSeconds(90));
        assertOutcome(outcomes.resolve(number + "_ISSUED.json"), "local-drop", ref, number, "ISSUED");
        assertOutcome(outcomes.resolve(number + "_CONFIRMED.json"), "local-drop", ref, number, "CONFIRMED");
        assertThat(filesIn(outcomes)).filteredOn(f -> f.contains(number)).containsExactly(number + "_CONFIRMED.json", number + "_ISSUED.json");
        assertThat(filesIn(outcomes)).noneMatch(f -> f.startsWith(".part-"));
        assertThat(localDrop.resolve("outbox/" + ref + ".csv.result.csv")).as("the intake result is still written").exists();
    }
}
