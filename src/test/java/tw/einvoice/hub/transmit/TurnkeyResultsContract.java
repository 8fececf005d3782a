package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.ArchiveSeal;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.OutboundMessage;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reading Turnkey's verdicts from one kind of Turnkey database, made with Turnkey's own DDL: the hub's real pipeline
 * hands invoices over (the simulator is off), the test writes Turnkey's rows as Turnkey would, and one poll must
 * settle exactly what those rows say. A subclass per database supplies it.
 */
abstract class TurnkeyResultsContract extends TurnkeyHubTest {

    static final String SELLER = DEMO_SELLER;
    private static final Logger log = LoggerFactory.getLogger(TurnkeyResultsContract.class);
    private static final Set<String> TRACKS = ConcurrentHashMap.newKeySet();

    @Autowired
    InvoiceStore invoices;
    @Autowired
    MessageStore messages;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransmitProperties settings;
    @Autowired
    JdbcClient hub;
    @Autowired
    tw.einvoice.hub.runtime.OutageBoard outages;

    TurnkeyResults results;
    TurnkeyWriter turnkey;

    /** The Turnkey database under test, with Turnkey's tables. */
    abstract TurnkeyDatabase turnkeyDatabase();

    @BeforeEach
    void reader() {
        TurnkeyDatabase db = turnkeyDatabase();
        results = new TurnkeyResults(db, messages, invoices, transactions, events, settings, outages);
        turnkey = new TurnkeyWriter(db.dataSource());
    }

    @Test
    void anInvoiceTurnkeyProcessesSendsAndConfirmsIsConfirmed() {
        InvoiceMessage m = sentInvoices(1).get(0);
        String seqNo = turnkey.upload(m.identifier(), "F0401", SELLER, "P", m.sentAt().plusSeconds(1));

        assertThat(results.poll()).isZero();
        assertThat(message(m)).extracting(InvoiceMessage::status, InvoiceMessage::turnkeyStatus)
                .containsExactly(InvoiceMessage.Status.SENT, "P");

        turnkey.status(seqNo, "G");
        assertThat(results.poll()).isZero();
        assertThat(message(m).turnkeyStatus()).isEqualTo("G");

        turnkey.status(seqNo, "C");
        assertThat(results.poll()).isEqualTo(1);
        assertThat(message(m)).extracting(InvoiceMessage::status, InvoiceMessage::turnkeyStatus)
                .containsExactly(InvoiceMessage.Status.CONFIRMED, "C");
        assertThat(invoice(m).status()).isEqualTo(InvoiceStatus.CONFIRMED);
    }

    @Test
    void aFileTurnkeyRefusesByItsProgramRulesIsRejectedWithTheValidationCode() {
        InvoiceMessage m = sentInvoices(1).get(0);
        String seqNo = turnkey.upload(m.identifier(), "F0401", SELLER, "E", m.sentAt().plusSeconds(1));
        turnkey.event(seqNo, SELLER, "-008", m.sentAt().plusSeconds(1), "7001", "\"Buyer.Name\" is invalid!");

        assertThat(results.poll()).isEqualTo(1);

        assertThat(message(m)).extracting(InvoiceMessage::status, InvoiceMessage::errorCode, InvoiceMessage::errorMessage)
                .containsExactly(InvoiceMessage.Status.REJECTED, "7001", "7001 \"Buyer.Name\" is invalid!");
        assertThat(invoice(m).status()).isEqualTo(InvoiceStatus.REJECTED);
        assertThat(alertCodes(m)).containsExactly("7001");
    }

    @Test
    void aMessageThePlatformRefusesIsRejectedWithThePlatformsCode() {
        InvoiceMessage m = sentInvoices(1).get(0);
        String seqNo = turnkey.upload(m.identifier(), "F0401", SELLER, "G", m.sentAt().plusSeconds(1));
        turnkey.status(seqNo, "E");
        turnkey.event(seqNo, SELLER, null, m.sentAt().plusSeconds(30), "平台回覆處理失敗", "ProcessResult",
                "E0305 XML原文資料內容檢核失敗");

        assertThat(results.poll()).isEqualTo(1);

        assertThat(message(m)).extracting(InvoiceMessage::status, InvoiceMessage::errorCode)
                .containsExactly(InvoiceMessage.Status.REJECTED, "E0305");
        assertThat(invoice(m).status()).isEqualTo(InvoiceStatus.REJECTED);
        assertThat(alertCodes(m)).containsExactly("E0305");
    }

    @Test
    void messagesStillOnTheirWayStaySentWithTurnkeysStatusNoted() {
        List<InvoiceMessage> sent = sentInvoices(2);
        turnkey.upload(sent.get(0).identifier(), "F0401", SELLER, "P", sent.get(0).sentAt().plusSeconds(1));
        turnkey.upload(sent.get(1).identifier(), "F0401", SELLER, "G", sent.get(1).sentAt().plusSeconds(1));

        assertThat(results.poll()).isZero();

        assertThat(sent.stream().map(this::message)).extracting(InvoiceMessage::status, InvoiceMessage::turnkeyStatus)
                .containsExactly(tuple(InvoiceMessage.Status.SENT, "P"),
                        tuple(InvoiceMessage.Status.SENT, "G"));
        assertThat(sent.stream().map(this::invoice)).extracting(StoredInvoice::status)
                .containsOnly(InvoiceStatus.SENT);
    }

    @Test
    void aDuplicateUploadsErrorAfterTheConfirmationLeavesTheInvoiceConfirmedWithoutAlert() {
        InvoiceMessage m = sentInvoices(1).get(0);
        turnkey.upload(m.identifier(), "F0401", SELLER, "C", m.sentAt().plusSeconds(1));
        String duplicate = turnkey.upload(m.identifier(), "F0401", SELLER, "E", m.sentAt().plusSeconds(60));
        turnkey.event(duplicate, SELLER, null, m.sentAt().plusSeconds(61), "E0501 發票號碼重複");

        assertThat(results.poll()).isEqualTo(1);

        assertThat(message(m).status()).isEqualTo(InvoiceMessage.Status.CONFIRMED);
        assertThat(invoice(m).status()).isEqualTo(InvoiceStatus.CONFIRMED);
        assertThat(alertCodes(m)).isEmpty();
    }

    @Test
    void verdictsReadAgainByAFreshReaderAfterARestartAddNoHistoryAlertOrCallback() {
        List<InvoiceMessage> sent = sentInvoices(2);
        InvoiceMessage confirmed = sent.get(0);
        InvoiceMessage refused = sent.get(1);
        turnkey.upload(confirmed.identifier(), "F0401", SELLER, "C", confirmed.sentAt().plusSeconds(1));
        String seqNo = turnkey.upload(refused.identifier(), "F0401", SELLER, "E", refused.sentAt().plusSeconds(1));
        turnkey.event(seqNo, SELLER, "-008", refused.sentAt().plusSeconds(1), "7001", "\"Buyer.Name\" is invalid!");
        assertThat(results.poll()).isEqualTo(2);
        List<Long> effects = effects(sent);

        // a restart: a reader with nothing in memory meets the same rows in Turnkey's tables
        TurnkeyResults restarted = new TurnkeyResults(turnkeyDatabase(), messages, invoices, transactions, events, settings, outages);
        assertThat(restarted.poll()).isZero();
        assertThat(restarted.poll()).isZero();

        assertThat(effects(sent)).as("history rows, alerts, callbacks of both invoices").isEqualTo(effects);
        assertThat(invoice(confirmed).status()).isEqualTo(InvoiceStatus.CONFIRMED);
        assertThat(invoice(refused).status()).isEqualTo(InvoiceStatus.REJECTED);
        assertThat(alertCodes(refused)).containsExactly("7001");
        assertThat(hub.sql("SELECT count(*) FROM invoice_history WHERE invoice_id = ? AND to_status = 'CONFIRMED'")
                .param(confirmed.invoiceId()).query(Long.class).single()).isEqualTo(1);
    }

    private List<Long> effects(List<InvoiceMessage> sent) {
        List<Long> counts = new ArrayList<>();
        for (String table : List.of("invoice_history", "finance_alert", "callback_outbox")) {
            for (InvoiceMessage m : sent) {
                counts.add(hub.sql("SELECT count(*) FROM " + table + " WHERE invoice_id = ?").param(m.invoiceId())
                        .query(Long.class).single());
            }
        }
        return counts;
    }

    @Test
    void anE0402RowOfTheSameIdentifierFromBeforeTheHandOverIsIgnored() {
        String identifier = SELLER + "-" + track() + "07";
        InvoiceMessage m = sentRangeMessage("E0402", SELLER + identifier.substring(9, 11), identifier);
        String lastPeriod = turnkey.upload(identifier, "E0402", SELLER, "E", m.sentAt().minusDays(61));
        turnkey.event(lastPeriod, SELLER, null, m.sentAt().minusDays(61), "E0612 發票號碼區間已存在重疊區間");

        assertThat(results.poll()).isZero();
        assertThat(message(m)).extracting(InvoiceMessage::status, InvoiceMessage::turnkeyStatus)
                .containsExactly(InvoiceMessage.Status.SENT, null);

        turnkey.upload(identifier, "E0402", SELLER, "C", m.sentAt().plusSeconds(1));
        assertThat(results.poll()).isEqualTo(1);
        assertThat(message(m).status()).isEqualTo(InvoiceMessage.Status.CONFIRMED);
    }

    @Test
    void identifiersOfMoreThanTwoInListsAreAllSettledByOnePoll() {
        String track = track();
        List<String> identifiers = IntStream.range(0, 1100)
                .mapToObj(i -> "%s-%s%08d-%08d".formatted(SELLER, track, i * 50, i * 50 + 49)).toList();
        assertThat(TurnkeyLog.chunks(identifiers)).hasSize(3);
        List<InvoiceMessage> sent = identifiers.stream().map(id -> sentRangeMessage("E0401", id.substring(9, 19), id)).toList();
        turnkey.uploads(identifiers, "E0401", SELLER, "C", sent.get(sent.size() - 1).sentAt().plusSeconds(1));

        long started = System.nanoTime();
        int settled = results.poll();
        long millis = (System.nanoTime() - started) / 1_000_000;
        // a one-off figure for the README, not a limit: shared machines vary too much for that
        log.info("One poll on {} settled {} results in {} ms ({} per second)", getClass().getSimpleName(), settled,
                millis, millis == 0 ? "-" : settled * 1000L / millis);

        assertThat(settled).isEqualTo(1100);
        assertThat(hub.sql("SELECT status, count(*) FROM invoice_message WHERE identifier LIKE ? GROUP BY status")
                .param(SELLER + "-" + track + "%").query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2)).list())
                .containsExactly("CONFIRMED=1100");
    }

    /** Invoices through the real intake, issue and transmit stages, until each F0401 is in UpCast (SENT). */
    List<InvoiceMessage> sentInvoices(int n) {
        List<String> sourceRefs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sourceRef = "turnkey-results-" + UUID.randomUUID();
            assertThat(api.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
            sourceRefs.add(sourceRef);
        }
        sourceRefs.forEach(ref -> InvoiceAwait.bySource(api, ref).atMost(Duration.ofSeconds(60)).reaches("SENT"));
        return sourceRefs.stream().map(ref -> messages.forInvoice(invoices.findBySource("test", ref).orElseThrow().id())
                .stream().filter(m -> m.messageType().equals("F0401")).findFirst().orElseThrow()).toList();
    }

    /** A range message (E0401, E0402) as numbering stores it, handed to Turnkey. */
    InvoiceMessage sentRangeMessage(String type, String reference, String identifier) {
        InvoiceMessage m = messages.add(new OutboundMessage(null, type, SELLER, reference, "11512", identifier,
                type + "_" + SELLER + "_" + UUID.randomUUID() + ".xml", "<" + type + "/>"), new ArchiveSeal(null, null, null));
        assertThat(messages.markSent(m.id())).isTrue();
        return message(m);
    }

    InvoiceMessage message(InvoiceMessage m) {
        return messages.find(m.id()).orElseThrow();
    }

    StoredInvoice invoice(InvoiceMessage m) {
        return invoices.findById(m.invoiceId()).orElseThrow();
    }

    List<String> alertCodes(InvoiceMessage m) {
        return hub.sql("SELECT code FROM finance_alert WHERE invoice_id = ? ORDER BY id").param(m.invoiceId())
                .query(String.class).list();
    }

    /** Two letters no other test of this run uses: Turnkey's range identifiers name only a BAN and a track. */
    static String track() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String track;
        do {
            track = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
        } while (!TRACKS.add(track));
        return track;
    }
}
