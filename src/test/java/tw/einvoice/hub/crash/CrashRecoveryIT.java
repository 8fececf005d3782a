package tw.einvoice.hub.crash;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.util.FileSystemUtils;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 anywhere loses nothing (the CI form of {@code bench crash}): the packaged hub runs as its own process from
 * the project folder on a fresh data folder and takes {@value #INVOICES} invoices, and a broken record for every 49,
 * through its REST API while it is killed {@value #KILLS} times, in intake (a POST open), in the hand-over to Turnkey
 * and while it calls back, once together with its PostgreSQL; each time it is started again. The run happens once;
 * each test holds it to one claim. Its table is printed (failsafe's output of this class) and kept with the hub's log
 * in {@code target/crash-run/<id>/}, with the data folder too when a claim was not kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

    static final int INVOICES = 5_000;
    static final int KILLS = 3;

    CrashReport report;

    @BeforeAll
    void crashRun() throws Exception {
        Path jar = Path.of(System.getProperty("hub.jar", "target/einvoice-hub.jar"));
        assertThat(jar).as("the packaged hub (mvn package)").isRegularFile();
        Path runDir = Path.of("target", "crash-run", UUID.randomUUID().toString()).toAbsolutePath();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        report = CrashRun.run(new CrashRun.Settings(jar, Path.of("").toAbsolutePath(), runDir, INVOICES, KILLS, seed,
                Duration.ofMinutes(10), out));
        out.println(report.table());
        Files.writeString(runDir.resolve("table.md"), report.table(), StandardCharsets.UTF_8);
        if (report.problems().isEmpty()) {
            // 300 MB of database and journal, worth keeping only to look into a claim not kept; the log stays
            FileSystemUtils.deleteRecursively(runDir.resolve("data"));
        }
    }

    @Test
    void theHubWasKilledInIntakeTransmissionAndCallbacksAndCameBackEachTime() {
        assertThat(report.kills()).extracting(CrashReport.Kill::aimedAt)
                .containsExactly(Stage.INTAKE, Stage.TRANSMIT, Stage.CALLBACKS);
        assertThat(report.kills()).allSatisfy(kill -> assertThat(kill.landedIn())
                .as("kill %d, aimed at %s", kill.number(), kill.aimedAt()).contains(kill.aimedAt()));
        assertThat(report.kills()).as("the hub's PostgreSQL both left running and killed with it")
                .extracting(CrashReport.Kill::withDatabase).contains(true, false);
        assertThat(report.finished()).as("everything confirmed and called back in time").isTrue();
    }

    @Test
    void everyInvoiceIsConfirmedExactlyOnce() {
        CrashReport.Findings f = report.findings();
        assertThat(f.missing()).as("valid records without an invoice").isEmpty();
        assertThat(f.unexpected()).as("invoices made from broken records").isEmpty();
        assertThat(f.stored()).isEqualTo(INVOICES);
        assertThat(f.notConfirmed()).as("invoices not CONFIRMED").isEmpty();
        assertThat(f.confirmedTwice()).as("invoices CONFIRMED more than once in their history").isEmpty();
        assertThat(f.statusRepeated()).as("invoices entering a status twice").isEmpty();
    }

    @Test
    void numbersAreTakenOnceEachWithoutAGapInBothBranchesRanges() {
        CrashReport.Findings f = report.findings();
        assertThat(f.ranges()).extracting(CrashReport.RangeUse::branch).containsExactlyInAnyOrder("TPE01", "KHH01");
        assertThat(f.numbered()).isEqualTo(INVOICES);
        assertThat(f.duplicateNumbers()).isEmpty();
        assertThat(f.gaps()).isEmpty();
        assertThat(f.outsideRanges()).isEmpty();
    }

    @Test
    void eachMessageIsOneUpCastFileAndOneConfirmedRowInTurnkeysLog() {
        CrashReport.Findings f = report.findings();
        assertThat(f.messages()).isEqualTo(INVOICES);
        assertThat(f.notOneFile()).as("messages without exactly one file, by file name").isEmpty();
        assertThat(f.identifiersNotOne()).as("identifiers without exactly one file").isEmpty();
        assertThat(f.strayFiles()).isEmpty();
        assertThat(f.upCastFiles()).isEqualTo(INVOICES);
        assertThat(f.inBak()).as("all taken by Turnkey").isEqualTo(INVOICES);
        assertThat(f.turnkeyNotOneRow()).as("identifiers without exactly one row, C").isEmpty();
    }

    @Test
    void everyOutcomeIsCalledBackAndOnlyWhatAKillCutShortIsDeliveredAgain() {
        CrashReport.Findings f = report.findings();
        assertThat(f.callbacksExpected()).isEqualTo(2 * INVOICES);
        assertThat(f.callbacksMissing()).isEmpty();
        assertThat(f.callbacksUnexpected()).isEmpty();
        assertThat(f.callbacksDelivered()).isEqualTo(f.callbacksExpected());
        assertThat(f.outboxRows()).as("one outbox row per outcome").isEqualTo(f.callbacksExpected());
        assertThat(f.badSignatures()).isZero();
        // a delivery is repeated only when the hub died before recording it: at most one claimed batch per kill
        assertThat(f.callbacksRepeated()).as("deliveries beyond the first, by idempotency key")
                .isBetween(0, KILLS * CrashRun.CALLBACK_BATCH);
    }

    @Test
    void everyBrokenRecordIsKeptOnceWithItsReason() {
        CrashReport.Findings f = report.findings();
        assertThat(f.rejectedExpected()).isEqualTo(report.invalid()).isPositive();
        assertThat(f.rejectedMissing()).isEmpty();
        assertThat(f.rejectedWrong()).isEmpty();
        assertThat(f.rejectedKept()).isEqualTo(report.invalid());
    }

    @Test
    void nothingWasDeadLettered() {
        assertThat(report.findings().deadLetters()).isZero();
    }
}
