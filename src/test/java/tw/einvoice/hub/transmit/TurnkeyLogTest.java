package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Key;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.LogRow;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.SysEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL that reads Turnkey's tables, on H2 (Turnkey's default database), without Spring. */
class TurnkeyLogTest {

    private static final OffsetDateTime HANDED_OVER = OffsetDateTime.parse("2026-12-01T10:15:00+08:00");
    private static final String SINCE = TurnkeyWriter.dts(HANDED_OVER);

    private final List<TurnkeyDatabase> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(TurnkeyDatabase::close);
    }

    private TurnkeyDatabase h2() {
        TurnkeyDatabase db = new TurnkeyDatabase("jdbc:h2:mem:turnkey-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        opened.add(db);
        return db;
    }

    private TurnkeyDatabase withTurnkeysOwnTables() {
        TurnkeyDatabase db = h2();
        TurnkeyDdl.createIfMissing(db.dataSource(), "h2");
        return db;
    }

    @Test
    void outboundRowsSinceTheHandOverAreReadFromTheUpperCaseTablesOfTurnkeysOwnDdl() {
        TurnkeyDatabase db = withTurnkeysOwnTables();
        TurnkeyWriter turnkey = new TurnkeyWriter(db.dataSource());
        String sent = turnkey.upload("F0401ZZ0000000120261201", "F0401", "04595257", "C", HANDED_OVER.plusSeconds(3));
        turnkey.upload("F0401ZZ0000000220261201", "F0401", "04595257", "G", HANDED_OVER.minusDays(1));
        turnkey.upload("F0401ZZ0000000320261201", "F0401", "04595257", "P", HANDED_OVER.plusSeconds(1));
        JdbcClient.create(db.dataSource()).sql("UPDATE TURNKEY_MESSAGE_LOG SET IN_OUT_BOUND = 'I' WHERE INVOICE_IDENTIFIER = ?")
                .param("F0401ZZ0000000320261201").update();

        List<LogRow> rows = new TurnkeyLog(db).outbound(
                List.of("F0401ZZ0000000120261201", "F0401ZZ0000000220261201", "F0401ZZ0000000320261201"), SINCE);

        assertThat(db.tables().table(TurnkeyTables.MESSAGE_LOG)).isEqualTo("\"TURNKEY_MESSAGE_LOG\"");
        assertThat(rows).containsExactly(new LogRow(sent, "00001", "F0401ZZ0000000120261201", "C", "20261201101503000"));
    }

    @Test
    void paddedValuesAreReadTrimmed() {
        TurnkeyDatabase db = withTurnkeysOwnTables();
        String seqNo = new TurnkeyWriter(db.dataSource()).upload("E0402ZZ", "E0402", "04595257", "C", HANDED_OVER);
        JdbcClient.create(db.dataSource()).sql("UPDATE TURNKEY_MESSAGE_LOG SET STATUS = 'C   ' WHERE SEQNO = ?")
                .param(seqNo).update();

        assertThat(new TurnkeyLog(db).outbound(List.of("E0402ZZ"), SINCE)).extracting(LogRow::status).containsExactly("C");
    }

    @Test
    void lowerCaseQuotedTablesAreFoundOnADatabaseThatComparesNamesExactly() {
        TurnkeyDatabase db = h2();
        JdbcClient sql = JdbcClient.create(db.dataSource());
        // as an installer script that quotes its lower-case names leaves them: unquoted TURNKEY_MESSAGE_LOG misses them
        sql.sql("""
                CREATE TABLE "turnkey_message_log" ("seqno" varchar(8), "subseqno" varchar(5), "invoice_identifier" varchar(30),
                    "status" varchar(5), "message_dts" varchar(17), "in_out_bound" varchar(1))""").update();
        sql.sql("""
                CREATE TABLE "turnkey_sysevent_log" ("eventdts" varchar(17), "party_id" varchar(10), "seqno" varchar(8),
                    "subseqno" varchar(5), "errorcode" varchar(4), "uuid" varchar(40), "information1" varchar(100),
                    "information2" varchar(100), "information3" varchar(100), "message1" varchar(100), "message2" varchar(100),
                    "message3" varchar(100), "message4" varchar(100), "message5" varchar(100), "message6" varchar(100))""").update();
        sql.sql("INSERT INTO \"turnkey_message_log\" VALUES ('QC10001A', '00001', 'F0401ZZ0000000120261201', 'E', ?, 'O')")
                .param(SINCE).update();
        sql.sql("INSERT INTO \"turnkey_sysevent_log\" (\"eventdts\", \"seqno\", \"subseqno\", \"errorcode\", \"message1\") "
                + "VALUES (?, 'QC10001A', '00001', '-008', '7001')").param(SINCE).update();
        TurnkeyLog log = new TurnkeyLog(db);

        List<LogRow> rows = log.outbound(List.of("F0401ZZ0000000120261201"), SINCE);
        List<SysEvent> events = log.events(List.of(new Key("QC10001A", "00001")));

        assertThat(db.tables().table(TurnkeyTables.MESSAGE_LOG)).isEqualTo("\"turnkey_message_log\"");
        assertThat(rows).extracting(LogRow::seqNo, LogRow::status).containsExactly(org.assertj.core.groups.Tuple.tuple("QC10001A", "E"));
        assertThat(events).extracting(SysEvent::errorCode).containsExactly("-008");
    }

    @Test
    void identifiersBeyondOneInListAreReadInChunksOfAtMostFiveHundred() {
        TurnkeyDatabase db = withTurnkeysOwnTables();
        List<String> identifiers = IntStream.range(0, 1201).mapToObj(i -> "E0401ZZ%08d".formatted(i)).toList();
        new TurnkeyWriter(db.dataSource()).uploads(identifiers, "E0401", "04595257", "C", HANDED_OVER);

        List<LogRow> rows = new TurnkeyLog(db).outbound(identifiers, SINCE);

        assertThat(TurnkeyLog.chunks(identifiers)).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(rows).extracting(LogRow::identifier).containsExactlyInAnyOrderElementsOf(identifiers);
    }

    @Test
    void entriesAreMatchedToTheirMessageBySeqNoAndSubSeqNoAndReadInEventOrder() {
        TurnkeyDatabase db = withTurnkeysOwnTables();
        TurnkeyWriter turnkey = new TurnkeyWriter(db.dataSource());
        String seqNo = turnkey.upload("F0401ZZ0000000120261201", "F0401", "04595257", "E", HANDED_OVER);
        turnkey.event(seqNo, "04595257", "-013", HANDED_OVER.plusSeconds(5), null, null, "E0305 XML原文資料內容檢核失敗");
        turnkey.event(seqNo, "04595257", "-998", HANDED_OVER.plusSeconds(2), "上傳完成");
        turnkey.event("QX99999Z", "04595257", "-008", HANDED_OVER.plusSeconds(3), "7013");
        JdbcClient.create(db.dataSource()).sql("""
                        INSERT INTO TURNKEY_SYSEVENT_LOG (EVENTDTS, SEQNO, SUBSEQNO, ERRORCODE, MESSAGE1)
                        VALUES ('20261201101504000', ?, '00002', '-008', 'another part of the envelope')""")
                .param(seqNo).update();

        List<SysEvent> events = new TurnkeyLog(db).events(List.of(new Key(seqNo, "00001")));

        assertThat(events).extracting(SysEvent::errorCode).containsExactly("-998", "-013");
        assertThat(events.get(1).messages()).containsExactly(null, null, "E0305 XML原文資料內容檢核失敗", null, null, null);
    }

    @Test
    void entriesWithOneErrorCodeAreReadAfterTheWatermarkOldestFirstAndAtMostTheLimit() {
        TurnkeyDatabase db = withTurnkeysOwnTables();
        TurnkeyWriter turnkey = new TurnkeyWriter(db.dataSource());
        turnkey.event(null, "04595257", "-007", HANDED_OVER.minusSeconds(1), "before the watermark");
        turnkey.event(null, "04595257", "-007", HANDED_OVER.plusSeconds(3), "third");
        turnkey.event(null, "04595257", "-007", HANDED_OVER.plusSeconds(1), "first");
        turnkey.event(null, "04595257", "-008", HANDED_OVER.plusSeconds(2), "not a signing failure");
        turnkey.event(null, "12345676", "-007", HANDED_OVER.plusSeconds(2), "second");

        List<SysEvent> events = new TurnkeyLog(db).eventsAfter("-007", SINCE, 2);

        assertThat(events).extracting(e -> e.messages().get(0)).containsExactly("first", "second");
        assertThat(events).extracting(SysEvent::partyId).containsExactly("04595257", "12345676");
    }

    @Test
    void aDatabaseWithoutTurnkeysTablesIsToldByName() {
        TurnkeyDatabase db = h2();

        assertThatThrownBy(() -> new TurnkeyLog(db).outbound(List.of("F0401ZZ0000000120261201"), SINCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no table TURNKEY_MESSAGE_LOG");
    }
}
