package tw.einvoice.hub.issue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the hub in the middle of a batch and starting it again neither loses nor duplicates a message. */
class IssueRestartTest {

    private static final int COUNT = 300;

    @Test
    void restartInTheMiddleOfABatchLosesAndDuplicatesNothing() {
        Path data = Path.of("target", "test-data", "issue-restart-" + UUID.randomUUID()).toAbsolutePath();
        String prefix = "mid-" + UUID.randomUUID();
        try (ConfigurableApplicationContext hub = start(data)) {
            HubClient.Response r = client(hub).post("/api/v1/invoices", Invoices.batch(prefix, COUNT));
            assertThat(r.body().get("accepted").asInt()).isEqualTo(COUNT);
        } // closes while the issue and transmit stages are busy with the batch

        try (ConfigurableApplicationContext hub = start(data)) {
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref LIKE ? AND status = 'CONFIRMED'")
                            .param(prefix + "-%").query(Long.class).single() == COUNT);

            List<String> numbers = jdbc.sql("SELECT invoice_number FROM invoice WHERE source_ref LIKE ? ORDER BY invoice_number")
                    .param(prefix + "-%").query(String.class).list();
            assertThat(numbers).hasSize(COUNT).doesNotHaveDuplicates();
            long first = Long.parseLong(numbers.get(0).substring(2));
            long last = Long.parseLong(numbers.get(COUNT - 1).substring(2));
            assertThat(last - first + 1).as("no gap in the batch's numbers").isEqualTo(COUNT);

            Long messages = jdbc.sql("""
                            SELECT count(*) FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                            WHERE i.source_ref LIKE ? AND m.message_type = 'F0401'""")
                    .param(prefix + "-%").query(Long.class).single();
            assertThat(messages).as("one F0401 per invoice").isEqualTo(COUNT);

            List<String> identifiers = jdbc.sql("""
                            SELECT m.identifier FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                            WHERE i.source_ref LIKE ?""").param(prefix + "-%").query(String.class).list();
            Long uploads = hub.getBean(TurnkeyDatabase.class).jdbc()
                    .sql("SELECT count(*) FROM turnkey_message_log WHERE invoice_identifier = ANY(?)")
                    .param(identifiers.toArray(String[]::new)).query(Long.class).single();
            assertThat(uploads).as("each message reached Turnkey exactly once").isEqualTo(COUNT);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0");
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        return new HubClient("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port"))
                .bearer(HubIntegrationTest.DEMO_KEY);
    }
}
