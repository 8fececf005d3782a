package tw.einvoice.hub.signing;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** PKCS#12 files as a seller's certificate authority would hand them out, made with BouncyCastle for tests. */
final class TestKeystores {

    private TestKeystores() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A keystore at {@code file} holding one key entry {@code alias} whose certificate ends at {@code notAfter}. */
    static X509Certificate write(Path file, String password, String alias, KeyPair pair, String sellerName,
                                        String ban, Instant notAfter) throws Exception {
        X509Certificate certificate = SigningKeys.selfSigned(pair, sellerName, ban,
                notAfter.minus(365, ChronoUnit.DAYS), notAfter);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, pair.getPrivate(), password.toCharArray(), new Certificate[]{certificate});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return certificate;
    }

    /** An RSA keystore valid for a year ending at {@code notAfter}. */
    static X509Certificate write(Path file, String password, String sellerName, String ban, Instant notAfter)
            throws Exception {
        return write(file, password, "seller", rsa(), sellerName, ban, notAfter);
    }
}
