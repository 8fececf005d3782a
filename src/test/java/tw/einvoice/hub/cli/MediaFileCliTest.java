package tw.einvoice.hub.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.mediafile.Ledger;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.einvoice.hub.mediafile.Ledger.SELLER;

/** {@code media-file} against a real PostgreSQL holding the hub's schema, as finance runs it beside the hub. */
class MediaFileCliTest {

    static final String OTHER_SELLER = "12345676";
    static final Clock AFTER_THE_PERIOD = Clock.fixed(Instant.parse("2026-09-15T02:00:00Z"), ZoneOffset.UTC);

    static Ledger ledger;

    @TempDir
    Path folder;

    @BeforeAll
    static void database() throws Exception {
        ledger = Ledger.start();
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
    }

    @BeforeEach
    void period() {
        ledger.clear();
        // AB 0–99 assigned; TPE01 holds 0–49 and used 0–2; 50–99 never allocated
        ledger.assignment(SELLER, "11508", "AB", 0, 99);
        ledger.range(SELLER, "TPE01", "11508", "AB", 0, 49, 3);
        ledger.invoice(SELLER, "AB00000000", "2026-07-02T10:00:00+08:00", "CONFIRMED", OTHER_SELLER, "1", 1000, 50);
        ledger.invoice(SELLER, "AB00000001", "2026-08-03T10:00:00+08:00", "CONFIRMED", null, "1", 200, 10);
        ledger.invoice(SELLER, "AB00000002", "2026-08-04T10:00:00+08:00", "CANCELLED", OTHER_SELLER, "1", 300, 15);
    }

    record Result(int exitCode, List<String> out, String err) {
    }

    private static Result hub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCli.run(args, new PrintWriter(out), new PrintWriter(err), AFTER_THE_PERIOD);
        return new Result(code, out.toString().lines().toList(), err.toString());
    }

    private Result mediaFile(Path file, String... more) {
        String[] base = {"media-file", "--db-url", ledger.url(), "--period", "11508", "--out", file.toString(),
                "--tax-registration-no", "123456789"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return hub(args);
    }

    @Test
    void writesTheOnlySellersSalesCancelledAndBlankRecordsAndPrintsTheReport() throws Exception {
        Path file = folder.resolve("out").resolve("401.txt");

        Result result = mediaFile(file);

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(text.split("\r\n", -1)).containsExactly(
                "35123456789000000111507" + OTHER_SELLER + SELLER + "AB00000000" + "000000001000" + "1" + "0000000050" + "         ",
                "35123456789000000211508" + "        " + SELLER + "AB00000001" + "000000000210" + "1" + "0000000000" + "         ",
                "35123456789000000311508" + "        " + SELLER + "AB00000002" + "000000000000" + "F" + "0000000000" + "         ",
                "35123456789000000411508" + "00000099" + SELLER + "AB00000003" + "000000000000" + "D" + "0000000000" + "       A ",
                "");
        assertThat(result.out()).containsExactly(
                "media file 04595257 period 11508: 4 records {PURCHASE=0, SALE=2, CANCELLED=1, BLANK=1}",
                "format codes: {35=4}",
                "sales tax type 1: 2 records, sales 1210, tax 50",
                "sales tax type D: 1 records, sales 0, tax 0",
                "sales tax type F: 1 records, sales 0, tax 0",
                "purchases: none: the CLI reads no purchase vouchers (the running hub's GET /api/v1/media-file includes them)",
                "wrote 4 records to " + file);
    }

    @Test
    void aPeriodWithSeveralSellersNeedsSellerAndThenHoldsOnlyThatSellersRecords() throws Exception {
        ledger.invoice(OTHER_SELLER, "CD00000001", "2026-07-02T10:00:00+08:00", "CONFIRMED", null, "1", 100, 5);
        Path file = folder.resolve("401.txt");

        Result refused = mediaFile(file);
        Result other = mediaFile(file, "--seller", OTHER_SELLER);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("media-file: give --seller: period 11508 has sellers 04595257, 12345676");
        assertThat(other.exitCode()).isZero();
        assertThat(Files.readString(file, StandardCharsets.US_ASCII).split("\r\n")).singleElement()
                .satisfies(r -> assertThat(r.substring(31, 49)).isEqualTo(OTHER_SELLER + "CD00000001"));
        assertThat(other.out()).contains("WARNING sale CD00000001 of 2026-07-02 number (40-49): outside the seller's ranges of period 11508");
    }

    @Test
    void aReportWithErrorsWritesNothingAndLeavesAnEarlierFileAlone() throws Exception {
        Path file = folder.resolve("401.txt");
        Files.writeString(file, "earlier");
        ledger.invoice(SELLER, "AB00000003", "2026-07-09T10:00:00+08:00", "CONFIRMED", OTHER_SELLER, "1", 1_000_000_000_000L, 0);

        Result result = mediaFile(file);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains(
                "ERROR sale AB00000003 of 2026-07-09 sales amount (50-61) '1000000000000' is wider than its 12 positions");
        assertThat(result.err()).startsWith("media-file: 1 errors: nothing written to " + file);
        assertThat(Files.readString(file)).isEqualTo("earlier");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aPeriodThatIsNotAnEvenClosingMonthIsAUsageError() {
        Result result = hub("media-file", "--db-url", ledger.url(), "--period", "11507", "--out", folder.resolve("x").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("media-file: --period closing month must be even 2..12: 7");
        assertThat(folder.resolve("x")).doesNotExist();
    }

    @Test
    void anUnreachableDatabaseExitsOneWithoutItsPassword() {
        Result result = hub("media-file", "--db-url", "jdbc:postgresql://127.0.0.1:1/hub", "--db-password", "s3cret",
                "--period", "11508", "--seller", SELLER, "--out", folder.resolve("x").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("media-file: cannot read jdbc:postgresql://127.0.0.1:1/hub: ").doesNotContain("s3cret");
        assertThat(folder.resolve("x")).doesNotExist();
    }
}
