package tw.einvoice.hub.invoice;

/**
 * What the hub keeps to prove a message it emitted was not altered afterwards: the SHA-256 of its exact bytes and,
 * when the seller has a certificate, a detached CMS signature over the same bytes.
 *
 * @param sha256    lowercase hex SHA-256 of the message's UTF-8 bytes
 * @param signature DER-encoded detached CMS SignedData, or null when the archive holds the hash only
 * @param signer    the signing certificate's subject, or null with no signature
 */
public record ArchiveSeal(String sha256, byte[] signature, String signer) {

    public boolean signed() {
        return signature != null;
    }
}
