package tw.einvoice.hub.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness around Turnkey's own validator reports what Turnkey does, so the conformance tests can rely on it. */
class TurnkeyValidatorTest {

    @TempDir
    Path dir;

    @Test
    void messagesThePlatformAcceptedAreOkUnderTheirTurnkeyIdentifier() throws IOException {
        Path samples = Reference.folder("turnkey-3.2.1/samples-accepted");
        Path accepted = samples.resolve("F0401_LP50936600.xml");
        Path signed = dir.resolve("signed.xml");
        Files.writeString(signed, Files.readString(accepted, StandardCharsets.UTF_8).replace("</Invoice>",
                "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature></Invoice>"),
                StandardCharsets.UTF_8);

        Map<String, TurnkeyValidator.Verdict> verdicts = TurnkeyValidator.validate("F0401", List.of(accepted, signed));

        assertThat(verdicts.get("F0401_LP50936600.xml").ok()).isTrue();
        assertThat(verdicts.get("F0401_LP50936600.xml").identifier()).isEqualTo("F0401LP5093660020260923");
        assertThat(verdicts.get("F0401_LP50936600.xml").to()).isEqualTo("0000000000");
        assertThat(verdicts.get("signed.xml").ok()).isFalse();
        assertThat(verdicts.get("signed.xml").stage()).isEqualTo("xsd");
        assertThat(verdicts.get("signed.xml").code()).isEqualTo("7013");
        assertThat(verdicts.get("signed.xml").message()).contains("ds:Signature");
    }
}
