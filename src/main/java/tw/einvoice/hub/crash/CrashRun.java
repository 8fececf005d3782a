package tw.einvoice.hub.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Conducts a crash run: starts the packaged hub on a fresh data folder, feeds the records in rounds, and in each round
 * kills the hub once in every stage of the plan (waiting until that stage is at work, then a random moment more),
 * starting it again each time and timing its return; then waits for the hub to finish and checks every claim.
 */
public final class CrashRun {

    private static final int BATCH = 250;
    /** Callbacks one dispatch round claims: the most a kill can leave delivered but not recorded. */
    static final int CALLBACK_BATCH = 200;
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration AIM = Duration.ofSeconds(90);
    private static final Duration PROGRESS = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param jar      the packaged hub
     * @param workDir  the folder the hub runs in (the project folder, which holds routes/ and connectors/)
     * @param runDir   a fresh folder for the run: the hub's data, its log, its port file
     * @param invoices valid records to send (a broken one is added for every {@value CrashRecords#INVALID_EVERY})
     * @param kills    how many times to kill the hub
     * @param seed     for the moments of the kills (printed, so a run can be repeated)
     * @param finish   how long the hub may take, after the last kill, to confirm and call back everything
     * @param progress where to tell what happens as it happens
     */
    public record Settings(Path jar, Path workDir, Path runDir, int invoices, int kills, long seed, Duration finish,
                           PrintWriter progress) {
    }

    private final Settings settings;
    private final Random random;
    private final Path dataDir;
    private final HubDatabase database;
    private HubProcess hub;
    private InvoiceFeeder feeder;

    private CrashRun(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.dataDir = settings.runDir().resolve("data");
        this.database = new HubDatabase(dataDir);
    }

    public static CrashReport run(Settings settings) throws IOException, SQLException {
        return new CrashRun(settings).run();
    }

    private CrashReport run() throws IOException, SQLException {
        long started = System.nanoTime();
        Files.createDirectories(dataDir);
        List<CrashRecords.Record> records = CrashRecords.generate("crash-" + Long.toHexString(settings.seed()),
                settings.invoices());
        String secret = secret();
        String apiKey = "crash-run-" + secret();
        try (CallbackReceiver receiver = new CallbackReceiver(secret)) {
            hub = new HubProcess(java(), settings.jar(), settings.workDir(), dataDir,
                    environment(apiKey, receiver.url(), secret), settings.runDir().resolve("hub.log"));
            feeder = new InvoiceFeeder(hub, apiKey, BATCH);
            try {
                say("starting the hub from %s on %s (log: %s)", settings.jar(), dataDir, hub.log());
                hub.start();
                if (!hub.awaitUp(START)) {
                    throw new IllegalStateException("the hub did not start; see " + hub.log());
                }
                List<CrashReport.Kill> kills = new ArrayList<>();
                List<List<Stage>> rounds = Stage.plan(settings.kills());
                List<List<CrashRecords.Record>> shares = shares(records, rounds.size());
                for (int round = 0; round < rounds.size(); round++) {
                    awaitFed();
                    feeder.feed(shares.get(round));
                    for (Stage stage : rounds.get(round)) {
                        kills.add(killIn(stage, kills.size() + 1, shares.get(round).size()));
                    }
                }
                awaitFed();
                boolean finished = awaitFinished(records, receiver);
                say("checking the ledger, UpCast, Turnkey's log, callbacks and rejected records");
                CrashReport.Findings findings = CrashChecks.check(database, dataDir, records, receiver, feeder);
                int broken = (int) records.stream().filter(r -> !r.valid()).count();
                return new CrashReport(settings.invoices(), broken, settings.seed(), kills, findings, finished,
                        Duration.ofNanos(System.nanoTime() - started));
            } finally {
                hub.stop();
            }
        }
    }

    /** Waits for the stage to be at work, kills the hub a random moment later, starts it again and times its return. */
    private CrashReport.Kill killIn(Stage stage, int number, int shareSize) {
        long deadline = System.nanoTime() + AIM.toNanos();
        Snapshot previous = snapshot().orElse(Snapshot.NONE);
        // the stages at work from here to the kill are where it landed
        Snapshot windowStart = previous;
        if (stage == Stage.INTAKE) {
            int batches = (shareSize + BATCH - 1) / BATCH;
            feeder.awaitBatchStarted(Math.max(1, batches / 5 + random.nextInt(Math.max(1, batches / 2))));
            windowStart = snapshot().orElse(previous);
            pause(random.nextInt(150));
        } else {
            while (System.nanoTime() < deadline) {
                Snapshot now = snapshot().orElse(previous);
                if (stage.active(previous, now) && stage.waiting(now)) {
                    windowStart = previous;
                    break;
                }
                previous = now;
                windowStart = previous;
                pause(100);
            }
            pause(random.nextInt(200));
        }
        Snapshot atKill = snapshot().orElse(windowStart);
        Set<Stage> landed = EnumSet.noneOf(Stage.class);
        for (Stage s : Stage.values()) {
            if (s.active(windowStart, atKill)) {
                landed.add(s);
            }
        }
        boolean hit = landed.contains(stage);
        // every other kill takes the hub's PostgreSQL with it, as a container's end does; the others leave it orphaned
        boolean withDatabase = number % 2 == 0;
        hub.kill(withDatabase);
        say("kill %d aimed at %s%s: landed in %s; waiting %s; killed %s", number, stage.label(), hit ? "" : " (missed)",
                landed, atKill.waiting(), withDatabase ? "hub + its PostgreSQL" : "the hub (PostgreSQL left running)");

        long restarted = System.nanoTime();
        hub.start();
        Double up = null;
        Double progress = null;
        // the state the hub died in: an orphaned server still has it, a new one has it long before the hub's routes start
        Snapshot baseline = null;
        while (up == null || progress == null) {
            double since = (System.nanoTime() - restarted) / 1e9;
            if (!hub.alive()) {
                throw new IllegalStateException("the hub died starting again after kill " + number + "; see " + hub.log());
            }
            if (up == null && since > START.toSeconds()) {
                throw new IllegalStateException("the hub was not UP " + START + " after kill " + number + "; see " + hub.log());
            }
            if (up == null && hub.up()) {
                up = since;
            }
            if (progress == null) {
                Optional<Snapshot> now = snapshot();
                if (baseline == null) {
                    baseline = now.orElse(null);
                } else if (now.isPresent() && now.get().progressedSince(baseline)) {
                    progress = since;
                }
            }
            if (up != null && progress == null && since - up > PROGRESS.toSeconds()) {
                break; // nothing was left to do
            }
            pause(100);
        }
        say("kill %d: back UP after %.1f s, work resumed after %s", number, up,
                progress == null ? "— (nothing moved)" : "%.1f s".formatted(progress));
        return new CrashReport.Kill(number, stage, hit, landed, atKill.waiting(), withDatabase, up, progress);
    }

    private void awaitFed() {
        while (!feeder.done()) {
            pause(200);
        }
        feeder.check();
    }

    /** Until every valid record is CONFIRMED and every outcome delivered, or the time to finish is up. */
    private boolean awaitFinished(List<CrashRecords.Record> records, CallbackReceiver receiver) {
        long deadline = System.nanoTime() + settings.finish().toNanos();
        long valid = records.stream().filter(CrashRecords.Record::valid).count();
        say("waiting for %,d invoices to be CONFIRMED and %,d outcomes called back", valid, 2 * valid);
        while (System.nanoTime() < deadline) {
            Optional<Snapshot> now = snapshot();
            if (now.isPresent() && now.get().confirmed() == valid && now.get().undelivered() == 0
                    && receiver.deliveries().size() >= 2 * valid) {
                return true;
            }
            pause(500);
        }
        return false;
    }

    private Optional<Snapshot> snapshot() {
        try {
            return Optional.of(Snapshot.read(database, feeder));
        } catch (SQLException e) {
            return Optional.empty(); // the database is down with the hub, or starting
        }
    }

    private static List<List<CrashRecords.Record>> shares(List<CrashRecords.Record> records, int rounds) {
        List<List<CrashRecords.Record>> shares = new ArrayList<>();
        int size = (records.size() + rounds - 1) / rounds;
        for (int from = 0; from < records.size(); from += size) {
            shares.add(records.subList(from, Math.min(records.size(), from + size)));
        }
        return shares;
    }

    /**
     * The hub as the embedded default runs it, made quicker where the run would otherwise wait for clocks: the
     * simulated platform answers after a second, results are read every half second, callbacks pushed every 200 ms,
     * sweepers look after 5 seconds and leases of a dead hub's callbacks run out after 10.
     */
    private Map<String, String> environment(String apiKey, String callbackUrl, String secret) {
        ObjectNode json = JSON.createObjectNode();
        ObjectNode hubSettings = json.putObject("hub");
        hubSettings.putObject("platform").put("processing-delay", "PT1S");
        ObjectNode turnkey = hubSettings.putObject("turnkey");
        turnkey.put("poll-interval", "PT0.5S");
        turnkey.putObject("sweep").put("period", "PT2S").put("after", "PT5S");
        hubSettings.putObject("intake").put("sweep-period", 2000).put("enqueue-sweep-after", "PT5S");
        ObjectNode callback = hubSettings.putObject("callback");
        callback.put("poll-interval", 200).put("batch-size", CALLBACK_BATCH).put("lease", "PT10S");
        callback.putObject(CrashRecords.CONNECTOR).put("type", "webhook").put("url", callbackUrl).put("secret", secret)
                .put("timeout", "PT5S");
        json.putObject("logging").putObject("level").put("org.apache.activemq.audit", "WARN");
        return Map.of(
                "HUB_DATA_DIR", dataDir.toAbsolutePath().toString(),
                "SERVER_PORT", "0",
                "HUB_ADMIN_PASSWORD", "crash-run-" + secret(),
                "HUB_API_KEY", apiKey,
                "SPRING_APPLICATION_JSON", json.toString());
    }

    private static Path java() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void say(String format, Object... args) {
        if (settings.progress() != null) {
            settings.progress().printf(format + "%n", args);
            settings.progress().flush();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
