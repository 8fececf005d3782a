package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigMessage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turnkey's bookkeeping, written as Turnkey 3.2 writes it: TURNKEY_MESSAGE_LOG (one row per file, SUBSEQNO
 * {@code 00001}), TURNKEY_MESSAGE_LOG_DETAIL (one row per task), TURNKEY_SYSEVENT_LOG (one row per error) and the
 * last SEQNO in TURNKEY_SEQUENCE. Runs inside the caller's transaction.
 */
final class TurnkeyLog {

    static final DateTimeFormatter DTS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    static final String SUBSEQNO = "00001";
    /** Turnkey's ERRORCODE for a file its own checks refuse: parse, schema or program rules (IllegeInvoiceError). */
    static final String REFUSED = "-008";
    /** Turnkey's ERRORCODE for a file with nothing in it (EmptyInvoiceError). */
    static final String EMPTY = "-009";

    private static final String BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int COUNTER_DIGITS = 5;
    private static final int MESSAGE_COLUMNS = 6;
    private static final int COLUMN_LENGTH = 100;

    private final JdbcClient turnkey;
    private final JdbcTemplate batches;
    private final Clock clock;
    private long lastEventMillis;

    TurnkeyLog(JdbcClient turnkey, JdbcTemplate batches, Clock clock) {
        this.turnkey = turnkey;
        this.batches = batches;
        this.clock = clock;
    }

    /** One TURNKEY_MESSAGE_LOG row as UpCast writes it. */
    record Entry(String seqNo, String uuid, MigMessage type, String fromPartyId, String toPartyId, String messageDts,
                 int characterCount, String status, String identifier) {
    }

    /**
     * The next {@code n} SEQNOs in one read and one write of TURNKEY_SEQUENCE. A SEQNO is the day in three base-36
     * characters (year since 2000, month, day: {@code QC1} is 2026-12-01) and a base-36 counter of five that starts
     * again each day; the last one is kept, locked, in TURNKEY_SEQUENCE.
     */
    List<String> nextSeqNos(int n) {
        List<String> seqNos = new ArrayList<>(n);
        if (n <= 0) {
            return seqNos;
        }
        String day = dayPrefix(today());
        Optional<String> last = turnkey.sql("SELECT sequence FROM turnkey_sequence FOR UPDATE").query(String.class).optional();
        long counter = last.filter(s -> s.startsWith(day)).map(s -> Long.parseLong(s.substring(3), 36) + 1).orElse(1L);
        for (int i = 0; i < n; i++) {
            seqNos.add(day + base36(counter + i, COUNTER_DIGITS));
        }
        String newest = seqNos.get(n - 1);
        if (last.isPresent()) {
            turnkey.sql("UPDATE turnkey_sequence SET sequence = ?").param(newest).update();
        } else {
            turnkey.sql("INSERT INTO turnkey_sequence (sequence) VALUES (?)").param(newest).update();
        }
        return seqNos;
    }

    static String dayPrefix(LocalDate day) {
        return base36(Math.floorMod(day.getYear() - 2000, 36), 1) + base36(day.getMonthValue(), 1)
                + base36(day.getDayOfMonth(), 1);
    }

    static String base36(long value, int digits) {
        StringBuilder s = new StringBuilder();
        long v = value;
        for (int i = 0; i < digits; i++) {
            s.insert(0, BASE36.charAt((int) (v % 36)));
            v /= 36;
        }
        if (v != 0) {
            throw new IllegalStateException("Turnkey's counter ran out of " + digits + " base-36 digits: " + value);
        }
        return s.toString();
    }

    String now() {
        return LocalDateTime.now(clock.withZone(TurnkeySimulator.TAIPEI)).format(DTS);
    }

    private static final String LOG_ROW = """
            INSERT INTO turnkey_message_log (seqno, subseqno, uuid, message_type, category_type, process_type,
                from_party_id, to_party_id, message_dts, character_count, status, in_out_bound, invoice_identifier)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'O', ?)""";
    private static final String TASK_ROW = """
            INSERT INTO turnkey_message_log_detail (seqno, subseqno, process_dts, task, status, filename, uuid)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    /**
     * Rows of a group of files, written table by table in one JDBC batch each when the group is filed ({@link #write}),
     * where one statement per row made the round trips the simulator's cost. Nothing reads them before that.
     */
    static final class Rows {
        final List<Object[]> log = new ArrayList<>();
        final List<Object[]> tasks = new ArrayList<>();
        final List<Object[]> answers = new ArrayList<>();
        final List<Object[]> filings = new ArrayList<>();
    }

    /** The UpCast row, and its UpCast task, for a file accepted ({@code P}) or refused ({@code E}). */
    void upCast(Entry e, String fileName) {
        Rows rows = new Rows();
        upCast(e, fileName, rows);
        write(rows);
    }

    /** {@link #upCast(Entry, String)} into {@code rows}, written later. */
    void upCast(Entry e, String fileName, Rows rows) {
        String channel = e.type().channel();
        rows.log.add(new Object[]{e.seqNo(), SUBSEQNO, e.uuid(), e.type().name(), channel.substring(0, 3),
                channel.substring(3), cut(e.fromPartyId(), 10), cut(e.toPartyId(), 10), e.messageDts(),
                String.valueOf(e.characterCount()), e.status(), cut(e.identifier(), 30)});
        rows.tasks.add(new Object[]{e.seqNo(), SUBSEQNO, e.messageDts(), "UpCast", e.status(), cut(fileName, 300), e.uuid()});
    }

    /** The rows collected, one batch per table; the log before its tasks, as one file at a time wrote them. */
    void write(Rows rows) {
        batch(LOG_ROW, rows.log);
        batch(TASK_ROW, rows.tasks);
        batch("INSERT INTO sim_answer (seqno, verdict, code, message) VALUES (?, ?, ?, ?)", rows.answers);
        batch("INSERT INTO sim_filing (source, message_type, folder, filed_at) VALUES (?, ?, ?, ?)", rows.filings);
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            batches.batchUpdate(sql, rows);
        }
    }

    /**
     * Packs and sends everything UpCast accepted ({@code P}): the Pack and SendFile tasks, and {@code G}. Returns the
     * seqnos sent.
     */
    List<String> sendAccepted() {
        List<String> sent = turnkey.sql("""
                        SELECT seqno FROM turnkey_message_log WHERE status = 'P' AND in_out_bound = 'O' ORDER BY seqno""")
                .query(String.class).list();
        if (sent.isEmpty()) {
            return sent;
        }
        String now = now();
        for (String[] task : new String[][]{{"Pack", "P"}, {"SendFile", "G"}}) {
            turnkey.sql("""
                            INSERT INTO turnkey_message_log_detail (seqno, subseqno, process_dts, task, status, filename, uuid)
                            SELECT m.seqno, m.subseqno, ?, ?, ?, d.filename, m.uuid FROM turnkey_message_log m
                            JOIN turnkey_message_log_detail d ON d.seqno = m.seqno AND d.subseqno = m.subseqno AND d.task = 'UpCast'
                            WHERE m.status = 'P' AND m.in_out_bound = 'O'""")
                    .params(now, task[0], task[1]).update();
        }
        turnkey.sql("UPDATE turnkey_message_log SET status = 'G' WHERE status = 'P' AND in_out_bound = 'O'").update();
        return sent;
    }

    /**
     * The platform's answers to many sent messages: one UPDATE per status for all of them (not one per message), then an
     * event for each refusal.
     */
    void answeredAll(List<Answered> answers) {
        java.util.Map<String, List<String>> byStatus = new java.util.TreeMap<>();
        answers.forEach(a -> byStatus.computeIfAbsent(a.answer().status(), k -> new ArrayList<>()).add(a.seqNo()));
        byStatus.forEach((status, seqNos) -> turnkey.sql("""
                        UPDATE turnkey_message_log SET status = :status WHERE subseqno = :subseqno AND seqno IN (:seqnos)""")
                .param("status", status).param("subseqno", SUBSEQNO).param("seqnos", seqNos).update());
        for (Answered a : answers) {
            if (!a.answer().confirmedByPlatform()) {
                event(a.seqNo(), a.fromPartyId(), a.uuid(), PlatformAnswer.ERRORCODE, a.answer().code(), a.answer().message(),
                        null);
            }
        }
    }

    /** One message's answer, for {@link #answeredAll}. */
    record Answered(String seqNo, String fromPartyId, String uuid, PlatformAnswer answer) {
    }

    /** A system event for the message: Turnkey's ERRORCODE, the code in MESSAGE1 and the text in MESSAGE2..6. */
    void event(String seqNo, String fromPartyId, String uuid, String errorCode, String code, String message,
               String information) {
        List<String> columns = new ArrayList<>();
        if (code != null) {
            columns.add(code);
        }
        columns.addAll(pieces(message, MESSAGE_COLUMNS - columns.size()));
        while (columns.size() < MESSAGE_COLUMNS) {
            columns.add(null);
        }
        turnkey.sql("""
                        INSERT INTO turnkey_sysevent_log (eventdts, party_id, seqno, subseqno, errorcode, uuid, information1,
                            message1, message2, message3, message4, message5, message6)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(nextEventDts(), cut(fromPartyId, 10), seqNo, SUBSEQNO, errorCode, uuid, cut(information, 100),
                        columns.get(0), columns.get(1), columns.get(2), columns.get(3), columns.get(4), columns.get(5))
                .update();
    }

    /** EVENTDTS is the key: like Turnkey, events in the same millisecond take the following ones. */
    private synchronized String nextEventDts() {
        long millis = Math.max(clock.millis(), lastEventMillis + 1);
        lastEventMillis = millis;
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), TurnkeySimulator.TAIPEI).format(DTS);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(TurnkeySimulator.TAIPEI));
    }

    /** The text in pieces that fit a 100-character column, at most {@code max} of them (the rest is dropped). */
    static List<String> pieces(String text, int max) {
        List<String> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        int at = 0;
        while (at < text.length() && pieces.size() < max) {
            int end = Math.min(text.length(), at + COLUMN_LENGTH);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // never split a character outside the basic plane
            }
            pieces.add(text.substring(at, end));
            at = end;
        }
        return pieces;
    }

    private static String cut(String s, int length) {
        return s == null || s.length() <= length ? s : s.substring(0, length);
    }
}
