package tw.einvoice.hub.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a hub killed with kill -9 leaves on its embedded database folder, and the next start clearing it. The owner
 * here is a JVM of its own that starts PostgreSQL as the hub does and is then killed with SIGKILL.
 */
class LeftoverPostgresTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path folder;

    @Test
    void aServerLeftRunningByAKilledOwnerIsStoppedAndTheFolderStartsAgainWithItsCommittedData() throws Exception {
        Path pgData = folder.resolve("postgres");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Owner.class.getName(), pgData.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(Owner.READY)) {
                // PostgreSQL's start-up chatter
            }
            assertThat(line).as("the owner started PostgreSQL and committed its row").isEqualTo(Owner.READY);
        }
        long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
        owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(postmaster)).as("PostgreSQL outlives the JVM that started it").isPresent()
                .get().matches(ProcessHandle::isAlive);

        LeftoverPostgres.clear(pgData, PATIENCE);

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
        try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).start();
             Connection c = again.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet kept = s.executeQuery("SELECT note FROM kept")) {
            assertThat(kept.next()).isTrue();
            assertThat(kept.getString(1)).isEqualTo("committed before the kill");
        }
    }

    @Test
    void aPidFileNamingAnotherProgramIsRemovedAndOneNamingAGoneProcessIsLeftToPostgres() throws Exception {
        Path pgData = Files.createDirectories(folder.resolve("postgres"));
        Path pidFile = pgData.resolve(LeftoverPostgres.PID_FILE);
        // this JVM works in the project folder: alive, but no PostgreSQL on this folder
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + pgData + "\n");

        LeftoverPostgres.clear(pgData, PATIENCE);

        assertThat(pidFile).doesNotExist();

        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(pidFile, gone.pid() + "\n" + pgData + "\n");

        LeftoverPostgres.clear(pgData, PATIENCE);

        assertThat(pidFile).as("PostgreSQL sees the process is gone and takes the folder over itself").exists();
    }

    @Test
    void aFolderARunningHubHoldsIsRefusedAndItsServerLeftAlone() throws IOException {
        Path pgData = Files.createDirectories(folder.resolve("postgres"));
        Files.writeString(pgData.resolve(LeftoverPostgres.PID_FILE), ProcessHandle.current().pid() + "\n");
        try (FileChannel lock = FileChannel.open(pgData.resolve(LeftoverPostgres.OWNER_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            assertThatThrownBy(() -> LeftoverPostgres.clear(pgData, PATIENCE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by a running hub").hasMessageContaining("HUB_DATA_DIR");
        }
        assertThat(pgData.resolve(LeftoverPostgres.PID_FILE)).exists();
    }

    /** A JVM that starts PostgreSQL on a folder as the hub does, commits a row, says so and waits to be killed. */
    public static final class Owner {

        static final String READY = "owner ready";

        public static void main(String[] args) throws Exception {
            Path pgData = Path.of(args[0]);
            Files.createDirectories(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on").start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (note text)");
                s.execute("INSERT INTO kept VALUES ('committed before the kill')");
            }
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
