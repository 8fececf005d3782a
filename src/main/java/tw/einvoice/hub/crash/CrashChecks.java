package tw.einvoice.hub.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The claims of a crash run, checked once the hub has finished: read from the hub's ledger and Turnkey's log (over
 * JDBC), the UpCast folders, the callback receiver and what the feeder was answered.
 */
final class CrashChecks {

    private static final Pattern NUMBER = Pattern.compile("<InvoiceNumber>([A-Z]{2}\\d{8})</InvoiceNumber>");
    private static final Pattern DATE = Pattern.compile("<InvoiceDate>(\\d{8})</InvoiceDate>");
    private static final Pattern CLASH_SUFFIX = Pattern.compile("\\.\\d{3}$");

    private CrashChecks() {
    }

    static CrashReport.Findings check(HubDatabase hub, Path dataDir, List<CrashRecords.Record> records,
                                      CallbackReceiver receiver, InvoiceFeeder feeder) throws SQLException {
        Set<String> valid = new HashSet<>();
        Map<String, String> broken = new HashMap<>();
        for (CrashRecords.Record r : records) {
            if (r.valid()) {
                valid.add(r.sourceRef());
            } else {
                broken.put(r.sourceRef(), r.expectedViolation());
            }
        }
        try (Connection c = hub.open(HubDatabase.LEDGER); Connection turnkey = hub.open(HubDatabase.TURNKEY)) {
            Ledger ledger = ledger(c);
            List<String> missing = new ArrayList<>();
            valid.stream().filter(ref -> !ledger.invoices.containsKey(ref)).sorted().forEach(missing::add);
            List<String> unexpected = ledger.invoices.keySet().stream().filter(ref -> !valid.contains(ref)).sorted().toList();
            List<String> notConfirmed = ledger.invoices.values().stream().filter(i -> !"CONFIRMED".equals(i.status))
                    .map(i -> i.sourceRef + " " + i.status).sorted().toList();

            List<String> confirmedTwice = new ArrayList<>();
            List<String> statusRepeated = new ArrayList<>();
            ledger.history.forEach((ref, entered) -> entered.forEach((status, times) -> {
                if (times > 1) {
                    (status.equals("CONFIRMED") ? confirmedTwice : statusRepeated).add(ref + " " + status + "×" + times);
                }
            }));

            Numbers numbers = numbers(c, ledger);
            UpCastFiles upCast = files(dataDir, ledger.messages);
            List<String> turnkeyNotOne = turnkeyRows(turnkey, ledger.messages.values());
            Callbacks callbacks = callbacks(c, ledger, receiver);
            Rejections rejections = rejections(c, broken);
            int deadLetters = count(c, "SELECT count(*) FROM finance_alert WHERE kind = 'DEAD_LETTER'");

            return new CrashReport.Findings(ledger.invoices.size(), missing, unexpected, notConfirmed, confirmedTwice,
                    statusRepeated, numbers.ranges, numbers.duplicates, numbers.gaps, numbers.outside,
                    upCast.total, upCast.inBak, ledger.messages.size(), upCast.notOneFile, upCast.identifiersNotOne,
                    upCast.stray, upCast.partFiles, turnkeyNotOne, callbacks.expected, callbacks.delivered,
                    callbacks.deliveries, callbacks.missing, callbacks.unexpected, callbacks.outboxRows,
                    receiver.badSignatures(), broken.size(), rejections.kept, rejections.missing, rejections.wrong,
                    deadLetters, feeder.posts(), feeder.unanswered(), feeder.unavailable());
        }
    }

    private record Invoice(String id, String sourceRef, String status, String number, String branch) {
    }

    private record Message(String fileName, String identifier) {
    }

    /** The run's invoices by source reference, how often each entered each status, and their F0401s by file name. */
    private record Ledger(Map<String, Invoice> invoices, Map<String, Map<String, Integer>> history,
                          Map<String, Message> messages) {
    }

    private static Ledger ledger(Connection c) throws SQLException {
        Map<String, Invoice> invoices = new HashMap<>();
        query(c, "SELECT id::text, source_ref, status, invoice_number, branch_id FROM invoice WHERE connector = ?",
                rs -> invoices.put(rs.getString(2), new Invoice(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))));
        Map<String, Map<String, Integer>> history = new HashMap<>();
        query(c, """
                SELECT i.source_ref, h.to_status, count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                WHERE i.connector = ? AND h.from_status IS DISTINCT FROM h.to_status GROUP BY 1, 2""",
                rs -> history.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3)));
        Map<String, Message> messages = new HashMap<>();
        query(c, """
                SELECT m.file_name, m.identifier FROM invoice_message m JOIN invoice i ON i.id = m.invoice_id
                WHERE i.connector = ? AND m.message_type = 'F0401'""",
                rs -> messages.put(rs.getString(1), new Message(rs.getString(1), rs.getString(2))));
        return new Ledger(invoices, history, messages);
    }

    private record Numbers(List<CrashReport.RangeUse> ranges, List<String> duplicates, List<String> gaps,
                           List<String> outside) {
    }

    /** Per range of the demo seller: the numbers below its next number must be held, each by exactly one invoice. */
    private static Numbers numbers(Connection c, Ledger ledger) throws SQLException {
        Map<String, Integer> holders = new HashMap<>();
        query(c, "SELECT invoice_number, count(*) FROM invoice WHERE seller_id = ? AND invoice_number IS NOT NULL GROUP BY 1",
                CrashRecords.SELLER, rs -> holders.put(rs.getString(1), rs.getInt(2)));
        List<String> duplicates = holders.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + "×" + e.getValue()).sorted().toList();
        List<CrashReport.RangeUse> ranges = new ArrayList<>();
        query(c, """
                SELECT branch_id, track, begin_no, end_no, next_no FROM number_range
                WHERE seller_id = ? AND next_no > begin_no ORDER BY track, begin_no""", CrashRecords.SELLER,
                rs -> ranges.add(new CrashReport.RangeUse(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(5) - rs.getInt(3))));
        List<String> gaps = new ArrayList<>();
        Set<String> inRanges = new HashSet<>();
        for (CrashReport.RangeUse r : ranges) {
            for (int n = r.begin(); n < r.next(); n++) {
                String number = r.track() + "%08d".formatted(n);
                inRanges.add(number);
                if (!holders.containsKey(number)) {
                    gaps.add(number + " (" + r.branch() + ")");
                }
            }
        }
        List<String> outside = new ArrayList<>(holders.keySet().stream().filter(n -> !inRanges.contains(n)).sorted().toList());
        // and every invoice of the run numbered from its own branch's range
        ledger.invoices.values().stream().filter(i -> i.number != null)
                .filter(i -> ranges.stream().noneMatch(r -> r.branch().equals(i.branch) && i.number.startsWith(r.track())
                        && inside(i.number.substring(2), r)))
                .map(i -> i.number + " not from " + i.branch + "'s range").sorted().forEach(outside::add);
        return new Numbers(ranges, duplicates, gaps, outside);
    }

    private static boolean inside(String digits, CrashReport.RangeUse r) {
        int n = Integer.parseInt(digits);
        return n >= r.begin() && n < r.next();
    }

    private record UpCastFiles(int total, int inBak, List<String> notOneFile, List<String> identifiersNotOne,
                         List<String> stray, int partFiles) {
    }

    /** Every F0401 file in UpCast's SRC, BAK and ERR, matched to the run's messages by name and by what it says. */
    private static UpCastFiles files(Path dataDir, Map<String, Message> messages) {
        Path f0401 = dataDir.resolve("turnkey/UpCast/B2SSTORAGE/F0401");
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byIdentifier = new HashMap<>();
        int total = 0;
        int inBak = 0;
        List<String> stray = new ArrayList<>();
        for (String folder : List.of("SRC", "BAK", "ERR")) {
            Path root = f0401.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    total++;
                    inBak += folder.equals("BAK") ? 1 : 0;
                    String name = CLASH_SUFFIX.matcher(file.getFileName().toString()).replaceFirst("");
                    if (!messages.containsKey(name)) {
                        stray.add(folder + "/" + file.getFileName());
                    }
                    byName.merge(name, 1, Integer::sum);
                    byIdentifier.merge(identifier(file), 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("UpCast folder " + root + " could not be read", e);
            }
        }
        List<String> notOne = new ArrayList<>();
        List<String> identifiersNotOne = new ArrayList<>();
        for (Message m : messages.values()) {
            int files = byName.getOrDefault(m.fileName(), 0);
            if (files != 1) {
                notOne.add(m.fileName() + " ×" + files);
            }
            int sameIdentifier = byIdentifier.getOrDefault(m.identifier(), 0);
            if (sameIdentifier != 1) {
                identifiersNotOne.add(m.identifier() + " ×" + sameIdentifier);
            }
        }
        int parts;
        try (Stream<Path> beside = Files.list(f0401)) {
            parts = (int) beside.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        } catch (IOException e) {
            parts = 0;
        }
        notOne.sort(null);
        identifiersNotOne.sort(null);
        return new UpCastFiles(total, inBak, notOne, identifiersNotOne, stray, parts);
    }

    /** Turnkey's INVOICE_IDENTIFIER for an F0401 file: {@code F0401<InvoiceNumber><InvoiceDate>}. */
    private static String identifier(Path file) {
        try {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            Matcher number = NUMBER.matcher(xml);
            Matcher date = DATE.matcher(xml);
            return number.find() && date.find() ? "F0401" + number.group(1) + date.group(1) : "unreadable " + file.getFileName();
        } catch (IOException e) {
            return "unreadable " + file.getFileName();
        }
    }

    private static List<String> turnkeyRows(Connection turnkey, java.util.Collection<Message> messages) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        query(turnkey, """
                SELECT invoice_identifier, string_agg(status, '' ORDER BY seqno) FROM turnkey_message_log
                WHERE message_type = 'F0401' AND in_out_bound = 'O' GROUP BY 1""",
                rs -> statuses.put(rs.getString(1), rs.getString(2)));
        List<String> wrong = new ArrayList<>();
        for (Message m : messages) {
            String rows = statuses.getOrDefault(m.identifier(), "");
            if (!rows.equals("C")) {
                wrong.add(m.identifier() + " [" + rows + "]");
            }
        }
        wrong.sort(null);
        return wrong;
    }

    private record Callbacks(int expected, int delivered, int deliveries, List<String> missing, List<String> unexpected,
                             int outboxRows) {
    }

    /** Each invoice's ISSUED and CONFIRMED, keyed {@code <number>:<STATUS>} as the hub keys them. */
    private static Callbacks callbacks(Connection c, Ledger ledger, CallbackReceiver receiver) throws SQLException {
        Set<String> expected = new HashSet<>();
        for (Invoice i : ledger.invoices.values()) {
            if (i.number != null) {
                expected.add(i.number + ":ISSUED");
                expected.add(i.number + ":CONFIRMED");
            }
        }
        Map<String, Integer> got = receiver.deliveries();
        List<String> missing = expected.stream().filter(k -> !got.containsKey(k)).sorted().toList();
        List<String> unexpected = got.keySet().stream().filter(k -> !expected.contains(k)).sorted().toList();
        int deliveries = got.values().stream().mapToInt(Integer::intValue).sum();
        int rows = count(c, "SELECT count(*) FROM callback_outbox WHERE connector = '" + CrashRecords.CONNECTOR + "'");
        return new Callbacks(expected.size(), got.size(), deliveries, missing, unexpected, rows);
    }

    private record Rejections(int kept, List<String> missing, List<String> wrong) {
    }

    /** Each broken record: exactly one rejected record, open, whose violations name the expected code. */
    private static Rejections rejections(Connection c, Map<String, String> broken) throws SQLException {
        Map<String, List<String>> kept = new HashMap<>();
        query(c, "SELECT source_ref, status || ' ' || violations::text FROM rejected_record WHERE connector = ?",
                rs -> kept.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int ok = 0;
        for (var e : broken.entrySet()) {
            List<String> rows = kept.getOrDefault(e.getKey(), List.of());
            if (rows.isEmpty()) {
                missing.add(e.getKey());
            } else if (rows.size() > 1 || !rows.get(0).startsWith("OPEN ") || !rows.get(0).contains("\"" + e.getValue() + "\"")) {
                wrong.add(e.getKey() + " " + rows);
            } else {
                ok++;
            }
        }
        missing.sort(null);
        wrong.sort(null);
        return new Rejections(ok, missing, wrong);
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row) throws SQLException {
        query(c, sql, sql.contains("?") ? CrashRecords.CONNECTOR : null, row);
    }

    private static void query(Connection c, String sql, String parameter, Row row) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (parameter != null) {
                q.setString(1, parameter);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
