package tw.einvoice.hub.cli;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Reads the hub's database directly over JDBC ({@link HubDatabase}): no Spring, no server. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Prints one table per branch: track, period, range, used, remaining, blank.",
                HubDatabase.DESCRIPTION},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:database not reachable", "2:usage error"})
class NumberingUsageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HubDatabase database;
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
        SingleConnectionDataSource ds = database.dataSource("numbering usage", 1);
        List<NumberUsage.Row> rows;
        try {
            rows = NumberUsage.rows(JdbcClient.create(ds), seller, period, LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
        } catch (RuntimeException e) {
            throw new CliExit(1, "numbering usage: cannot read " + ds.getUrl() + ": " + e.getMessage());
        } finally {
            ds.destroy();
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
}
