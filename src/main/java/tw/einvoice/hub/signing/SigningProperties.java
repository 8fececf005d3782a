package tw.einvoice.hub.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code hub.signing.*}.
 *
 * @param enabled                  archive signatures: each emitted message's bytes signed (detached CMS) with the
 *                                 seller's certificate; false keeps hashes only. Turnkey signs what it uploads.
 * @param keystores                per seller BAN, the PKCS#12 file holding its software certificate (.pfx/.p12)
 * @param generateTestCertificates for a seller without a keystore, make and keep a self-signed test
 *                                 certificate; the embedded default turns it on, production turns it off so
 *                                 a missing keystore is an error instead of a certificate the platform refuses
 */
@ConfigurationProperties("hub.signing")
record SigningProperties(Boolean enabled, Map<String, Keystore> keystores, Boolean generateTestCertificates) {

    SigningProperties {
        enabled = enabled == null || enabled;
        keystores = keystores == null ? Map.of() : Map.copyOf(keystores);
        generateTestCertificates = generateTestCertificates == null || generateTestCertificates;
    }

    /**
     * @param alias optional; the first key entry of the file when unset
     */
    record Keystore(Path path, String password, String alias) {
        @Override
        public String toString() {
            // keeps the password out of logs and error messages that print the settings
            return "Keystore[path=" + path + ", alias=" + alias + "]";
        }
    }
}
