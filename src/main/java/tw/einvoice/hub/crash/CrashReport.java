package tw.einvoice.hub.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a crash run did and found: where each kill landed and how long the hub took to come back, then every claim
 * checked against the hub's ledger, its UpCast folders, Turnkey's log and the callback receiver.
 *
 * @param invoices  valid records sent (each must end CONFIRMED)
 * @param invalid   broken records sent (each must be kept as a rejected record)
 * @param kills     the kills, in order
 * @param findings  what the checks found once the hub had finished
 * @param finished  whether everything was confirmed and called back before the time ran out
 * @param took      the whole run
 */
public record CrashReport(int invoices, int invalid, long seed, List<Kill> kills, Findings findings, boolean finished,
                          Duration took) {

    /**
     * One kill.
     *
     * @param aimedAt         the stage it waited for
     * @param hit             whether that stage was at work when it fell (else the time to wait for it ran out)
     * @param landedIn        every stage at work at that moment
     * @param waiting         the counts where work waited
     * @param withDatabase    whether the hub's PostgreSQL was killed with it (else it was left running, orphaned)
     * @param upSeconds       start after the kill → health UP, in seconds
     * @param progressSeconds start after the kill → the first invoice, number, hand-over, answer or callback, in seconds;
     *                        null when nothing moved (nothing was left to do)
     */
    public record Kill(int number, Stage aimedAt, boolean hit, Set<Stage> landedIn, String waiting, boolean withDatabase,
                       double upSeconds, Double progressSeconds) {
    }

    /** A range of the demo seller and the numbers the run took from it. */
    public record RangeUse(String branch, String track, int begin, int end, int next, int used) {
    }

    /**
     * @param stored              invoices the ledger holds for the run's valid records
     * @param missing             valid records without an invoice
     * @param unexpected          invoices made from records that were not valid
     * @param notConfirmed        invoices not CONFIRMED, with their status
     * @param confirmedTwice      invoices whose history has CONFIRMED more than once
     * @param statusRepeated      invoices whose history enters some status more than once
     * @param ranges              the ranges numbered from
     * @param duplicateNumbers    numbers held by more than one invoice
     * @param gaps                numbers below a range's next number that no invoice holds
     * @param outsideRanges       numbers not taken from a range's used part, or not from their branch's range
     * @param upCastFiles         F0401 files in UpCast (SRC, BAK and ERR)
     * @param inBak               of which in BAK
     * @param messages            F0401 messages of the run
     * @param notOneFile          messages with no file or more than one, by file name
     * @param identifiersNotOne   identifiers with no file or more than one
     * @param strayFiles          files that are no message of the run
     * @param partFiles           temporary files left beside SRC by a write the kill cut short
     * @param turnkeyNotOneRow    identifiers Turnkey's log has other than once, or not confirmed
     * @param callbacksExpected   outcomes (ISSUED and CONFIRMED of every invoice)
     * @param callbacksDelivered  distinct idempotency keys the receiver took
     * @param deliveries          deliveries in all
     * @param callbacksMissing    outcomes never delivered
     * @param callbacksUnexpected keys delivered that are no outcome of the run
     * @param outboxRows          callback_outbox rows of the run (one per outcome)
     * @param badSignatures       deliveries whose signature did not verify
     * @param rejectedExpected    broken records sent
     * @param rejectedKept        of them kept as one open rejected record with the expected reason
     * @param rejectedMissing     broken records with no rejected record
     * @param rejectedWrong       broken records kept without the expected reason, or more than once
     * @param deadLetters         queue messages dead-lettered during the run
     * @param posts               POSTs sent
     * @param unanswered          POSTs that got no answer (killed under them, or not yet listening), sent again
     * @param unavailable         POSTs answered 503, sent again
     */
    public record Findings(int stored, List<String> missing, List<String> unexpected, List<String> notConfirmed,
                           List<String> confirmedTwice, List<String> statusRepeated, List<RangeUse> ranges,
                           List<String> duplicateNumbers, List<String> gaps, List<String> outsideRanges,
                           int upCastFiles, int inBak, int messages, List<String> notOneFile,
                           List<String> identifiersNotOne, List<String> strayFiles, int partFiles,
                           List<String> turnkeyNotOneRow, int callbacksExpected, int callbacksDelivered, int deliveries,
                           List<String> callbacksMissing, List<String> callbacksUnexpected, int outboxRows,
                           int badSignatures, int rejectedExpected, int rejectedKept, List<String> rejectedMissing,
                           List<String> rejectedWrong, int deadLetters, int posts, int unanswered, int unavailable) {

        public int numbered() {
            return ranges.stream().mapToInt(RangeUse::used).sum();
        }

        /** Deliveries of an outcome beyond its first. */
        public int callbacksRepeated() {
            return deliveries - callbacksDelivered;
        }
    }

    /** Every claim the run did not keep, one line each; empty when it kept them all. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        Findings f = findings;
        if (!finished) {
            p.add("the hub had not finished (every invoice CONFIRMED, every callback delivered) when the time ran out");
        }
        add(p, "valid records without an invoice", f.missing());
        add(p, "invoices made from broken records", f.unexpected());
        if (f.stored() != invoices) {
            p.add("invoices stored: " + f.stored() + " for " + invoices + " valid records");
        }
        add(p, "invoices not CONFIRMED", f.notConfirmed());
        add(p, "invoices CONFIRMED more than once", f.confirmedTwice());
        add(p, "invoices entering a status more than once", f.statusRepeated());
        add(p, "numbers held by more than one invoice", f.duplicateNumbers());
        add(p, "gaps in a range", f.gaps());
        add(p, "numbers outside a range's used part", f.outsideRanges());
        if (f.numbered() != invoices) {
            p.add("numbers taken: " + f.numbered() + " for " + invoices + " invoices");
        }
        add(p, "messages without exactly one UpCast file", f.notOneFile());
        add(p, "identifiers without exactly one UpCast file", f.identifiersNotOne());
        add(p, "UpCast files that are no message of the run", f.strayFiles());
        add(p, "identifiers without exactly one confirmed row in Turnkey's log", f.turnkeyNotOneRow());
        add(p, "outcomes never called back", f.callbacksMissing());
        add(p, "callbacks that are no outcome of the run", f.callbacksUnexpected());
        if (f.outboxRows() != f.callbacksExpected()) {
            p.add("callback outbox rows: " + f.outboxRows() + " for " + f.callbacksExpected() + " outcomes");
        }
        if (f.badSignatures() > 0) {
            p.add("callbacks with a bad signature: " + f.badSignatures());
        }
        add(p, "broken records not kept as rejected records", f.rejectedMissing());
        add(p, "broken records kept without their reason, or twice", f.rejectedWrong());
        if (f.deadLetters() > 0) {
            p.add("queue messages dead-lettered: " + f.deadLetters());
        }
        return p;
    }

    private static void add(List<String> problems, String what, List<String> items) {
        if (!items.isEmpty()) {
            problems.add(what + ": " + items.size() + " " + sample(items));
        }
    }

    private static String sample(List<String> items) {
        return items.stream().limit(10).collect(Collectors.joining(", ", "(", items.size() > 10 ? ", …)" : ")"));
    }

    /** The table a closing note quotes: the kills, then the counts each claim rests on. */
    public String table() {
        StringBuilder t = new StringBuilder();
        Findings f = findings;
        t.append("%,d invoices + %,d broken records, %d kills (seed %d), %s%n".formatted(invoices, invalid, kills.size(), seed,
                finished ? "finished in " + minutes(took) : "NOT finished after " + minutes(took)));
        t.append("| # | aimed at | landed in (stages at work) | waiting at the kill | killed | start→UP | start→progress |%n"
                .formatted());
        t.append("|---|---|---|---|---|---|---|%n".formatted());
        for (Kill k : kills) {
            t.append("| %d | %s%s | %s | %s | %s | %.1f s | %s |%n".formatted(k.number(), k.aimedAt().label(),
                    k.hit() ? "" : " (missed)", k.landedIn().isEmpty() ? "idle" : k.landedIn().stream().sorted()
                            .map(Stage::label).collect(Collectors.joining(", ")), k.waiting(),
                    k.withDatabase() ? "hub + its PostgreSQL" : "hub (PostgreSQL orphaned)", k.upSeconds(),
                    k.progressSeconds() == null ? "nothing left" : "%.1f s".formatted(k.progressSeconds())));
        }
        t.append("invoices: %,d stored, %,d CONFIRMED exactly once, %d not confirmed, %d missing, %d confirmed twice%n"
                .formatted(f.stored(), f.stored() - f.notConfirmed().size() - f.confirmedTwice().size(),
                        f.notConfirmed().size(), f.missing().size(), f.confirmedTwice().size()));
        t.append("numbers: %,d taken from %s; duplicates %d, gaps %d, outside %d%n".formatted(f.numbered(),
                f.ranges().stream().map(r -> "%s %s%08d–%s%08d".formatted(r.branch(), r.track(), r.begin(), r.track(), r.next() - 1))
                        .collect(Collectors.joining(", ")), f.duplicateNumbers().size(), f.gaps().size(),
                f.outsideRanges().size()));
        t.append("UpCast: %,d F0401 files (%,d in BAK) for %,d messages; messages without exactly one file %d, "
                .formatted(f.upCastFiles(), f.inBak(), f.messages(), f.notOneFile().size()))
                .append("identifiers without exactly one %d, stray %d, cut-short temporary files %d; Turnkey log rows not one C %d%n"
                        .formatted(f.identifiersNotOne().size(), f.strayFiles().size(), f.partFiles(),
                                f.turnkeyNotOneRow().size()));
        t.append("callbacks: %,d outcomes, %,d delivered, %,d delivered again (duplicates, by idempotency key), %d missing%n"
                .formatted(f.callbacksExpected(), f.callbacksDelivered(), f.callbacksRepeated(), f.callbacksMissing().size()));
        t.append("rejected records: %d sent, %d kept with their reason, %d lost, %d wrong%n".formatted(f.rejectedExpected(),
                f.rejectedKept(), f.rejectedMissing().size(), f.rejectedWrong().size()));
        t.append("intake: %d POSTs, %d unanswered and sent again, %d answered 503; dead letters %d%n".formatted(f.posts(),
                f.unanswered(), f.unavailable(), f.deadLetters()));
        return t.toString();
    }

    private static String minutes(Duration d) {
        return "%dm%02ds".formatted(d.toMinutes(), d.toSecondsPart());
    }
}
