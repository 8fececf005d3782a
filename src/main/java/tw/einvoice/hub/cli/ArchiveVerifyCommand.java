package tw.einvoice.hub.cli;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.signing.ArchiveAudit;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/** Re-checks the archive seal of every stored message over plain JDBC ({@link HubDatabase}); no Spring, no server. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-checks every stored message (invoice_message) against its archive seal: the SHA-256 of its "
                + "exact bytes and, where the seller had a certificate, the detached CMS signature over them.",
                "Prints one line per altered or unsealed message: ALTERED|UNSEALED type reference identifier id created reason; "
                        + "then 'checked N: S intact signed, H intact hash-only, U unsealed, A altered'.",
                HubDatabase.DESCRIPTION},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no message altered (unsealed ones are listed, not failed)", "1:at least one message altered",
                "2:usage error", "3:database not reachable or not readable: nothing was verified"})
class ArchiveVerifyCommand implements Callable<Integer> {

    static final int UNREACHABLE = 3;
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @Spec
    CommandSpec spec;

    @Mixin
    HubDatabase database;
    @Option(names = "--from", paramLabel = "DATE",
            description = "only messages created on or after this day (yyyy-MM-dd, Asia/Taipei); default all")
    String from;
    @Option(names = "--page-size", defaultValue = "500", description = "messages read per query (default ${DEFAULT-VALUE})")
    int pageSize;

    @Override
    public Integer call() {
        OffsetDateTime since = since();
        if (pageSize < 1) {
            throw new ParameterException(spec.commandLine(), "--page-size must be at least 1: " + pageSize);
        }
        PrintWriter out = spec.commandLine().getOut();
        SingleConnectionDataSource ds = database.dataSource("archive verify", UNREACHABLE);
        ArchiveAudit.Summary summary;
        try {
            summary = ArchiveAudit.run(JdbcClient.create(ds), since, pageSize, f -> out.println(String.join(" ",
                    f.check().verdict().name(), f.messageType(), f.reference(), f.identifier(), f.id().toString(),
                    f.createdAt().atZoneSameInstant(RuleSettings.TAIPEI).truncatedTo(ChronoUnit.SECONDS).format(CREATED),
                    f.check().problem())));
        } catch (RuntimeException e) {
            out.flush();
            throw new CliExit(UNREACHABLE, "archive verify: cannot read " + ds.getUrl() + ": " + e.getMessage());
        } finally {
            ds.destroy();
        }
        out.printf("checked %d: %d intact signed, %d intact hash-only, %d unsealed, %d altered%n", summary.checked(),
                summary.intactSigned(), summary.intactHashOnly(), summary.unsealed(), summary.altered());
        return summary.altered() > 0 ? CliExit.FAILED : 0;
    }

    private OffsetDateTime since() {
        if (from == null) {
            return null;
        }
        try {
            return LocalDate.parse(from).atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--from must be a date (yyyy-MM-dd): " + from);
        }
    }
}
