package tw.einvoice.hub.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;

/**
 * Entry of the command-line tools (picocli). Everything here is plain Java: a command must answer in about
 * a second, so nothing may start Spring or touch the broker; the few that read the hub's database
 * ({@code numbering usage}, {@code archive verify}) do it over plain JDBC ({@link HubDatabase}).
 */
public final class HubCli {

    /* Kept as literals rather than read from the command tree so that the server path decides without
       building picocli's model; HubCliTest checks the two agree. */
    static final Set<String> COMMANDS = Set.of("ban", "validate", "mapping", "mig", "bench", "numbering", "archive", "qr", "proof", "media-file", "lottery",
            "digitize", "help", "--help", "-h",
            "--version", "-V");

    /** The word that starts the server explicitly; no word at all does the same. */
    static final String SERVE = "serve";

    private HubCli() {
    }

    /** What the jar does with its arguments. */
    public enum Dispatch {
        /** a command of this CLI: answer and exit */
        COMMAND,
        /** no command word, {@code serve}, or {@code --options} for Spring: run the hub server */
        SERVE,
        /** a word that is neither: a typo must not start the server, its database and broker in the current folder */
        UNKNOWN
    }

    public static Dispatch dispatch(String[] args) {
        if (args == null || args.length == 0 || SERVE.equals(args[0])) {
            return Dispatch.SERVE;
        }
        if (COMMANDS.contains(args[0])) {
            return Dispatch.COMMAND;
        }
        return args[0].startsWith("--") ? Dispatch.SERVE : Dispatch.UNKNOWN;
    }

    /** True when the arguments name a CLI command rather than server options. */
    public static boolean isCommand(String[] args) {
        return dispatch(args) == Dispatch.COMMAND;
    }

    /** The arguments Spring gets: without the {@code serve} word. */
    public static String[] serverArguments(String[] args) {
        if (args == null) {
            return new String[0];
        }
        return args.length > 0 && SERVE.equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    /** Says the word is no command and lists the commands on stderr; returns the usage exit code. */
    public static int unknown(String word) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return unknown(word, out, err, Clock.systemDefaultZone());
    }

    static int unknown(String word, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine cli = commandLine(out, err, clock);
        err.println("Unknown command '" + word + "'. Run the jar without a command, or with '" + SERVE
                + "', to start the hub server; the commands are:");
        cli.usage(err);
        err.flush();
        return CommandLine.ExitCode.USAGE;
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
                // "bench --connector drop": drop is the connector there, not the "bench drop" subcommand
                .addSubcommand("bench", new CommandLine(new BenchCommand()).setAllowSubcommandsAsOptionParameters(true)
                        .addSubcommand("mig", new BenchMigCommand())
                        .addSubcommand("walk", new BenchWalkCommand())
                        .addSubcommand("numbering", new BenchNumberingCommand())
                        .addSubcommand("drop", new BenchDropCommand())
                        .addSubcommand("simulator", new BenchSimulatorCommand())
                        .addSubcommand("crash", new BenchCrashCommand())
                        .addSubcommand("query", new BenchQueryCommand())
                        .addSubcommand("proof", new BenchProofCommand())
                        .addSubcommand("lottery", new BenchLotteryCommand())
                        .addSubcommand("faults", new BenchFaultsCommand()))
                .addSubcommand("qr", new QrCommand())
                .addSubcommand("proof", new ProofCommand())
                .addSubcommand("digitize", new CommandLine(new DigitizeCommand())
                        .addSubcommand("bench", new DigitizeBenchCommand()))
                .addSubcommand("numbering", new CommandLine(new NumberingCommand())
                        .addSubcommand("usage", new NumberingUsageCommand(clock)))
                .addSubcommand("archive", new CommandLine(new ArchiveCommand())
                        .addSubcommand("verify", new ArchiveVerifyCommand()))
                .addSubcommand("media-file", new MediaFileCommand(clock))
                .addSubcommand("lottery", new CommandLine(new LotteryCommand())
                        .addSubcommand("check", new LotteryCheckCommand()));
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
