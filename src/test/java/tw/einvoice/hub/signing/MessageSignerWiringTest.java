package tw.einvoice.hub.signing;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tw.einvoice.hub.HubIntegrationTest;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's signer bean: configured from hub.signing, keeping test certificates in the data folder. */
class MessageSignerWiringTest extends HubIntegrationTest {

    @Autowired
    MessageSigner signer;

    @Value("${hub.data-dir}")
    Path dataDir;

    @Test
    void theHubSignsForAConfiguredSellerWithATestCertificateKeptInTheDataFolder() {
        String signed = signer.sign(DEMO_SELLER, XmlMessageSignerTest.INVOICE);

        MessageSigner.Verification result = signer.verify(signed);

        assertThat(signer.enabled()).isTrue();
        assertThat(result.valid()).as(result.reason()).isTrue();
        assertThat(result.signer()).contains("CN=範例商行 test");
        assertThat(dataDir.resolve("certs").resolve(DEMO_SELLER + ".p12")).exists();
    }
}
