package tw.einvoice.hub.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigReader;
import tw.einvoice.hub.mig.SummaryResult;
import tw.einvoice.hub.reference.Reference;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turnkey's bookkeeping as the simulator writes it, on real PostgreSQL and real folders, without the hub: SEQNO,
 * statuses P → G → C, refusals E with a -008 event, the ERR and BAK hour folders, parties and identifiers.
 */
class TurnkeyBookkeepingTest {

    static EmbeddedPostgres postgres;
    static DataSource turnkeyDb;
    static JdbcClient jdbc;

    @TempDir
    Path upcast;

    final MovableClock clock = new MovableClock(OffsetDateTime.parse("2026-12-01T10:15:00+08:00").toInstant());
    TurnkeySimulator simulator;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        turnkeyDb = postgres.getPostgresDatabase();
        jdbc = JdbcClient.create(turnkeyDb);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void simulator() {
        simulator = simulator(Duration.ZERO);
        for (String table : List.of("turnkey_message_log", "turnkey_message_log_detail", "turnkey_sysevent_log",
                "turnkey_sequence", "sim_document", "sim_answer", "sim_filing")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    private TurnkeySimulator simulator(Duration delay) {
        SimulatorSettings settings = new SimulatorSettings(true, upcast, upcast.resolveSibling("summary"), null, delay, 0,
                null, null, null, null, null);
        TurnkeySimulator s = new TurnkeySimulator(settings, new TurnkeyStage(TurnkeySchemas.official(Reference.officialXsd())),
                turnkeyDb, (seller, period, number) -> true, clock);
        s.install(turnkeyDb);
        return s;
    }

    @Test
    void seqnoIsTheDayInBase36ThenACounterOfFiveThatStartsAgainTheNextDay() throws IOException {
        assertThat(TurnkeyLog.dayPrefix(LocalDate.of(2026, 12, 1))).isEqualTo("QC1");
        assertThat(TurnkeyLog.dayPrefix(LocalDate.of(2027, 1, 31))).isEqualTo("R1V");
        assertThat(TurnkeyLog.base36(46, 5)).isEqualTo("0001A");

        // written newest first: Turnkey takes the oldest modification first, whatever the names
        Path c = src(MigMessage.F0401, "a.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000003")));
        Path b = src(MigMessage.F0401, "b.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000002")));
        Path a = src(MigMessage.F0401, "c.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")));
        age(a, 30);
        age(b, 20);
        age(c, 10);
        assertThat(simulator.upCast()).isEqualTo(3);
        clock.set(OffsetDateTime.parse("2026-12-02T00:00:01+08:00").toInstant());
        src(MigMessage.F0401, "d.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000004")));
        simulator.upCast();

        assertThat(jdbc.sql("""
                        SELECT m.seqno || ' ' || m.subseqno || ' ' || d.filename FROM turnkey_message_log m
                        JOIN turnkey_message_log_detail d ON d.seqno = m.seqno AND d.task = 'UpCast' ORDER BY m.message_dts""")
                .query(String.class).list())
                .containsExactly("QC100001 00001 c.xml", "QC100002 00001 b.xml", "QC100003 00001 a.xml",
                        "QC200001 00001 d.xml");
        assertThat(jdbc.sql("SELECT sequence FROM turnkey_sequence").query(String.class).list()).containsExactly("QC200001");
    }

    @Test
    void acceptedFileIsPThenGWhenSentThenCAndIsKeptInBakUnderItsDayAndHour() throws IOException {
        Path file = src(MigMessage.F0401, "nested/any name without extension",
                HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")));

        assertThat(simulator.upCast()).isEqualTo(1);
        Map<String, Object> row = messageRow();
        assertThat(row).containsEntry("status", "P").containsEntry("in_out_bound", "O")
                .containsEntry("message_type", "F0401").containsEntry("category_type", "B2S")
                .containsEntry("process_type", "STORAGE").containsEntry("from_party_id", "04595257")
                .containsEntry("to_party_id", "0000000000").containsEntry("message_dts", "20261201101500000")
                .containsEntry("subseqno", "00001").containsEntry("invoice_identifier", "F0401ZZ0000000120261125");
        assertThat(file).doesNotExist();
        assertThat(upcast.resolve("B2SSTORAGE/F0401/BAK/20261201/10/any name without extension")).exists();

        assertThat(simulator.handOver()).isEqualTo(1);
        assertThat(messageRow()).containsEntry("status", "G");

        assertThat(simulator.finishDue()).isEqualTo(1);
        assertThat(messageRow()).containsEntry("status", "C");
        assertThat(jdbc.sql("SELECT task || ':' || status FROM turnkey_message_log_detail ORDER BY process_dts, task")
                .query(String.class).list()).containsExactlyInAnyOrder("UpCast:P", "Pack:P", "SendFile:G");
        assertThat(jdbc.sql("SELECT count(*) FROM turnkey_sysevent_log").query(Long.class).single()).isZero();
    }

    @Test
    void platformAnswerWaitsForTheProcessingDelayWhileTheMessageIsG() throws IOException {
        simulator = simulator(Duration.ofSeconds(5));
        src(MigMessage.F0401, "a.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")));
        simulator.upCast();
        simulator.handOver();

        assertThat(simulator.finishDue()).isZero();
        assertThat(messageRow()).containsEntry("status", "G");
        clock.set(clock.instant().plusSeconds(5));
        assertThat(simulator.finishDue()).isEqualTo(1);
        assertThat(messageRow()).containsEntry("status", "C");
    }

    @Test
    void businessBuyerIsTheToPartyId() throws IOException {
        src(MigMessage.F0401, "b2b.xml", HubMessages.WRITER.invoice(HubMessages.business("ZZ00000005")));

        simulator.upCast();

        assertThat(messageRow()).containsEntry("to_party_id", "12345675").containsEntry("from_party_id", "04595257");
    }

    @Test
    void fileWithAnEmbeddedSignatureIsEAtOnceWithA008EventCarrying7013AndGoesToErr() throws IOException {
        String signed = HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")).replace("</Invoice>",
                "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature></Invoice>");
        src(MigMessage.F0401, "signed.xml", signed);

        simulator.upCast();
        simulator.handOver();
        simulator.finishDue();

        assertThat(messageRow()).containsEntry("status", "E").containsEntry("invoice_identifier", "F0401ZZ0000000120261125");
        assertThat(upcast.resolve("B2SSTORAGE/F0401/ERR/20261201/10/signed.xml")).exists();
        Map<String, Object> event = eventRow();
        assertThat(event).containsEntry("errorcode", "-008").containsEntry("message1", "7013")
                .containsEntry("party_id", "04595257").containsEntry("seqno", "QC100001").containsEntry("subseqno", "00001");
        String text = pieces(event);
        assertThat(text).startsWith("Validator invalid org.xml.sax.SAXParseException").contains("ds:Signature");
        for (int i = 2; i <= 6; i++) {
            assertThat((String) event.get("message" + i)).satisfiesAnyOf(m -> assertThat(m).isNull(),
                    m -> assertThat(m).hasSizeLessThanOrEqualTo(100));
        }
        // refused by Turnkey: never packed, never sent, nothing for the platform
        assertThat(jdbc.sql("SELECT task FROM turnkey_message_log_detail").query(String.class).list()).containsExactly("UpCast");
        assertThat(jdbc.sql("SELECT count(*) FROM sim_answer").query(Long.class).single()).isZero();
    }

    @Test
    void consumerNamedFourZerosIsEWithA008EventCarrying7001AndTurnkeysMessage() throws IOException {
        CanonicalInvoice invoice = HubMessages.consumer("ZZ00000001");
        invoice.setBuyer(new CanonicalInvoice.Party("0000000000", "0000", null, null, null));
        src(MigMessage.F0401, "zeros.xml", HubMessages.WRITER.invoice(invoice));

        simulator.upCast();

        assertThat(messageRow()).containsEntry("status", "E");
        assertThat(eventRow()).containsEntry("errorcode", "-008").containsEntry("message1", "7001")
                .containsEntry("message2", "\"Buyer.Name\" is invalid!").containsEntry("message3", null);
        assertThat(upcast.resolve("B2SSTORAGE/F0401/ERR/20261201/10/zeros.xml")).exists();
    }

    @Test
    void sellerWithoutAnAddressIsEWithA008EventCarrying7001() throws IOException {
        CanonicalInvoice invoice = HubMessages.consumer("ZZ00000001");
        invoice.setSeller(new CanonicalInvoice.Party(HubMessages.SELLER, "範例商行", null, null, null));
        src(MigMessage.F0401, "no-address.xml", HubMessages.WRITER.invoice(invoice));

        simulator.upCast();

        assertThat(messageRow()).containsEntry("status", "E");
        assertThat(eventRow()).containsEntry("errorcode", "-008").containsEntry("message1", "7001")
                .containsEntry("message2", "\"Seller.Address\" is invalid!");
        assertThat(upcast.resolve("B2SSTORAGE/F0401/ERR/20261201/10/no-address.xml")).exists();
    }

    @Test
    void aNameAlreadyInTheHourFolderGetsNumberedSuffixes() throws IOException {
        for (int i = 0; i < 3; i++) {
            src(MigMessage.F0401, "same.xml", "<not xml");
            simulator.upCast();
        }

        Path hour = upcast.resolve("B2SSTORAGE/F0401/ERR/20261201/10");
        assertThat(hour.resolve("same.xml")).exists();
        assertThat(hour.resolve("same.xml.001")).exists();
        assertThat(hour.resolve("same.xml.002")).exists();
        assertThat(jdbc.sql("SELECT errorcode || ' ' || message1 FROM turnkey_sysevent_log").query(String.class).list())
                .containsExactly("-008 7010", "-008 7010", "-008 7010");
    }

    @Test
    void fileWhoseRowsCannotBeCommittedStaysInSrcAndIsTakenNextTime() throws IOException {
        // a check PostgreSQL makes only at commit
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'commit refused'; END $$""").update();
        jdbc.sql("""
                CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON turnkey_message_log
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()""").update();
        Path file;
        try {
            file = src(MigMessage.F0401, "a.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")));

            assertThat(simulator.upCast()).isZero();
            assertThat(file).exists();
            assertThat(jdbc.sql("SELECT count(*) FROM turnkey_message_log").query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("DROP TRIGGER refuse_commit ON turnkey_message_log").update();
        }

        assertThat(simulator.upCast()).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(messageRow()).containsEntry("status", "P");
    }

    @Test
    void fileFiledButNotMovedWhenTurnkeyStoppedIsOnlyMovedNextScanWithoutASecondRow() throws IOException {
        // the rows are committed, then the move fails as a simulator killed right after its commit would leave it
        Path hourFolder = upcast.resolve("B2SSTORAGE/F0401/BAK/20261201");
        Files.createDirectories(hourFolder.getParent());
        Files.writeString(hourFolder, "in the way");
        Path file = src(MigMessage.F0401, "a.xml", HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")));

        assertThat(simulator.upCast()).isZero();
        assertThat(file).exists();
        assertThat(jdbc.sql("SELECT count(*) FROM turnkey_message_log").query(Long.class).single()).isEqualTo(1);

        Files.delete(hourFolder);
        clock.set(OffsetDateTime.parse("2026-12-01T11:30:00+08:00").toInstant());
        assertThat(simulator.upCast()).as("nothing left to take: the file was only moved").isZero();

        assertThat(file).doesNotExist();
        assertThat(upcast.resolve("B2SSTORAGE/F0401/BAK/20261201/10/a.xml")).as("under the hour it was filed").exists();
        assertThat(jdbc.sql("SELECT seqno || ' ' || status FROM turnkey_message_log").query(String.class).list())
                .containsExactly("QC100001 P");
        assertThat(jdbc.sql("SELECT count(*) FROM sim_filing").query(Long.class).single()).isZero();
    }

    @Test
    void fileOfThreeBytesOrLessIsAnError() throws IOException {
        src(MigMessage.F0501, "tiny.xml", "abc");

        simulator.upCast();

        assertThat(messageRow()).containsEntry("status", "E").containsEntry("message_type", "F0501");
        assertThat(eventRow()).containsEntry("errorcode", "-009");
        assertThat(upcast.resolve("B2SSTORAGE/F0501/ERR/20261201/10/tiny.xml")).exists();
    }

    @Test
    void platformRejectionFollowsGWithItsCodeInTheEvent() throws IOException {
        CanonicalInvoice invoice = HubMessages.consumer("ZZ00000001");
        invoice.setRemark("#REJECT:E0501");
        src(MigMessage.F0401, "reject.xml", HubMessages.WRITER.invoice(invoice));

        simulator.upCast();
        assertThat(messageRow()).containsEntry("status", "P");
        simulator.handOver();
        assertThat(messageRow()).containsEntry("status", "G");
        simulator.finishDue();

        assertThat(messageRow()).containsEntry("status", "E");
        assertThat(eventRow()).containsEntry("errorcode", "-999").containsEntry("message1", "E0501");
        assertThat(upcast.resolve("B2SSTORAGE/F0401/BAK/20261201/10/reject.xml")).exists();
    }

    @Test
    void everyTypeIsFiledUnderTheIdentifierTurnkeyWritesAndItsChannel() throws IOException {
        var w = HubMessages.WRITER;
        src(MigMessage.F0401, "1.xml", w.invoice(HubMessages.business("ZZ00000005")));
        src(MigMessage.F0501, "2.xml", w.cancel(HubMessages.cancel("ZZ00000001")));
        src(MigMessage.F0701, "3.xml", w.voidInvoice(HubMessages.voidInvoice("ZZ00000005")));
        src(MigMessage.G0401, "4.xml", w.allowance(HubMessages.allowance("AL2026112600001", "ZZ00000005")));
        src(MigMessage.G0501, "5.xml", w.cancelAllowance(HubMessages.cancelAllowance("AL2026112600001")));
        src(MigMessage.E0401, "6.xml", w.branchTrack(HubMessages.branchTrack()));
        src(MigMessage.E0402, "7.xml", w.branchTrackBlank(HubMessages.branchTrackBlank()));

        assertThat(simulator.upCast()).isEqualTo(7);

        assertThat(jdbc.sql("""
                        SELECT message_type || ' ' || invoice_identifier || ' ' || category_type || '/' || process_type
                            || ' ' || from_party_id || '>' || coalesce(to_party_id, '-') || ' ' || status
                        FROM turnkey_message_log ORDER BY message_type""").query(String.class).list())
                .containsExactly(
                        "E0401 12345675-ZZ00000000-00000999 B2P/MESSAGE 04595257>- P",
                        "E0402 12345675-ZZ07 B2P/MESSAGE 04595257>- P",
                        "F0401 F0401ZZ0000000520261125 B2S/STORAGE 04595257>12345675 P",
                        "F0501 F0501ZZ0000000120261126 B2S/STORAGE 04595257>0000000000 P",
                        "F0701 F0701ZZ0000000520261126 B2S/STORAGE 04595257>12345675 P",
                        "G0401 G0401AL202611260000120261126 B2S/STORAGE 04595257>12345675 P",
                        "G0501 G0501AL202611260000120261127 B2S/STORAGE 04595257>12345675 P");
    }

    @Test
    void dailySummaryHasThePlatformsAnswersButNeitherFilesTurnkeyRefusedNorRangeMessages() throws IOException {
        var w = HubMessages.WRITER;
        src(MigMessage.F0401, "good.xml", w.invoice(HubMessages.consumer("ZZ00000001")));
        CanonicalInvoice rejected = HubMessages.consumer("ZZ00000002");
        rejected.setRemark("#REJECT:E0501");
        src(MigMessage.F0401, "rejected.xml", w.invoice(rejected));
        src(MigMessage.F0401, "refused.xml", w.invoice(HubMessages.consumer("ZZ00000003")).replace("</Invoice>", "<X/></Invoice>"));
        src(MigMessage.E0401, "range.xml", w.branchTrack(HubMessages.branchTrack()));
        simulator.upCast();
        simulator.handOver();
        simulator.finishDue();

        Path file = SummaryWriter.write(jdbc, upcast.resolveSibling("summary"), LocalDate.of(2026, 12, 1), "MOF", "HUB",
                LocalDateTime.of(2026, 12, 1, 23, 55));

        assertThat(file.toString()).contains("20261201/23/SummaryResult_20261201_");
        assertThat(Files.readString(file)).contains("xmlns=\"urn:GEINV:SummaryResult:4.1\"");
        SummaryResult summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = new MigReader().readSummaryResult(in);
        }
        assertThat(summary.messages()).extracting(SummaryResult.MessageSummary::messageType).containsExactly("F0401");
        SummaryResult.MessageSummary f0401 = summary.messages().get(0);
        assertThat(f0401.total().count()).isEqualTo(2);
        assertThat(f0401.good().invoices()).containsExactly(new SummaryResult.Invoice("ZZ00000001", LocalDate.of(2026, 11, 25)));
        assertThat(f0401.failed().invoices()).containsExactly(new SummaryResult.Invoice("ZZ00000002", LocalDate.of(2026, 11, 25)));
    }

    private Map<String, Object> messageRow() {
        return jdbc.sql("SELECT * FROM turnkey_message_log").query().singleRow();
    }

    private Map<String, Object> eventRow() {
        return jdbc.sql("SELECT * FROM turnkey_sysevent_log").query().singleRow();
    }

    private static String pieces(Map<String, Object> event) {
        List<String> parts = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            if (event.get("message" + i) != null) {
                parts.add((String) event.get("message" + i));
            }
        }
        return String.join("", parts);
    }

    private Path src(MigMessage type, String name, String content) throws IOException {
        Path file = upcast.resolve(type.channel()).resolve(type.name()).resolve("SRC").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void age(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(seconds)));
    }

    /** Turnkey's clock, moved by the test. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            MovableClock self = this;
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId z) {
                    return self.withZone(z);
                }

                @Override
                public Instant instant() {
                    return self.instant();
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
