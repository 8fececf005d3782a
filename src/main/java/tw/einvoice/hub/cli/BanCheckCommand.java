package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.rules.Ban;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks 統一編號 (BAN) checksums.",
                "Applies the rule in force today (Asia/Taipei). Prints one line per ID: '<ID> valid' or '<ID> invalid'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:checked (whatever the results)", "2:usage error"})
final class BanCheckCommand implements Callable<Integer> {

    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");

    private final Clock clock;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "8-digit BANs to check")
    List<String> ids;

    BanCheckCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        LocalDate today = LocalDate.now(clock.withZone(RuleSettings.TAIPEI));
        LocalDate fiveRuleSince = RuleSettings.defaults().banFiveRuleSince();
        PrintWriter out = spec.commandLine().getOut();
        for (String id : ids) {
            // Anything but eight digits is not a BAN, so the checksum is never asked about letters or lengths.
            boolean valid = EIGHT_DIGITS.matcher(id).matches() && Ban.isValid(id, today, fiveRuleSince);
            out.println(id + (valid ? " valid" : " invalid"));
        }
        return 0;
    }
}
