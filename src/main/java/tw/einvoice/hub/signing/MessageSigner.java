package tw.einvoice.hub.signing;

/**
 * Enveloped XML signatures with each seller's certificate (RSA-SHA256, exclusive C14N, the certificate
 * in KeyInfo). The hub's bean is configured by {@code hub.signing}.
 */
public interface MessageSigner {

    /** Whether the hub signs (off when Turnkey signs by itself). */
    boolean enabled();

    /** The message with an enveloped RSA-SHA256 signature by the seller's certificate; unchanged when disabled. */
    String sign(String sellerId, String xml);

    /** Checks the enveloped signature of an inbound or outbound message. */
    Verification verify(String xml);

    record Verification(boolean valid, String signer, String reason) {
    }
}
