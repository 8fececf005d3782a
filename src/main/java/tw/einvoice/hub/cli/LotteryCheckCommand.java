package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.lottery.Prize;
import tw.einvoice.hub.lottery.WinningNumbers;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks invoice numbers against a period's winning numbers (highest prize only).",
                "FILE.json: {\"period\":\"11508\",\"special\":\"…\",\"grand\":\"…\",\"first\":[\"…\",\"…\",\"…\"],\"additionalSixth\":[\"…\"]}"
                        + " (or the MOF QryWinningList answer).",
                "Prints one line per number: '<number> <prize> <amount>', prize one of special grand first second third fourth"
                        + " fifth sixth additional-sixth none, amount in NTD."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:checked (whatever the prizes)", "1:a NUMBER is not an invoice number (the others are still printed)",
                "2:usage error or unreadable winning numbers"})
final class LotteryCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--numbers", required = true, paramLabel = "FILE.json", description = "The period's winning numbers")
    Path numbersFile;

    @Parameters(arity = "1..*", paramLabel = "NUMBER", description = "Full invoice numbers, e.g. AB12345678")
    List<String> invoiceNumbers;

    @Override
    public Integer call() {
        String text = CliFiles.read("lottery check", numbersFile);
        WinningNumbers numbers;
        try {
            numbers = WinningNumbers.fromJson(text.getBytes(StandardCharsets.UTF_8), null);
        } catch (IllegalArgumentException e) {
            throw new CliExit(CliExit.USAGE, "lottery check: " + numbersFile + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        for (String number : invoiceNumbers) {
            try {
                Prize prize = numbers.prizeOf(number);
                out.println(number + " " + prize.code() + " " + prize.amount());
            } catch (IllegalArgumentException e) {
                err.println("lottery check: " + e.getMessage());
                exit = CliExit.FAILED;
            }
        }
        return exit;
    }
}
