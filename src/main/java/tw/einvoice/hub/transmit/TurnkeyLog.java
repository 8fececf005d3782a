package tw.einvoice.hub.transmit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Key;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.LogRow;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.SysEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static tw.einvoice.hub.transmit.TurnkeyTables.MESSAGE_LOG;
import static tw.einvoice.hub.transmit.TurnkeyTables.SYSEVENT_LOG;

/**
 * Reads TURNKEY_MESSAGE_LOG and TURNKEY_SYSEVENT_LOG with SQL that every database Turnkey supports understands:
 * plain SELECTs with {@code IN (?, ?, …)} lists of at most {@value #IN_LIST_LIMIT} values (no arrays, no vendor
 * syntax), names as the database spells them ({@link TurnkeyTables}), values trimmed (all of Turnkey's columns are
 * character columns; some installations pad them).
 */
final class TurnkeyLog {

    /** Values per IN list: below every database's limit on parameters and list length (SQL Server 2100, Oracle 1000). */
    static final int IN_LIST_LIMIT = 500;

    private static final List<String> LOG_COLUMNS = List.of("SEQNO", "SUBSEQNO", "INVOICE_IDENTIFIER", "STATUS", "MESSAGE_DTS");
    private static final List<String> EVENT_COLUMNS = TurnkeyTables.READ.get(SYSEVENT_LOG);

    private final TurnkeyDatabase database;

    TurnkeyLog(TurnkeyDatabase database) {
        this.database = database;
    }

    /** Where the results are read, for messages to people. */
    String where() {
        return database.url();
    }

    /** Outbound rows ({@code IN_OUT_BOUND = 'O'}) filed under any of {@code identifiers}, written at or after {@code since}. */
    List<LogRow> outbound(Collection<String> identifiers, String since) {
        TurnkeyTables t = tables();
        List<LogRow> rows = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(identifiers)))) {
            String sql = "SELECT " + t.columns(MESSAGE_LOG, LOG_COLUMNS) + " FROM " + t.table(MESSAGE_LOG)
                    + " WHERE " + t.column(MESSAGE_LOG, "IN_OUT_BOUND") + " = ?"
                    + " AND " + t.column(MESSAGE_LOG, "MESSAGE_DTS") + " >= ?"
                    + " AND " + t.column(MESSAGE_LOG, "INVOICE_IDENTIFIER") + " IN (" + placeholders(chunk.size()) + ")";
            List<Object> params = new ArrayList<>(chunk.size() + 2);
            params.add("O");
            params.add(since);
            params.addAll(chunk);
            rows.addAll(read(jdbc -> jdbc.sql(sql).params(params).query(LOG_ROW).list()));
        }
        return rows;
    }

    /** The TURNKEY_SYSEVENT_LOG entries about these messages, by EVENTDTS. */
    List<SysEvent> events(Collection<Key> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        TurnkeyTables t = tables();
        Set<Key> wanted = Set.copyOf(messages);
        List<String> seqNos = messages.stream().map(Key::seqNo).distinct().toList();
        List<SysEvent> events = new ArrayList<>();
        // by SEQNO alone: a composite (SEQNO, SUBSEQNO) IN list is not understood everywhere (SQL Server, Derby)
        for (List<String> chunk : chunks(seqNos)) {
            String sql = "SELECT " + t.columns(SYSEVENT_LOG, EVENT_COLUMNS) + " FROM " + t.table(SYSEVENT_LOG)
                    + " WHERE " + t.column(SYSEVENT_LOG, "SEQNO") + " IN (" + placeholders(chunk.size()) + ")";
            read(jdbc -> jdbc.sql(sql).params(chunk).query(EVENT).list()).stream()
                    .filter(e -> wanted.contains(e.key()))
                    .forEach(events::add);
        }
        events.sort(Comparator.comparing(SysEvent::eventDts, Comparator.nullsFirst(Comparator.naturalOrder())));
        return events;
    }

    /** Up to {@code limit} entries with this ERRORCODE written after {@code afterEventDts}, oldest first. */
    List<SysEvent> eventsAfter(String errorCode, String afterEventDts, int limit) {
        TurnkeyTables t = tables();
        String sql = "SELECT " + t.columns(SYSEVENT_LOG, EVENT_COLUMNS) + " FROM " + t.table(SYSEVENT_LOG)
                + " WHERE " + t.column(SYSEVENT_LOG, "ERRORCODE") + " = ?"
                + " AND " + t.column(SYSEVENT_LOG, "EVENTDTS") + " > ?"
                + " ORDER BY " + t.column(SYSEVENT_LOG, "EVENTDTS");
        // JDBC's own row limit: LIMIT, TOP, FETCH FIRST and ROWNUM are each some database's dialect
        JdbcTemplate limited = new JdbcTemplate(database.dataSource());
        limited.setMaxRows(limit);
        return read(jdbc -> JdbcClient.create(limited).sql(sql).params(errorCode, afterEventDts).query(EVENT).list());
    }

    private TurnkeyTables tables() {
        return database.tables();
    }

    private <T> T read(Function<JdbcClient, T> query) {
        try {
            return query.apply(database.jdbc());
        } catch (RuntimeException e) {
            // the tables may have been re-created under other names since they were looked up
            database.forgetTables();
            throw e;
        }
    }

    static <T> List<List<T>> chunks(List<T> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_LIST_LIMIT) {
            chunks.add(values.subList(from, Math.min(values.size(), from + IN_LIST_LIMIT)));
        }
        return Collections.unmodifiableList(chunks);
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static final RowMapper<LogRow> LOG_ROW = (rs, n) -> new LogRow(trim(rs.getString(1)), trim(rs.getString(2)),
            trim(rs.getString(3)), trim(rs.getString(4)), trim(rs.getString(5)));

    // columns in EVENT_COLUMNS order: EVENTDTS, PARTY_ID, SEQNO, SUBSEQNO, ERRORCODE, UUID, INFORMATION1..3, MESSAGE1..6
    private static final RowMapper<SysEvent> EVENT = (rs, n) -> {
        List<String> information = new ArrayList<>(3);
        for (int i = 7; i <= 9; i++) {
            information.add(trim(rs.getString(i)));
        }
        List<String> messages = new ArrayList<>(6);
        for (int i = 10; i <= 15; i++) {
            messages.add(trim(rs.getString(i)));
        }
        return new SysEvent(trim(rs.getString(1)), trim(rs.getString(2)), trim(rs.getString(3)), trim(rs.getString(4)),
                trim(rs.getString(5)), trim(rs.getString(6)), Collections.unmodifiableList(information),
                Collections.unmodifiableList(messages));
    };

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }
}
