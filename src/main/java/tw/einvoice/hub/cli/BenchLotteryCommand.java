package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tw.einvoice.hub.lottery.Prize;
import tw.einvoice.hub.lottery.WinningNumbers;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "lottery", mixinStandardHelpOptions = true,
        description = "Invoices matched per second against a period's winning numbers, in memory on one thread, over "
                + "generated invoice numbers (default a period of 10,000,000 carrier invoices).")
class BenchLotteryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--invoices", defaultValue = "10000000", description = "Invoices in the period (default ${DEFAULT-VALUE}).")
    int invoices;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed passes over all invoices; the best is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "11508", description = "Seed of the generated numbers (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        WinningNumbers numbers = new WinningNumbers("11508", "87510041", "32220522", List.of("21677046", "31478326", "98223432"),
                List.of("555"));
        WinningNumbers.Matcher matcher = numbers.matcher();
        // the numbers of one period: random 8 digits, as many tracks' ranges would give
        SplittableRandom random = new SplittableRandom(seed);
        int[] digits = new int[invoices];
        for (int i = 0; i < invoices; i++) {
            digits[i] = random.nextInt(100_000_000);
        }
        out.printf("lottery: %,d generated invoice numbers, period %s, one thread, matching in memory%n", invoices, numbers.period());
        // one untimed pass lets the JIT compile the matcher before anything is timed
        pass(matcher, digits, new EnumMap<>(Prize.class));
        double best = Double.MAX_VALUE;
        Map<Prize, Integer> won = new EnumMap<>(Prize.class);
        for (int r = 0; r < rounds; r++) {
            won = new EnumMap<>(Prize.class);
            long start = System.nanoTime();
            pass(matcher, digits, won);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            out.printf("round %d: %.3f s, %,.0f invoices/s%n", r + 1, seconds, invoices / seconds);
        }
        long amount = won.entrySet().stream().mapToLong(e -> e.getKey().amount() * e.getValue()).sum();
        out.printf("best: %,.0f invoices matched/s (%.3f s for %,d)%n", invoices / best, best, invoices);
        out.printf("winners: %,d (%s), NT$%,d in prizes%n", won.values().stream().mapToInt(Integer::intValue).sum(), won, amount);
        return 0;
    }

    private static void pass(WinningNumbers.Matcher matcher, int[] digits, Map<Prize, Integer> won) {
        int[] counts = new int[Prize.values().length];
        for (int d : digits) {
            counts[matcher.prizeOf(d).ordinal()]++;
        }
        for (Prize p : Prize.values()) {
            if (p != Prize.NONE && counts[p.ordinal()] > 0) {
                won.put(p, counts[p.ordinal()]);
            }
        }
    }
}
