package tw.einvoice.hub.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * Entry of the command-line tools (picocli). Everything here is plain Java: a command must answer in about
 * a second, so nothing may start Spring or touch the broker; the few that read the hub's database
 * ({@code numbering usage}, {@code archive verify}) do it over plain JDBC ({@link HubDatabase}).
 */
public final class HubCli {

    /* Kept as literals rather than read from the command tree so that the server path decides without
       building picocli's model; HubCliTest checks the two agree. */
    static final Set<String> COMMANDS = Set.of("ban", "validate", "mapping", "mig", "bench", "numbering", "archive", "help", "--help", "-h",
            "--version", "-V");

    private HubCli() {
    }

    /** True when the arguments name a CLI command rather than server options. */
    public static boolean isCommand(String[] args) {
        return args != null && args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** The Spring application, for the one command that starts it ({@code bench walk}); set by main. */
    static Class<?> application;

    /** Runs one command; {@code application} is the hub's Spring Boot class, started only by {@code bench walk}. */
    public static int run(String[] args, Class<?> application) {
        HubCli.application = application;
        return run(args);
    }

    /** Runs one command on the process's stdout/stderr, both UTF-8 whatever the platform default. */
    public static int run(String[] args) {
        // The JVM's default console encoding is often ASCII in containers; item names are CJK.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(args, out, err, Clock.systemDefaultZone());
    }

    /** For tests: captured output and a fixed clock. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        try {
            return commandLine(out, err, clock).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine cli = new CommandLine(new HubCommand())
                .addSubcommand("help", new CommandLine.HelpCommand())
                .addSubcommand("ban", new CommandLine(new BanCommand())
                        .addSubcommand("check", new BanCheckCommand(clock)))
                .addSubcommand("validate", new ValidateCommand(clock))
                .addSubcommand("mapping", new CommandLine(new MappingCommand())
                        .addSubcommand("test", new MappingTestCommand()))
                .addSubcommand("mig", new CommandLine(new MigCommand())
                        .addSubcommand("render", new MigRenderCommand())
                        .addSubcommand("validate", new MigValidateCommand()))
                .addSubcommand("bench", new CommandLine(new BenchCommand())
                        .addSubcommand("mig", new BenchMigCommand())
                        .addSubcommand("walk", new BenchWalkCommand())
                        .addSubcommand("numbering", new BenchNumberingCommand())
                        .addSubcommand("drop", new BenchDropCommand())
                        .addSubcommand("simulator", new BenchSimulatorCommand())
                        .addSubcommand("crash", new BenchCrashCommand()))
                .addSubcommand("numbering", new CommandLine(new NumberingCommand())
                        .addSubcommand("usage", new NumberingUsageCommand(clock)))
                .addSubcommand("archive", new CommandLine(new ArchiveCommand())
                        .addSubcommand("verify", new ArchiveVerifyCommand()));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliExit exit) {
                commandLine.getErr().println(exit.getMessage());
                return exit.code();
            }
            commandLine.getErr().println(commandLine.getCommandName() + ": unexpected error: " + e);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }
}
