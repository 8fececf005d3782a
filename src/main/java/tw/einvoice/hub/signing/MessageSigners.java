package tw.einvoice.hub.signing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Signers outside Spring, for the command-line tools and benchmarks. */
public final class MessageSigners {

    private MessageSigners() {
    }

    /** Signs with self-signed test certificates kept (and reused) in {@code certFolder}. */
    public static MessageSigner withTestCertificates(Path certFolder, Function<String, Optional<String>> sellerNames) {
        SigningProperties properties = new SigningProperties(true, Map.of(), true);
        return new XmlMessageSigner(properties, new SigningKeys(properties, certFolder, sellerNames));
    }
}
