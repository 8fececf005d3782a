package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.crash.CrashReport;
import tw.einvoice.hub.crash.CrashRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The long form of the crash run CrashRecoveryIT makes in CI: more invoices, more kills, the table printed. */
@Command(name = "crash", mixinStandardHelpOptions = true,
        description = "Starts this jar as a hub of its own on a temporary data folder, feeds it invoices through the REST API "
                + "and kills it with kill -9 in every stage of the walk (intake, numbering+rendering, transmission, result "
                + "reading, callbacks), restarting it each time; then checks that every invoice was CONFIRMED exactly once, "
                + "no number was taken twice or skipped, every message is one UpCast file, every callback came and every "
                + "broken record was kept, and prints the table. Run it from the project folder (routes/).")
class BenchCrashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "20000", description = "Valid invoices (default ${DEFAULT-VALUE}); one broken record is added per 49.")
    int count;

    @Option(names = "--kills", defaultValue = "10", description = "Kills (default ${DEFAULT-VALUE}), aimed at the stages in turn.")
    int kills;

    @Option(names = "--seed", description = "Seed of the kill moments (default: random, printed).")
    Long seed;

    @Option(names = "--jar", description = "The hub's jar (default: this one).")
    Path jar;

    @Option(names = "--dir", description = "Folder for the run's data and the hub's log (default: a new temporary one, kept).")
    Path dir;

    @Option(names = "--finish", defaultValue = "PT30M", description = "How long the hub may take after the last kill to finish (default ${DEFAULT-VALUE}).")
    Duration finish;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Path hubJar = jar != null ? jar : runningJar();
        if (hubJar == null || !Files.isRegularFile(hubJar)) {
            err.println("bench crash: name the hub's jar with --jar (or run it as java -jar target/einvoice-hub.jar bench crash)");
            return 2;
        }
        if (count < 1 || kills < 1) {
            err.println("bench crash: --count and --kills must be at least 1");
            return 2;
        }
        Path runDir = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hub-bench-crash");
        long runSeed = seed != null ? seed : System.nanoTime();
        CrashReport report = CrashRun.run(new CrashRun.Settings(hubJar, Path.of("").toAbsolutePath(), runDir, count, kills,
                runSeed, finish, out));
        out.println();
        out.print(report.table());
        report.problems().forEach(p -> out.println("PROBLEM: " + p));
        out.println("data and hub log kept in " + runDir);
        return report.problems().isEmpty() ? 0 : 1;
    }

    /** The jar this command runs from, when it was started with java -jar. */
    private static Path runningJar() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) ? Path.of(classPath) : null;
    }
}
