package tw.einvoice.hub.cli;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reads the hub's database directly over JDBC (no Spring, no server): the URL from --db-url or HUB_DB_URL,
 * else the embedded server of a running hub found through {@code <data>/postgres/postmaster.pid}.
 */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Prints one table per branch: track, period, range, used, remaining, blank.",
                "Database: --db-url, else HUB_DB_URL (+ HUB_DB_USER, HUB_DB_PASSWORD); else the embedded PostgreSQL of a "
                        + "running hub, found from <data-dir>/postgres/postmaster.pid (data dir: --data-dir, else HUB_DATA_DIR, else ./data)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:database not reachable", "2:usage error"})
class NumberingUsageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", description = "JDBC URL of the hub's database")
    String dbUrl;
    @Option(names = "--db-user", description = "database user (default HUB_DB_USER)")
    String dbUser;
    @Option(names = "--db-password", description = "database password (default HUB_DB_PASSWORD)")
    String dbPassword;
    @Option(names = "--data-dir", description = "the hub's data folder, for its embedded database")
    Path dataDir;
    @Option(names = "--seller", description = "only this seller (BAN)")
    String seller;
    @Option(names = "--period", description = "only this period (yyyMM, e.g. 11512)")
    String period;

    private final Clock clock;

    NumberingUsageCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DriverManagerDataSource ds = dataSource();
        List<NumberUsage.Row> rows;
        try {
            rows = NumberUsage.rows(JdbcClient.create(ds), seller, period, LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
        } catch (RuntimeException e) {
            throw new CliExit(1, "numbering usage: cannot read " + ds.getUrl() + ": " + e.getMessage());
        }
        Map<String, List<NumberUsage.Row>> byBranch = new LinkedHashMap<>();
        rows.forEach(r -> byBranch.computeIfAbsent(r.sellerId() + " " + r.branchId(), k -> new java.util.ArrayList<>()).add(r));
        if (byBranch.isEmpty()) {
            out.println("no ranges");
        }
        String format = "%-8s %-6s %-6s %-23s %9s %9s %9s%n";
        byBranch.forEach((branch, list) -> {
            out.println("Branch " + branch);
            out.printf(format, "branch", "track", "period", "range", "used", "remaining", "blank");
            int used = 0, remaining = 0, blank = 0;
            for (NumberUsage.Row r : list) {
                out.printf(format, r.branchId(), r.track(), r.period(),
                        r.track() + String.format("%08d", r.beginNo()) + "–" + String.format("%08d", r.endNo()),
                        r.used(), r.remaining(), r.blank());
                used += r.used();
                remaining += r.remaining();
                blank += r.blank();
            }
            out.printf(format, "total", "", "", "", used, remaining, blank);
            out.println();
        });
        return 0;
    }

    private DriverManagerDataSource dataSource() {
        String url = dbUrl != null ? dbUrl : System.getenv("HUB_DB_URL");
        String user = dbUser != null ? dbUser : System.getenv("HUB_DB_USER");
        String password = dbPassword != null ? dbPassword : System.getenv("HUB_DB_PASSWORD");
        if (url == null || url.isBlank()) {
            Path data = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("HUB_DATA_DIR", "./data"));
            Path pid = data.resolve("postgres").resolve("postmaster.pid");
            try {
                // line 4 of postmaster.pid is the port of the running server
                String port = Files.readAllLines(pid).get(3).strip();
                url = "jdbc:postgresql://localhost:" + port + "/postgres";
                user = "postgres";
                password = "postgres";
            } catch (IOException | IndexOutOfBoundsException e) {
                throw new CliExit(1, "numbering usage: no --db-url or HUB_DB_URL, and no running embedded hub database at "
                        + pid + " (start the hub, or give the URL the hub printed: 'Embedded PostgreSQL running on port …')");
            }
        }
        return new DriverManagerDataSource(url, user == null ? "" : user, password == null ? "" : password);
    }
}
