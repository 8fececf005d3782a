package tw.einvoice.hub.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.invoice.ArchiveSeal;
import tw.einvoice.hub.signing.MessageArchive;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code archive verify} against a real PostgreSQL holding the hub's schema, as an operator runs it beside the hub. */
class ArchiveVerifyCliTest {

    static final String SELLER = "04595257";

    static EmbeddedPostgres postgres;
    static JdbcClient jdbc;
    static MessageArchive archive;

    @TempDir
    static Path certs;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        archive = MessageArchive.withTestCertificates(certs, ban -> Optional.of("範例商行"));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void emptyArchive() {
        jdbc.sql("DELETE FROM invoice_message").update();
    }

    record Result(int exitCode, List<String> out, String err) {
    }

    private static Result hub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCli.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
        return new Result(code, out.toString().lines().toList(), err.toString());
    }

    private static Result verify(String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"archive", "verify", "--db-url", postgres.getJdbcUrl("postgres", "postgres"),
                "--page-size=2"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return hub(args);
    }

    private static String xml(String number) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1"><Main><InvoiceNumber>%s</InvoiceNumber>\
                <Seller><Identifier>04595257</Identifier><Name>範例商行</Name></Seller></Main></Invoice>""".formatted(number);
    }

    /** Stores an F0401 the way the issue stage does, created at {@code created} (Taipei time). */
    private static UUID store(String number, String created, ArchiveSeal seal) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO invoice_message (id, message_type, seller_id, reference, message_date, identifier, file_name,
                            xml, status, created_at, archive_sha256, archive_signature, archive_signer)
                        VALUES (?, 'F0401', ?, ?, '20261125', ?, ?, ?, 'CONFIRMED', ?::timestamptz, ?, ?, ?)""")
                .params(id, SELLER, number, "F0401" + number + "20261125", "F0401_" + number + ".xml", xml(number),
                        created + "+08:00", seal == null ? null : seal.sha256(), seal == null ? null : seal.signature(),
                        seal == null ? null : seal.signer())
                .update();
        return id;
    }

    private static UUID signed(String number, String created) {
        return store(number, created, archive.seal(SELLER, xml(number).getBytes(StandardCharsets.UTF_8)));
    }

    private static UUID hashOnly(String number, String created) throws Exception {
        byte[] bytes = xml(number).getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return store(number, created, new ArchiveSeal(sha256, null, null));
    }

    /** Stores an issue batch the way the issue stage does: one signed manifest, each message's seal naming it. */
    private static List<UUID> batch(String created, String... numbers) {
        List<ArchiveSeal> seals = archive.sealBatch(SELLER, java.util.Arrays.stream(numbers)
                .map(n -> xml(n).getBytes(StandardCharsets.UTF_8)).toList());
        ArchiveSeal.Manifest manifest = seals.get(0).manifest();
        jdbc.sql("INSERT INTO archive_manifest (id, seller_id, content, signature, signer) VALUES (?, ?, ?, ?, ?)")
                .params(manifest.id(), SELLER, manifest.content(), manifest.signature(), manifest.signer()).update();
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            UUID id = store(numbers[i], created, seals.get(i));
            jdbc.sql("UPDATE invoice_message SET archive_manifest_id = ? WHERE id = ?").params(manifest.id(), id).update();
            ids.add(id);
        }
        return ids;
    }

    @Test
    void aBatchSealedByOneManifestVerifiesBesideMessagesSealedOneByOne() {
        signed("AB00000001", "2026-11-25T10:00:00");
        batch("2026-11-25T10:00:01", "AB00000002", "AB00000003", "AB00000004");

        Result result = verify();

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).containsExactly("checked 4: 4 intact signed, 0 intact hash-only, 0 unsealed, 0 altered");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aTamperedMessageInABatchIsNamedWhileItsBatchMatesVerify() {
        List<UUID> ids = batch("2026-11-25T10:00:01", "AB00000002", "AB00000003", "AB00000004");
        UUID altered = ids.get(1);
        // altered and rehashed: only the signed manifest still knows its real hash
        jdbc.sql("""
                        UPDATE invoice_message SET xml = replace(xml, 'AB00000003', 'AB00000009'),
                            archive_sha256 = encode(sha256(convert_to(replace(xml, 'AB00000003', 'AB00000009'), 'UTF8')), 'hex')
                        WHERE id = ?""").param(altered).update();

        Result result = verify();

        String manifest = jdbc.sql("SELECT archive_manifest_id::text FROM invoice_message WHERE id = ?").param(altered)
                .query(String.class).single();
        assertThat(result.out()).containsExactly(
                "ALTERED F0401 AB00000003 F0401AB0000000320261125 " + altered
                        + " 2026-11-25T10:00:01+08:00 the sealed SHA-256 is not listed in its batch's manifest " + manifest,
                "checked 3: 2 intact signed, 0 intact hash-only, 0 unsealed, 1 altered");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void anIntactArchiveExitsZeroWithOnlyTheSummaryAcrossSeveralPages() throws Exception {
        signed("AB00000001", "2026-11-25T10:00:00");
        signed("AB00000002", "2026-11-25T10:00:01");
        signed("AB00000003", "2026-11-25T10:00:01");
        hashOnly("AB00000004", "2026-11-25T10:00:02");
        signed("AB00000005", "2026-11-25T10:00:03");

        Result result = verify();

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).containsExactly("checked 5: 4 intact signed, 1 intact hash-only, 0 unsealed, 0 altered");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void oneAlteredByteInAStoredMessageIsNamedAndExitsOne() throws Exception {
        signed("AB00000001", "2026-11-25T10:00:00");
        UUID altered = signed("AB00000002", "2026-11-25T10:00:01");
        signed("AB00000003", "2026-11-25T10:00:02");
        hashOnly("AB00000004", "2026-11-25T10:00:03");
        // one byte: the last digit of the invoice number
        jdbc.sql("UPDATE invoice_message SET xml = replace(xml, '>AB00000002<', '>AB00000003<') WHERE id = ?").param(altered).update();

        Result result = verify();

        assertThat(result.out()).containsExactly(
                "ALTERED F0401 AB00000002 F0401AB0000000220261125 " + altered
                        + " 2026-11-25T10:00:01+08:00 the message's bytes no longer match the sealed SHA-256",
                "checked 4: 2 intact signed, 1 intact hash-only, 0 unsealed, 1 altered");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void aMessageRehashedAfterItWasAlteredIsCaughtByItsSignature() {
        UUID altered = signed("AB00000001", "2026-11-25T10:00:00");
        jdbc.sql("""
                        UPDATE invoice_message SET xml = replace(xml, 'AB00000001', 'AB00000009'),
                            archive_sha256 = encode(sha256(convert_to(replace(xml, 'AB00000001', 'AB00000009'), 'UTF8')), 'hex')
                        WHERE id = ?""").param(altered).update();

        Result result = verify();

        assertThat(result.out()).containsExactly(
                "ALTERED F0401 AB00000001 F0401AB0000000120261125 " + altered
                        + " 2026-11-25T10:00:00+08:00 the signature was made over other bytes than this message's",
                "checked 1: 0 intact signed, 0 intact hash-only, 0 unsealed, 1 altered");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void messagesStoredBeforeSealingAreListedButDoNotFailTheCheck() {
        signed("AB00000001", "2026-11-25T10:00:00");
        UUID old = store("AB00000002", "2026-11-20T09:30:00", null);

        Result result = verify();

        assertThat(result.out()).containsExactly(
                "UNSEALED F0401 AB00000002 F0401AB0000000220261125 " + old
                        + " 2026-11-20T09:30:00+08:00 no seal (stored before messages were sealed)",
                "checked 2: 1 intact signed, 0 intact hash-only, 1 unsealed, 0 altered");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void fromChecksOnlyMessagesCreatedOnOrAfterThatDayInTaiwan() {
        UUID before = signed("AB00000001", "2026-11-24T23:59:59");
        signed("AB00000002", "2026-11-25T00:00:00");
        signed("AB00000003", "2026-11-26T08:00:00");
        jdbc.sql("UPDATE invoice_message SET xml = xml || ' ' WHERE id = ?").param(before).update();

        Result result = verify("--from", "2026-11-25");

        assertThat(result.out()).containsExactly("checked 2: 2 intact signed, 0 intact hash-only, 0 unsealed, 0 altered");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aFromThatIsNotADateIsAUsageError() {
        Result result = verify("--from", "25/11/2026");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("--from must be a date (yyyy-MM-dd): 25/11/2026");
    }

    @Test
    void anUnreachableDatabaseExitsThreeSayingNothingWasVerified() {
        Result result = hub("archive", "verify", "--db-url", "jdbc:postgresql://127.0.0.1:1/hub", "--db-password", "s3cret");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("archive verify: cannot read jdbc:postgresql://127.0.0.1:1/hub: ")
                .doesNotContain("s3cret");
    }

    @Test
    void withoutAUrlAndWithoutARunningHubItExitsThreeNamingWhereItLooked(@TempDir Path empty) {
        // HUB_DB_URL of the environment running the tests would win over --data-dir
        assumeTrue(System.getenv("HUB_DB_URL") == null);

        Result result = hub("archive", "verify", "--data-dir", empty.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("archive verify: no --db-url or HUB_DB_URL, and no running embedded hub database at "
                + empty.resolve("postgres").resolve("postmaster.pid"));
    }

    @Test
    void theGroupWithoutVerifyIsAUsageError() {
        Result result = hub("archive");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("name a subcommand: verify");
    }
}
