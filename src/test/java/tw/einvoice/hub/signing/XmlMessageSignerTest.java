package tw.einvoice.hub.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlMessageSignerTest {

    static final String SELLER = "04595257";
    static final String INVOICE = """
            <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1"><Main><InvoiceNumber>AB12345678</InvoiceNumber>\
            <Seller><Name>範例商行</Name></Seller></Main></Invoice>""";

    @TempDir
    Path data;

    private XmlMessageSigner signer(boolean enabled, boolean generate, Map<String, SigningProperties.Keystore> keystores) {
        SigningProperties properties = new SigningProperties(enabled, keystores, generate);
        return new XmlMessageSigner(properties, new SigningKeys(properties, data.resolve("certs"),
                ban -> SELLER.equals(ban) ? Optional.of("範例商行") : Optional.empty()));
    }

    private XmlMessageSigner signer() {
        return signer(true, true, Map.of());
    }

    @Test
    void aSignatureMadeByTheHubVerifies() {
        String signed = signer().sign(SELLER, INVOICE);

        MessageSigner.Verification result = signer().verify(signed);

        assertThat(result.valid()).as(result.reason()).isTrue();
        assertThat(result.signer()).contains("CN=範例商行 test").contains("O=" + SELLER);
        assertThat(signed).contains("<InvoiceNumber>AB12345678</InvoiceNumber>").contains("範例商行");
    }

    @Test
    void theSignatureIsAnEnvelopedRsaSha256ExclusiveC14nSignatureAsTheRootsLastChild() {
        String signed = signer().sign(SELLER, INVOICE);

        assertThat(signed)
                .contains("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"")
                .contains("Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"")
                .contains("Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"")
                .contains("Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"")
                .contains("URI=\"\"")
                .contains("<ds:X509Certificate>")
                .doesNotContain("&#13;")
                .containsPattern("</ds:Signature></Invoice>$");
    }

    @Test
    void changingOneTextNodeAfterSigningFailsVerification() {
        String signed = signer().sign(SELLER, INVOICE);
        String tampered = signed.replace("AB12345678", "AB12345679");

        MessageSigner.Verification result = signer().verify(tampered);

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("changed after signing");
    }

    @Test
    void removingTheSignatureFailsVerification() {
        String signed = signer().sign(SELLER, INVOICE);
        String stripped = signed.replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");

        MessageSigner.Verification result = signer().verify(stripped);

        assertThat(stripped).doesNotContain("Signature");
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).isEqualTo("no signature");
    }

    @Test
    void aSignatureOverADifferentKeyFailsVerification() throws Exception {
        String signed = signer().sign(SELLER, INVOICE);
        KeyPair other = rsa();
        X509Certificate foreign = SigningKeys.selfSigned(other, "別人", "12345676");
        String swapped = signed.replaceAll("<ds:X509Certificate>[^<]*</ds:X509Certificate>",
                "<ds:X509Certificate>" + java.util.Base64.getEncoder().encodeToString(foreign.getEncoded()) + "</ds:X509Certificate>");

        MessageSigner.Verification result = signer().verify(swapped);

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("does not match the certificate");
    }

    @Test
    void anXxePayloadIsRefusedAndNeverResolved() throws Exception {
        Path secret = Files.writeString(data.resolve("secret.txt"), "TOP-SECRET");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE Invoice [<!ENTITY x SYSTEM "%s">]>
                <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1"><Main><InvoiceNumber>&x;</InvoiceNumber></Main></Invoice>"""
                .formatted(secret.toUri());

        MessageSigner.Verification result = signer().verify(xxe);

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("DOCTYPE");
        assertThatThrownBy(() -> signer().sign(SELLER, xxe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void aDisabledSignerReturnsTheInputUnchanged() {
        XmlMessageSigner disabled = signer(false, true, Map.of());

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.sign(SELLER, INVOICE)).isSameAs(INVOICE);
        assertThat(data.resolve("certs")).doesNotExist();
    }

    @Test
    void theGeneratedCertificateIsKeptPrivateAndReusedBySignersOnTheSameFolder() throws Exception {
        SigningProperties properties = new SigningProperties(true, Map.of(), true);
        SigningKeys first = new SigningKeys(properties, data.resolve("certs"), ban -> Optional.of("範例商行"));
        SigningKeys second = new SigningKeys(properties, data.resolve("certs"), ban -> Optional.of("範例商行"));

        SigningKeys.SigningKey made = first.forSeller(SELLER);
        SigningKeys.SigningKey reused = second.forSeller(SELLER);

        assertThat(reused.fingerprint()).isEqualTo(made.fingerprint());
        assertThat(made.selfSignedTest()).isTrue();
        X509Certificate cert = made.certificate();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        long days = java.time.Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
        assertThat(days).isBetween(729L, 731L);
        Path p12 = data.resolve("certs").resolve(SELLER + ".p12");
        Path password = data.resolve("certs").resolve(SELLER + ".p12.password");
        assertThat(p12).exists();
        assertThat(password).exists();
        if (p12.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            assertThat(Files.getPosixFilePermissions(p12)).isEqualTo(ownerOnly);
            assertThat(Files.getPosixFilePermissions(password)).isEqualTo(ownerOnly);
        }
    }

    @Test
    void aConfiguredPkcs12IsUsedInsteadOfGeneratingOne() throws Exception {
        KeyPair pair = rsa();
        X509Certificate certificate = SigningKeys.selfSigned(pair, "Registered Seller", SELLER);
        Path p12 = data.resolve("registered.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("registered", pair.getPrivate(), "s3cret".toCharArray(), new Certificate[]{certificate});
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "s3cret".toCharArray());
        }
        // generation off: a missing or unused keystore would fail instead of silently making a test certificate
        XmlMessageSigner configured = signer(true, false,
                Map.of(SELLER, new SigningProperties.Keystore(p12, "s3cret", null)));

        MessageSigner.Verification result = configured.verify(configured.sign(SELLER, INVOICE));

        assertThat(result.valid()).isTrue();
        assertThat(result.signer()).contains("CN=Registered Seller test");
        assertThat(data.resolve("certs")).doesNotExist();
    }

    @Test
    void withoutAKeystoreAndWithoutGenerationSigningFailsNamingTheSetting() {
        XmlMessageSigner strict = signer(true, false, Map.of());

        assertThatThrownBy(() -> strict.sign(SELLER, INVOICE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.signing.keystores." + SELLER);
    }

    @Test
    void aSellerIdThatIsNotABanNeverReachesTheFileSystem() {
        assertThatThrownBy(() -> signer().sign("../../etc", INVOICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-digit BAN");
        assertThat(data.resolve("certs")).doesNotExist();
    }

    @Test
    void aWrongKeystorePasswordIsReportedWithoutThePassword() throws Exception {
        KeyPair pair = rsa();
        Path p12 = data.resolve("registered.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("k", pair.getPrivate(), "right".toCharArray(),
                new Certificate[]{SigningKeys.selfSigned(pair, "x", SELLER)});
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "right".toCharArray());
        }
        XmlMessageSigner wrong = signer(true, false, Map.of(SELLER, new SigningProperties.Keystore(p12, "wrong-pw", null)));

        assertThatThrownBy(() -> wrong.sign(SELLER, INVOICE))
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("wrong-pw");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
