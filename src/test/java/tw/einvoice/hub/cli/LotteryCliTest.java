package tw.einvoice.hub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class LotteryCliTest {

    static final String NUMBERS = """
            {"period":"11508","special":"87510041","grand":"32220522","first":["21677046","31478326","98223432"],"additionalSixth":["555"]}""";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCli.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void lotteryCheckPrintsOneLinePerNumberWithPrizeAndAmountInTheGivenOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("11508.json"), NUMBERS);

        Run run = run("lottery", "check", "--numbers", file.toString(), "AB87510041", "AB32220522", "AB21677046", "CD11677046",
                "CD12677046", "EF00077046", "EF00007046", "GH00000046", "GH00000555", "AB97510041", "AB12345678");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList()).containsExactly(
                "AB87510041 special 10000000",
                "AB32220522 grand 2000000",
                "AB21677046 first 200000",
                "CD11677046 second 40000",
                "CD12677046 third 10000",
                "EF00077046 fourth 4000",
                "EF00007046 fifth 1000",
                "GH00000046 sixth 200",
                "GH00000555 additional-sixth 200",
                "AB97510041 none 0",
                "AB12345678 none 0");
    }

    @Test
    void aBadNumberIsNamedOnStderrTheOthersStillPrintAndTheExitIsOne() throws Exception {
        Path file = Files.writeString(dir.resolve("11508.json"), NUMBERS);

        Run run = run("lottery", "check", "--numbers", file.toString(), "AB2167704", "AB21677046");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().toList()).containsExactly("AB21677046 first 200000");
        assertThat(run.err()).contains("got AB2167704");
    }

    @Test
    void unreadableOrWrongWinningNumbersAreAUsageErrorNamingTheField() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.json"), NUMBERS.replace("\"87510041\"", "\"8751\""));

        Run missing = run("lottery", "check", "--numbers", dir.resolve("none.json").toString(), "AB21677046");
        Run bad = run("lottery", "check", "--numbers", wrong.toString(), "AB21677046");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("special: 8 digits expected, got 8751");
        assertThat(bad.out()).isEmpty();
    }
}
