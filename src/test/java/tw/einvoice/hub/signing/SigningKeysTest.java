package tw.einvoice.hub.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    static final String SELLER = "04595257";

    @TempDir
    Path data;

    private SigningKeys keys(boolean generate, Map<String, SigningProperties.Keystore> keystores) {
        return keys(generate, keystores, Clock.systemUTC());
    }

    private SigningKeys keys(boolean generate, Map<String, SigningProperties.Keystore> keystores, Clock clock) {
        return new SigningKeys(SigningProperties.of(true, keystores, generate), data.resolve("certs"),
                ban -> SELLER.equals(ban) ? Optional.of("範例商行") : Optional.empty(), clock);
    }

    private static Map<String, SigningProperties.Keystore> keystore(Path p12, String password, String alias) {
        return Map.of(SELLER, new SigningProperties.Keystore(p12, password, alias));
    }

    @Test
    void theGeneratedTestCertificateIsKeptPrivateAndReusedByKeysOnTheSameFolder() {
        SigningKeys.SigningKey made = keys(true, Map.of()).forSeller(SELLER);
        SigningKeys.SigningKey reused = keys(true, Map.of()).forSeller(SELLER);

        assertThat(reused.fingerprint()).isEqualTo(made.fingerprint());
        assertThat(made.selfSignedTest()).isTrue();
        assertThat(made.subject()).isEqualTo("CN=範例商行 test,O=" + SELLER);
        X509Certificate cert = made.certificate();
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays()).isBetween(729L, 731L);
        Path p12 = data.resolve("certs").resolve(SELLER + ".p12");
        Path password = data.resolve("certs").resolve(SELLER + ".p12.password");
        if (p12.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            assertThat(p12).satisfies(p -> assertThat(Files.getPosixFilePermissions(p)).isEqualTo(ownerOnly));
            assertThat(password).satisfies(p -> assertThat(Files.getPosixFilePermissions(p)).isEqualTo(ownerOnly));
        } else {
            assertThat(p12).exists();
            assertThat(password).exists();
        }
    }

    @Test
    void anExpiredTestCertificateIsReplacedByANewOne() {
        SigningKeys.SigningKey first = keys(true, Map.of()).forSeller(SELLER);
        Clock twoYearsOn = Clock.offset(Clock.systemUTC(), Duration.ofDays(731));

        SigningKeys.SigningKey next = keys(true, Map.of(), twoYearsOn).forSeller(SELLER);

        assertThat(next.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(next.validAt(twoYearsOn.instant())).isTrue();
        assertThat(keys(true, Map.of(), twoYearsOn).forSeller(SELLER).fingerprint()).as("the new one is kept")
                .isEqualTo(next.fingerprint());
    }

    @Test
    void aConfiguredPkcs12IsUsedInsteadOfGeneratingOne() throws Exception {
        Path p12 = data.resolve("registered.p12");
        X509Certificate registered = TestKeystores.write(p12, "s3cret", "Registered Seller", SELLER,
                Instant.now().plus(365, ChronoUnit.DAYS));

        SigningKeys.SigningKey key = keys(true, keystore(p12, "s3cret", null)).forSeller(SELLER);

        assertThat(key.certificate()).isEqualTo(registered);
        assertThat(key.selfSignedTest()).isFalse();
        assertThat(key.source()).isEqualTo(p12.toString());
        assertThat(data.resolve("certs")).doesNotExist();
    }

    @Test
    void theAliasPicksItsEntryOutOfSeveral() throws Exception {
        Path p12 = data.resolve("two.p12");
        KeyPair first = TestKeystores.rsa();
        KeyPair second = TestKeystores.ec();
        Instant notAfter = Instant.now().plus(100, ChronoUnit.DAYS);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("first", first.getPrivate(), "pw".toCharArray(),
                new Certificate[]{SigningKeys.selfSigned(first, "First", SELLER, Instant.now(), notAfter)});
        X509Certificate wanted = SigningKeys.selfSigned(second, "Second", SELLER, Instant.now(), notAfter);
        store.setKeyEntry("second", second.getPrivate(), "pw".toCharArray(), new Certificate[]{wanted});
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "pw".toCharArray());
        }

        assertThat(keys(false, keystore(p12, "pw", "second")).forSeller(SELLER).certificate()).isEqualTo(wanted);
        assertThatThrownBy(() -> keys(false, keystore(p12, "pw", "third")).forSeller(SELLER))
                .hasMessageContaining("no private key under alias 'third'").hasMessageContaining(p12.toString());
    }

    @Test
    void aWrongKeystorePasswordIsReportedWithTheFileButWithoutThePassword() throws Exception {
        Path p12 = data.resolve("registered.p12");
        TestKeystores.write(p12, "right", "x", SELLER, Instant.now().plus(30, ChronoUnit.DAYS));

        assertThatThrownBy(() -> keys(false, keystore(p12, "wrong-pw", null)).forSeller(SELLER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(p12.toString())
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("wrong-pw");
    }

    @Test
    void aMissingKeystoreFileIsNamed() {
        Path missing = data.resolve("nowhere.p12");

        assertThatThrownBy(() -> keys(false, keystore(missing, "pw", null)).forSeller(SELLER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("signing keystore " + missing + " does not exist (or is not a file)");
    }

    @Test
    void withoutAKeystoreAndWithoutGenerationThereIsNoKeyAndAskingForOneNamesTheSetting() {
        SigningKeys strict = keys(false, Map.of());

        assertThat(strict.forSellerIfAny(SELLER)).isEmpty();
        assertThatThrownBy(() -> strict.forSeller(SELLER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.signing.keystores." + SELLER);
    }

    @Test
    void aSellerIdThatIsNotABanNeverReachesTheFileSystem() {
        assertThatThrownBy(() -> keys(true, Map.of()).forSeller("../../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-digit BAN");
        assertThat(data.resolve("certs")).doesNotExist();
    }

    @Test
    void readingAgainPicksUpACertificateRenewedInPlaceWithoutARestart() throws Exception {
        Path p12 = data.resolve("registered.p12");
        TestKeystores.write(p12, "pw", "範例商行", SELLER, Instant.now().plus(5, ChronoUnit.DAYS));
        SigningKeys keys = keys(false, keystore(p12, "pw", null));
        String before = keys.forSeller(SELLER).fingerprint();
        X509Certificate renewed = TestKeystores.write(p12, "pw", "範例商行", SELLER, Instant.now().plus(400, ChronoUnit.DAYS));

        assertThat(keys.forSeller(SELLER).fingerprint()).as("cached until read again").isEqualTo(before);
        assertThat(keys.reread(SELLER)).get().extracting(SigningKeys.SigningKey::certificate).isEqualTo(renewed);
        assertThat(keys.forSeller(SELLER).certificate()).isEqualTo(renewed);
    }

    @Test
    void aKeystoreThatFailedIsSkippedUntilReadAgainSuccessfully() throws Exception {
        Path p12 = data.resolve("registered.p12");
        SigningKeys keys = keys(false, keystore(p12, "pw", null));

        assertThat(keys.forSellerIfAny(SELLER)).as("file missing").isEmpty();
        TestKeystores.write(p12, "pw", "範例商行", SELLER, Instant.now().plus(90, ChronoUnit.DAYS));
        assertThat(keys.forSellerIfAny(SELLER)).as("still remembered as unreadable").isEmpty();

        assertThat(keys.reread(SELLER)).isPresent();
        assertThat(keys.forSellerIfAny(SELLER)).isPresent();
    }

    @Test
    void readingAgainFindsNothingForASellerWithoutKeystoreWhoseTestCertificateWasNeverMade() {
        assertThat(keys(true, Map.of()).reread(SELLER)).isEmpty();
        assertThat(data.resolve("certs")).doesNotExist();
    }
}
