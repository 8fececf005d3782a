package tw.einvoice.hub.signing;

/** STUB: enveloped XML signatures with each seller's certificate (implemented on the signing branch). */
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
