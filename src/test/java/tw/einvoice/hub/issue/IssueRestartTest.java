package tw.einvoice.hub.issue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the hub in the middle of a batch and starting it again neither loses nor duplicates a message. */
class IssueRestartTest {

    private static final int COUNT = 300;

    /** Where the batch stood when the hub had stopped: invoices by status, and the numbers already given. */
    record Stopped(Map<String, Long> byStatus, Map<String, String> numbers, long atTurnkey) {
        long in(String... statuses) {
            long n = 0;
            for (String s : statuses) {
                n += byStatus.getOrDefault(s, 0L);
            }
            return n;
        }
    }

    @Test
    void restartInTheMiddleOfABatchLosesAndDuplicatesNothing() throws IOException {
        Path data = Path.of("target", "test-data", "issue-restart-" + UUID.randomUUID()).toAbsolutePath();
        String prefix = "mid-" + UUID.randomUUID();
        try (ConfigurableApplicationContext hub = start(data)) {
            HubClient.Response r = client(hub).post("/api/v1/invoices", Invoices.batch(prefix, COUNT));
            assertThat(r.body().get("accepted").asInt()).isEqualTo(COUNT);
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                    jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref LIKE ? AND status <> 'RECEIVED'")
                            .param(prefix + "-%").query(Long.class).single() > 0);
        } // closes as soon as the first of the batch is issued, while the issue and transmit stages are busy with it

        // a graceful stop lets the issue stage finish the delivery it holds, so the batch may be caught anywhere
        // from half issued to issued but not yet written to UpCast: either way, part of it was done and part was not
        Stopped stopped = asTheStopLeftIt(data, prefix);
        assertThat(stopped.in("ISSUED", "SENT", "CONFIRMED")).as("issued before the stop: %s", stopped.byStatus()).isPositive();
        assertThat(stopped.in("RECEIVED", "ISSUED")).as("not yet handed to Turnkey at the stop: %s", stopped.byStatus())
                .isPositive();
        assertThat(stopped.in("RECEIVED", "ISSUED", "SENT", "CONFIRMED")).as("every invoice kept").isEqualTo(COUNT);
        assertThat(stopped.numbers()).as("numbered exactly those issued")
                .hasSize((int) stopped.in("ISSUED", "SENT", "CONFIRMED"));
        System.out.printf("the stop left the batch of %d at %s, %d messages at Turnkey%n", COUNT, stopped.byStatus(),
                stopped.atTurnkey());

        try (ConfigurableApplicationContext hub = start(data)) {
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref LIKE ? AND status = 'CONFIRMED'")
                            .param(prefix + "-%").query(Long.class).single() == COUNT);

            Map<String, String> numbers = numbers(jdbc, prefix);
            assertThat(numbers).as("numbers given before the stop are kept").containsAllEntriesOf(stopped.numbers());
            List<String> sorted = numbers.values().stream().sorted().toList();
            assertThat(sorted).hasSize(COUNT).doesNotHaveDuplicates();
            long first = Long.parseLong(sorted.get(0).substring(2));
            long last = Long.parseLong(sorted.get(COUNT - 1).substring(2));
            assertThat(last - first + 1).as("no gap in the batch's numbers").isEqualTo(COUNT);

            Long messages = jdbc.sql("""
                            SELECT count(*) FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                            WHERE i.source_ref LIKE ? AND m.message_type = 'F0401'""")
                    .param(prefix + "-%").query(Long.class).single();
            assertThat(messages).as("one F0401 per invoice").isEqualTo(COUNT);

            List<String> identifiers = identifiers(jdbc, prefix);
            Long uploads = hub.getBean(TurnkeyDatabase.class).jdbc()
                    .sql("SELECT count(*) FROM turnkey_message_log WHERE invoice_identifier = ANY(?)")
                    .param(identifiers.toArray(String[]::new)).query(Long.class).single();
            assertThat(uploads).as("each message reached Turnkey exactly once").isEqualTo(COUNT);
        }
    }

    /** Opens the stopped hub's own database files, as the next start will find them, and reads the batch. */
    private static Stopped asTheStopLeftIt(Path data, String prefix) throws IOException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            JdbcClient jdbc = JdbcClient.create(pg.getPostgresDatabase());
            Map<String, Long> byStatus = jdbc.sql("SELECT status, count(*) FROM invoice WHERE source_ref LIKE ? GROUP BY status")
                    .param(prefix + "-%").query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            List<String> identifiers = identifiers(jdbc, prefix);
            long atTurnkey = JdbcClient.create(pg.getDatabase("postgres", "turnkey"))
                    .sql("SELECT count(*) FROM turnkey_message_log WHERE invoice_identifier = ANY(?)")
                    .param(identifiers.toArray(String[]::new)).query(Long.class).single();
            return new Stopped(byStatus, numbers(jdbc, prefix), atTurnkey);
        }
    }

    /** sourceRef → invoice number of the batch's numbered invoices. */
    private static Map<String, String> numbers(JdbcClient jdbc, String prefix) {
        return jdbc.sql("SELECT source_ref, invoice_number FROM invoice WHERE source_ref LIKE ? AND invoice_number IS NOT NULL")
                .param(prefix + "-%").query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> identifiers(JdbcClient jdbc, String prefix) {
        return jdbc.sql("""
                        SELECT m.identifier FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                        WHERE i.source_ref LIKE ?""").param(prefix + "-%").query(String.class).list();
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
