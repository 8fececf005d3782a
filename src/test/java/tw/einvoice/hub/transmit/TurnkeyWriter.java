package tw.einvoice.hub.transmit;

import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.rules.RuleSettings;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes Turnkey's bookkeeping as Turnkey does: its entity names unquoted (Hibernate), so each database spells them
 * its own way; SEQNO 8 characters, SUBSEQNO {@code 00001}, times {@code yyyyMMddHHmmssSSS} in Taipei.
 */
final class TurnkeyWriter {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final Set<Long> EVENT_TIMES = ConcurrentHashMap.newKeySet();

    private final JdbcClient jdbc;

    TurnkeyWriter(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    static String dts(OffsetDateTime at) {
        return at.atZoneSameInstant(RuleSettings.TAIPEI).format(TurnkeyVerdicts.DTS);
    }

    /** A message UpCast picked up ({@code P}) or moved on; returns its SEQNO. */
    String upload(String identifier, String messageType, String fromPartyId, String status, OffsetDateTime at) {
        String seqNo = "T" + String.format("%7s", Long.toString(SEQUENCE.incrementAndGet(), 36)).replace(' ', '0');
        jdbc.sql("""
                        INSERT INTO TURNKEY_MESSAGE_LOG (SEQNO, SUBSEQNO, UUID, MESSAGE_TYPE, CATEGORY_TYPE, PROCESS_TYPE,
                            FROM_PARTY_ID, TO_PARTY_ID, MESSAGE_DTS, CHARACTER_COUNT, STATUS, IN_OUT_BOUND, INVOICE_IDENTIFIER)
                        VALUES (?, '00001', ?, ?, ?, ?, ?, '0000000000', ?, '1024', ?, 'O', ?)""")
                .params(seqNo, UUID.randomUUID().toString(), messageType,
                        messageType.startsWith("E") ? "B2P" : "B2S", messageType.startsWith("E") ? "MESSAGE" : "STORAGE",
                        fromPartyId, dts(at), status, identifier)
                .update();
        return seqNo;
    }

    /** Many messages at once, all with one status. */
    void uploads(List<String> identifiers, String messageType, String fromPartyId, String status, OffsetDateTime at) {
        identifiers.forEach(id -> upload(id, messageType, fromPartyId, status, at));
    }

    /** Turnkey moves a message on (G once sent, C or E with the platform's answer). */
    void status(String seqNo, String status) {
        jdbc.sql("UPDATE TURNKEY_MESSAGE_LOG SET STATUS = ? WHERE SEQNO = ? AND SUBSEQNO = '00001'").params(status, seqNo).update();
    }

    /** A TURNKEY_SYSEVENT_LOG entry about a message (seqNo) or none (null), with MESSAGE1.. in order. */
    void event(String seqNo, String partyId, String errorCode, OffsetDateTime at, String... messages) {
        List<Object> params = new ArrayList<>(Arrays.asList(uniqueEventDts(at), partyId, seqNo, seqNo == null ? null : "00001",
                errorCode));
        for (int i = 0; i < 6; i++) {
            params.add(i < messages.length ? messages[i] : null);
        }
        jdbc.sql("""
                        INSERT INTO TURNKEY_SYSEVENT_LOG (EVENTDTS, PARTY_ID, SEQNO, SUBSEQNO, ERRORCODE,
                            MESSAGE1, MESSAGE2, MESSAGE3, MESSAGE4, MESSAGE5, MESSAGE6)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(params).update();
    }

    // EVENTDTS is the key: Turnkey makes consecutive entries unique by stepping a millisecond, and so does this
    private static String uniqueEventDts(OffsetDateTime at) {
        long millis = at.toInstant().toEpochMilli();
        while (!EVENT_TIMES.add(millis)) {
            millis++;
        }
        return dts(OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), RuleSettings.TAIPEI));
    }
}
