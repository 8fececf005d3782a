package tw.einvoice.hub.cli;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.mediafile.MediaFile;
import tw.einvoice.hub.mediafile.MediaFileProperties;
import tw.einvoice.hub.mediafile.MediaFiles;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** Reads the hub's database directly over JDBC ({@link HubDatabase}): no Spring, no server. */
@Command(name = "media-file", mixinStandardHelpOptions = true,
        description = {"Writes the 401 business-tax media file (81-byte records, ASCII, CRLF) of a seller and period, "
                + "and prints its validation report. Sales only: purchase vouchers come through the running hub "
                + "(GET /api/v1/media-file).",
                "Tax registration number (稅籍編號): --tax-registration-no, else " + MediaFileProperties.ENVIRONMENT
                        + " (BAN=number,…).",
                HubDatabase.DESCRIPTION},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:database not reachable", "2:usage error", "3:the report has errors: nothing written"})
class MediaFileCommand implements Callable<Integer> {

    static final int NOT_WRITTEN = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    HubDatabase database;
    @Option(names = "--period", required = true, description = "the period (yyyMM, the even closing month, e.g. 11508)")
    String period;
    @Option(names = "--out", required = true, description = "the file to write (replaced whole, never half-written)")
    Path out;
    @Option(names = "--seller", description = "the seller (BAN); needed when the period has several")
    String seller;
    @Option(names = "--tax-registration-no", description = "the seller's tax registration number (9 digits)")
    String taxRegistrationNo;
    @Option(names = "--b2c-tax-inclusive", arity = "1", description = "consumer sales with tax included and tax 0 "
            + "(true|false; default " + MediaFileProperties.B2C_TAX_INCLUSIVE_ENVIRONMENT + ", else true)")
    Boolean b2cTaxInclusive;

    private final Clock clock;

    MediaFileCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        TaxPeriod taxPeriod;
        try {
            taxPeriod = TaxPeriod.parse(period);
        } catch (IllegalArgumentException e) {
            throw new CliExit(CliExit.USAGE, "media-file: --period " + e.getMessage());
        }
        SingleConnectionDataSource ds = database.dataSource("media-file", 1);
        MediaFile file;
        try {
            JdbcClient jdbc = JdbcClient.create(ds);
            String sellerId = seller != null ? seller : onlySeller(jdbc, taxPeriod);
            file = MediaFiles.build(jdbc, sellerId, taxPeriod, settings(sellerId), List.of(),
                    "none: the CLI reads no purchase vouchers (the running hub's GET /api/v1/media-file includes them)",
                    LocalDate.now(clock.withZone(RuleSettings.TAIPEI)));
        } catch (CliExit e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliExit(1, "media-file: cannot read " + ds.getUrl() + ": " + e.getMessage());
        } finally {
            ds.destroy();
        }
        file.report().summary().forEach(stdout::println);
        if (!file.report().writable()) {
            spec.commandLine().getErr().println("media-file: " + file.report().errors().size() + " errors: nothing written to " + out);
            return NOT_WRITTEN;
        }
        write(file.bytes());
        stdout.println("wrote " + file.entries().size() + " records to " + out);
        return 0;
    }

    private String onlySeller(JdbcClient jdbc, TaxPeriod taxPeriod) {
        List<String> sellers = MediaFiles.sellers(jdbc, taxPeriod);
        if (sellers.size() != 1) {
            throw new CliExit(CliExit.USAGE, "media-file: give --seller: period " + taxPeriod.code() + " has "
                    + (sellers.isEmpty() ? "no seller" : "sellers " + String.join(", ", sellers)));
        }
        return sellers.get(0);
    }

    /** The options, else the same environment variables the hub reads its hub.media-file settings from. */
    private MediaFiles.Settings settings(String sellerId) {
        String number = taxRegistrationNo;
        if (number == null) {
            try {
                number = MediaFileProperties.parse(System.getenv(MediaFileProperties.ENVIRONMENT)).get(sellerId);
            } catch (IllegalArgumentException e) {
                throw new CliExit(CliExit.USAGE, "media-file: " + MediaFileProperties.ENVIRONMENT + ": " + e.getMessage());
            }
        }
        Boolean inclusive = b2cTaxInclusive;
        if (inclusive == null) {
            String env = System.getenv(MediaFileProperties.B2C_TAX_INCLUSIVE_ENVIRONMENT);
            inclusive = env == null || env.isBlank() || Boolean.parseBoolean(env.strip());
        }
        return new MediaFiles.Settings(number, inclusive);
    }

    /** Beside the target first, then renamed over it: a crash leaves the old file or the new one, never half of one. */
    private void write(byte[] bytes) {
        Path target = out.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliExit(CliExit.USAGE, "media-file: cannot write " + out + ": " + e.getMessage());
        }
    }
}
