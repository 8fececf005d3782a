package tw.einvoice.hub.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.reference.Reference;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UpCast's consumers never race for one file: scans started together (the UpCast timer and a benchmark or test
 * calling {@code upCast()}) take every file exactly once, one Turnkey log row each, and file more than one commit's
 * worth (several groups of {@link TurnkeySimulator#FILES_PER_COMMIT}).
 */
class TurnkeyUpCastClaimTest {

    static EmbeddedPostgres postgres;
    static DataSource turnkeyDb;

    @TempDir
    Path upcast;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        turnkeyDb = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void fourScansStartedTogetherTakeEveryOneOf450FilesExactlyOnceWithOneLogRowEach() throws Exception {
        SimulatorSettings settings = new SimulatorSettings(true, upcast, upcast.resolveSibling("summary"), null,
                Duration.ZERO, 0, null, null, null, null, null);
        TurnkeySimulator simulator = new TurnkeySimulator(settings,
                new TurnkeyStage(TurnkeySchemas.official(Reference.officialXsd())), turnkeyDb, (s, p, n) -> true,
                Clock.systemUTC());
        simulator.install(turnkeyDb);
        Path src = upcast.resolve(MigMessage.F0401.channel()).resolve("F0401").resolve("SRC");
        Files.createDirectories(src);
        int files = 2 * TurnkeySimulator.FILES_PER_COMMIT + 50;
        for (int i = 0; i < files; i++) {
            Files.writeString(src.resolve("F0401_" + i + ".xml"),
                    HubMessages.WRITER.invoice(HubMessages.consumer(String.format("ZZ%08d", i))), StandardCharsets.UTF_8);
        }

        int scans = 4;
        CyclicBarrier together = new CyclicBarrier(scans);
        ExecutorService pool = Executors.newFixedThreadPool(scans);
        List<Future<Integer>> taken = new ArrayList<>();
        try {
            for (int i = 0; i < scans; i++) {
                taken.add(pool.submit((Callable<Integer>) () -> {
                    together.await();
                    return simulator.upCast();
                }));
            }
            int total = 0;
            for (Future<Integer> f : taken) {
                total += f.get();
            }
            assertThat(total).as("files taken over all scans").isEqualTo(files);
        } finally {
            pool.shutdownNow();
        }

        JdbcClient jdbc = JdbcClient.create(turnkeyDb);
        assertThat(jdbc.sql("SELECT count(*) FROM turnkey_message_log").query(Long.class).single())
                .as("one log row per file").isEqualTo(files);
        assertThat(jdbc.sql("SELECT count(DISTINCT invoice_identifier) FROM turnkey_message_log").query(Long.class).single())
                .as("every invoice once").isEqualTo(files);
        assertThat(jdbc.sql("SELECT count(*) FROM sim_filing").query(Long.class).single()).as("no filing left half done")
                .isZero();
        try (Stream<Path> left = Files.list(src)) {
            assertThat(left).as("SRC after the scans").isEmpty();
        }
        try (Stream<Path> bak = Files.walk(src.resolveSibling("BAK"))) {
            assertThat(bak.filter(Files::isRegularFile).count()).as("files in BAK").isEqualTo(files);
        }
    }
}
