package tw.einvoice.hub.invoice;

import java.util.UUID;

/**
 * What the hub keeps to prove a message it emitted was not altered afterwards: the SHA-256 of its exact bytes and,
 * when the seller has a certificate, a detached CMS signature: over the same bytes (one per message), or over the
 * signed manifest of the issue batch the message was made in, which lists the message's SHA-256.
 *
 * @param sha256    lowercase hex SHA-256 of the message's UTF-8 bytes
 * @param signature DER-encoded detached CMS SignedData over the message, or null when the archive holds the hash
 *                  only or the manifest carries the signature
 * @param signer    the signing certificate's subject, or null with no signature
 * @param manifest  the signed manifest that lists {@code sha256}, or null
 */
public record ArchiveSeal(String sha256, byte[] signature, String signer, Manifest manifest) {

    public ArchiveSeal(String sha256, byte[] signature, String signer) {
        this(sha256, signature, signer, null);
    }

    /**
     * The SHA-256s of one issue batch's messages, signed once.
     *
     * @param content   the manifest's exact bytes (UTF-8 text, one {@code sha256 <hex>} line per message)
     * @param signature DER-encoded detached CMS SignedData over {@code content}
     */
    public record Manifest(UUID id, String sellerId, byte[] content, byte[] signature, String signer) {
    }

    public boolean signed() {
        return signature != null || manifest != null && manifest.signature() != null;
    }
}
