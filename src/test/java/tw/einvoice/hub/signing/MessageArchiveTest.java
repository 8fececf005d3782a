package tw.einvoice.hub.signing;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.invoice.ArchiveSeal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MessageArchiveTest {

    static final String SELLER = "04595257";
    static final byte[] INVOICE = """
            <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1"><Main><InvoiceNumber>AB12345678</InvoiceNumber>\
            <Seller><Name>範例商行</Name></Seller></Main></Invoice>""".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_INVOICE = new String(INVOICE, StandardCharsets.UTF_8)
            .replace("AB12345678", "AB12345679").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    private MessageArchive archive(boolean signing, boolean generate, Map<String, SigningProperties.Keystore> keystores) {
        SigningProperties properties = SigningProperties.of(signing, keystores, generate);
        return new MessageArchive(signing, new SigningKeys(properties, data.resolve("certs"),
                ban -> SELLER.equals(ban) ? Optional.of("範例商行") : Optional.empty()));
    }

    private MessageArchive archive() {
        return archive(true, true, Map.of());
    }

    private static byte[] withOneByteChanged(byte[] bytes) {
        byte[] altered = Arrays.copyOf(bytes, bytes.length);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("12345678") + 7;
        altered[at] = (byte) (altered[at] == '8' ? '9' : '8');
        return altered;
    }

    @Nested
    class Signed {

        @Test
        void aSealMadeByTheHubVerifiesAndNamesItsSignerAndCertificate() {
            MessageArchive archive = archive();
            ArchiveSeal seal = archive.seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(INVOICE, seal);

            assertThat(check.verdict()).as(check.problem()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(check.signed()).isTrue();
            assertThat(check.problem()).isNull();
            assertThat(check.signer()).isEqualTo("CN=範例商行 test,O=" + SELLER).isEqualTo(seal.signer());
            assertThat(check.certificate()).isEqualTo(new SigningKeys(SigningProperties.of(true, Map.of(), true),
                    data.resolve("certs"), ban -> Optional.of("範例商行")).forSeller(SELLER).fingerprint());
            assertThat(seal.sha256()).isEqualTo(MessageArchive.sha256(INVOICE)).hasSize(64);
        }

        @Test
        void oneAlteredByteFailsBecauseTheBytesNoLongerMatchTheSealedHash() {
            ArchiveSeal seal = archive().seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(withOneByteChanged(INVOICE), seal);

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.intact()).isFalse();
            assertThat(check.problem()).isEqualTo("the message's bytes no longer match the sealed SHA-256");
        }

        @Test
        void anAlteredMessageWhoseHashWasRewrittenToMatchStillFailsOnItsSignature() {
            ArchiveSeal seal = archive().seal(SELLER, INVOICE);
            byte[] altered = withOneByteChanged(INVOICE);
            ArchiveSeal rehashed = new ArchiveSeal(MessageArchive.sha256(altered), seal.signature(), seal.signer());

            MessageArchive.Check check = MessageArchive.check(altered, rehashed);

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.problem()).isEqualTo("the signature was made over other bytes than this message's");
        }

        @Test
        void anotherMessagesSignatureSwappedInFails() {
            MessageArchive archive = archive();
            ArchiveSeal mine = archive.seal(SELLER, INVOICE);
            ArchiveSeal others = archive.seal(SELLER, OTHER_INVOICE);

            MessageArchive.Check check = MessageArchive.check(INVOICE,
                    new ArchiveSeal(mine.sha256(), others.signature(), others.signer()));

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.problem()).isEqualTo("the signature was made over other bytes than this message's");
        }

        @Test
        void aSignatureThatIsNotCmsFailsSayingSo() {
            ArchiveSeal seal = archive().seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(INVOICE,
                    new ArchiveSeal(seal.sha256(), "not a signature".getBytes(StandardCharsets.US_ASCII), seal.signer()));

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.problem()).startsWith("the signature is not a readable CMS SignedData");
        }

        /**
         * The documented limit of {@link MessageArchive#check}: a message re-signed with a certificate made up for the
         * purpose verifies; what gives it away is the certificate's fingerprint, which check reports for comparison.
         */
        @Test
        void aSignatureByAnotherCertificateVerifiesButReportsThatCertificatesFingerprint() throws Exception {
            ArchiveSeal original = archive().seal(SELLER, INVOICE);
            Path forged = data.resolve("forged.p12");
            TestKeystores.write(forged, "pw", "範例商行", SELLER, Instant.now().plus(30, ChronoUnit.DAYS));
            ArchiveSeal resigned = archive(true, false, Map.of(SELLER, new SigningProperties.Keystore(forged, "pw", null)))
                    .seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(INVOICE, resigned);

            assertThat(check.intact()).isTrue();
            assertThat(check.signer()).isEqualTo(MessageArchive.check(INVOICE, original).signer());
            assertThat(check.certificate()).isNotEqualTo(MessageArchive.check(INVOICE, original).certificate());
        }

        @Test
        void anEcKeySignsAndVerifies() throws Exception {
            Path p12 = data.resolve("ec.p12");
            TestKeystores.write(p12, "pw", "seller", TestKeystores.ec(), "範例商行", SELLER, Instant.now().plus(90, ChronoUnit.DAYS));
            MessageArchive archive = archive(true, false, Map.of(SELLER, new SigningProperties.Keystore(p12, "pw", null)));

            ArchiveSeal seal = archive.seal(SELLER, INVOICE);

            assertThat(seal.signed()).isTrue();
            assertThat(MessageArchive.check(INVOICE, seal).verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(MessageArchive.check(withOneByteChanged(INVOICE), seal).verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
        }
    }

    @Nested
    class HashOnly {

        @Test
        void withSigningOffTheSealIsTheHashAloneAndVerifiesUnsigned() {
            MessageArchive off = archive(false, true, Map.of());

            ArchiveSeal seal = off.seal(SELLER, INVOICE);
            MessageArchive.Check check = MessageArchive.check(INVOICE, seal);

            assertThat(off.signing()).isFalse();
            assertThat(seal.signed()).isFalse();
            assertThat(seal.signer()).isNull();
            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(check.signed()).isFalse();
            assertThat(check.signer()).isNull();
            assertThat(data.resolve("certs")).as("no test certificate made").doesNotExist();
        }

        @Test
        void withoutACertificateAndWithoutTestCertificatesTheSealIsTheHashAlone() {
            ArchiveSeal seal = archive(true, false, Map.of()).seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(INVOICE, seal);

            assertThat(seal.signed()).isFalse();
            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(check.signed()).isFalse();
            assertThat(data.resolve("certs")).doesNotExist();
        }

        @Test
        void aHashOnlySealStillCatchesOneAlteredByte() {
            ArchiveSeal seal = archive(false, true, Map.of()).seal(SELLER, INVOICE);

            MessageArchive.Check check = MessageArchive.check(withOneByteChanged(INVOICE), seal);

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.signed()).isFalse();
            assertThat(check.problem()).isEqualTo("the message's bytes no longer match the sealed SHA-256");
        }

        @Test
        void anExpiredCertificateSealsWithTheHashAloneBecauseItsSignatureCouldNeverVerify() throws Exception {
            Path p12 = data.resolve("expired.p12");
            TestKeystores.write(p12, "pw", "範例商行", SELLER, Instant.now().minus(1, ChronoUnit.DAYS));

            ArchiveSeal seal = archive(true, false, Map.of(SELLER, new SigningProperties.Keystore(p12, "pw", null)))
                    .seal(SELLER, INVOICE);

            assertThat(seal.signed()).isFalse();
            assertThat(MessageArchive.check(INVOICE, seal).verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
        }

        @Test
        void aKeystoreThatCannotBeOpenedSealsWithTheHashAloneInsteadOfStoppingTheIssue() throws Exception {
            Path p12 = data.resolve("registered.p12");
            TestKeystores.write(p12, "right", "範例商行", SELLER, Instant.now().plus(90, ChronoUnit.DAYS));
            MessageArchive archive = archive(true, false, Map.of(SELLER, new SigningProperties.Keystore(p12, "wrong", null)));

            ArchiveSeal first = archive.seal(SELLER, INVOICE);
            ArchiveSeal second = archive.seal(SELLER, OTHER_INVOICE);

            assertThat(first.signed()).isFalse();
            assertThat(second.signed()).isFalse();
            assertThat(MessageArchive.check(INVOICE, first).intact()).isTrue();
        }
    }

    @Test
    void aMessageStoredBeforeSealingIsUnsealedNotAltered() {
        MessageArchive.Check none = MessageArchive.check(INVOICE, null);
        MessageArchive.Check empty = MessageArchive.check(INVOICE, new ArchiveSeal(null, null, null));

        assertThat(none.verdict()).isEqualTo(MessageArchive.Verdict.UNSEALED);
        assertThat(empty.verdict()).isEqualTo(MessageArchive.Verdict.UNSEALED);
        assertThat(none.problem()).isEqualTo("no seal (stored before messages were sealed)");
    }

    @Nested
    class Batched {

        static final byte[] THIRD_INVOICE = new String(INVOICE, StandardCharsets.UTF_8)
                .replace("AB12345678", "AB12345680").getBytes(StandardCharsets.UTF_8);

        @Test
        void everyMessageOfABatchVerifiesThroughOneManifestSignedOnce() {
            List<ArchiveSeal> seals = archive().sealBatch(SELLER, List.of(INVOICE, OTHER_INVOICE, THIRD_INVOICE));

            assertThat(seals).hasSize(3);
            ArchiveSeal.Manifest manifest = seals.get(0).manifest();
            assertThat(seals).allSatisfy(seal -> {
                assertThat(seal.manifest()).isSameAs(manifest);
                assertThat(seal.signature()).isNull();
                assertThat(seal.signed()).isTrue();
            });
            assertThat(new String(manifest.content(), StandardCharsets.UTF_8).lines().toList()).containsExactly(
                    MessageArchive.MANIFEST_HEADER, "seller " + SELLER, "sha256 " + MessageArchive.sha256(INVOICE),
                    "sha256 " + MessageArchive.sha256(OTHER_INVOICE), "sha256 " + MessageArchive.sha256(THIRD_INVOICE));
            byte[][] messages = {INVOICE, OTHER_INVOICE, THIRD_INVOICE};
            for (int i = 0; i < 3; i++) {
                MessageArchive.Check check = MessageArchive.check(messages[i], seals.get(i));
                assertThat(check.verdict()).as(check.problem()).isEqualTo(MessageArchive.Verdict.INTACT);
                assertThat(check.signed()).isTrue();
                assertThat(check.signer()).isEqualTo("CN=範例商行 test,O=" + SELLER);
                assertThat(check.certificate()).hasSize(64);
            }
        }

        @Test
        void aTamperedMessageIsAlteredWhileItsBatchMatesStillVerify() {
            List<ArchiveSeal> seals = archive().sealBatch(SELLER, List.of(INVOICE, OTHER_INVOICE, THIRD_INVOICE));

            MessageArchive.Check tampered = MessageArchive.check(withOneByteChanged(OTHER_INVOICE), seals.get(1));

            assertThat(tampered.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(tampered.problem()).isEqualTo("the message's bytes no longer match the sealed SHA-256");
            assertThat(MessageArchive.check(INVOICE, seals.get(0)).verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(MessageArchive.check(THIRD_INVOICE, seals.get(2)).verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
        }

        /* withOneByteChanged(INVOICE) is OTHER_INVOICE, so these batches leave it out */
        @Test
        void aMessageRehashedAfterItWasAlteredIsCaughtBecauseTheManifestDoesNotListItsHash() {
            List<ArchiveSeal> seals = archive().sealBatch(SELLER, List.of(INVOICE, THIRD_INVOICE));
            byte[] altered = withOneByteChanged(INVOICE);
            ArchiveSeal rehashed = new ArchiveSeal(MessageArchive.sha256(altered), null, seals.get(0).signer(),
                    seals.get(0).manifest());

            MessageArchive.Check check = MessageArchive.check(altered, rehashed);

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.problem()).isEqualTo("the sealed SHA-256 is not listed in its batch's manifest "
                    + seals.get(0).manifest().id());
        }

        @Test
        void aManifestRewrittenToListAnAlteredMessageFailsItsSignature() {
            List<ArchiveSeal> seals = archive().sealBatch(SELLER, List.of(INVOICE, THIRD_INVOICE));
            ArchiveSeal.Manifest signed = seals.get(0).manifest();
            byte[] altered = withOneByteChanged(INVOICE);
            byte[] rewritten = new String(signed.content(), StandardCharsets.UTF_8)
                    .replace(MessageArchive.sha256(INVOICE), MessageArchive.sha256(altered)).getBytes(StandardCharsets.UTF_8);
            ArchiveSeal forged = new ArchiveSeal(MessageArchive.sha256(altered), null, signed.signer(),
                    new ArchiveSeal.Manifest(signed.id(), SELLER, rewritten, signed.signature(), signed.signer()));

            MessageArchive.Check check = MessageArchive.check(altered, forged);

            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.ALTERED);
            assertThat(check.problem()).isEqualTo("the signature was made over other bytes than this manifest "
                    + signed.id() + "'s");
            assertThat(MessageArchive.check(THIRD_INVOICE, new ArchiveSeal(seals.get(1).sha256(), null, signed.signer(),
                    forged.manifest())).verdict()).as("its batch-mates lose the proof too: the manifest is forged")
                    .isEqualTo(MessageArchive.Verdict.ALTERED);
        }

        @Test
        void withoutACertificateABatchHasHashOnlySealsAndNoManifest() {
            List<ArchiveSeal> seals = archive(true, false, Map.of()).sealBatch(SELLER, List.of(INVOICE, OTHER_INVOICE));

            assertThat(seals).extracting(ArchiveSeal::manifest).containsOnlyNulls();
            assertThat(seals).extracting(ArchiveSeal::sha256)
                    .containsExactly(MessageArchive.sha256(INVOICE), MessageArchive.sha256(OTHER_INVOICE));
            MessageArchive.Check check = MessageArchive.check(INVOICE, seals.get(0));
            assertThat(check.verdict()).isEqualTo(MessageArchive.Verdict.INTACT);
            assertThat(check.signed()).isFalse();
        }
    }
}
