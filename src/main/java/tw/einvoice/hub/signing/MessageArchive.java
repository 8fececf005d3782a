package tw.einvoice.hub.signing;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tw.einvoice.hub.invoice.ArchiveSeal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tamper-evident archive of what the hub emits. Files in Turnkey's UpCast stay bare MIG (Turnkey signs its
 * envelopes itself); the hub keeps, beside each message, the SHA-256 of its exact bytes and a detached CMS
 * signature with the seller's certificate: over the message itself, or (the issue stage's batches) over a manifest
 * listing the SHA-256 of every message of the batch, stored once and named by each message's seal. Without a usable
 * certificate the seal is the hash alone, and says so: an archive seal never stops a message from being issued.
 */
public class MessageArchive {

    private static final Logger log = LoggerFactory.getLogger(MessageArchive.class);

    private final boolean signing;
    private final SigningKeys keys;
    private final Clock clock;
    private final Set<String> hashOnlyLogged = ConcurrentHashMap.newKeySet();

    MessageArchive(boolean signing, SigningKeys keys) {
        this(signing, keys, Clock.systemUTC());
    }

    MessageArchive(boolean signing, SigningKeys keys, Clock clock) {
        this.signing = signing;
        this.keys = keys;
        this.clock = clock;
    }

    /** An archive signing with self-signed test certificates kept in {@code certFolder}: for benchmarks. */
    public static MessageArchive withTestCertificates(Path certFolder, Function<String, Optional<String>> sellerNames) {
        SigningProperties properties = SigningProperties.of(true, Map.of(), true);
        return new MessageArchive(true, new SigningKeys(properties, certFolder, sellerNames));
    }

    /** Whether seals carry signatures (hub.signing.enabled); otherwise they hold hashes only. */
    public boolean signing() {
        return signing;
    }

    /** The seal of one message's exact bytes, signed with the seller's certificate when there is a usable one. */
    public ArchiveSeal seal(String sellerId, byte[] message) {
        String sha256 = sha256(message);
        SigningKeys.SigningKey key = usableKey(sellerId);
        if (key == null) {
            return new ArchiveSeal(sha256, null, null);
        }
        return new ArchiveSeal(sha256, sign(sellerId, key, message), key.subject());
    }

    /** The first line of every manifest: what it is, and the layout of the lines after it. */
    static final String MANIFEST_HEADER = "einvoice-hub archive manifest 1";
    private static final String HASH_LINE = "sha256 ";

    /**
     * The seals of one issue batch of a seller's messages, in their order: each its message's SHA-256 and, when the
     * seller has a usable certificate, one manifest listing every hash of the batch with one signature over it. An
     * RSA signature costs more than rendering and storing a message, so one per batch instead of one per message.
     */
    public List<ArchiveSeal> sealBatch(String sellerId, List<byte[]> batch) {
        List<String> hashes = batch.stream().map(MessageArchive::sha256).toList();
        SigningKeys.SigningKey key = batch.isEmpty() ? null : usableKey(sellerId);
        if (key == null) {
            return hashes.stream().map(h -> new ArchiveSeal(h, null, null)).toList();
        }
        StringBuilder text = new StringBuilder(MANIFEST_HEADER).append('\n')
                .append("seller ").append(sellerId).append('\n');
        hashes.forEach(h -> text.append(HASH_LINE).append(h).append('\n'));
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        ArchiveSeal.Manifest manifest = new ArchiveSeal.Manifest(UUID.randomUUID(), sellerId, content,
                sign(sellerId, key, content), key.subject());
        return hashes.stream().map(h -> new ArchiveSeal(h, null, key.subject(), manifest)).toList();
    }

    /** The seller's certificate when a seal can carry its signature; null when the seal holds a hash only. */
    private SigningKeys.SigningKey usableKey(String sellerId) {
        if (!signing) {
            return null;
        }
        SigningKeys.SigningKey key = keys.forSellerIfAny(sellerId).orElse(null);
        if (key == null) {
            if (hashOnlyLogged.add(sellerId)) {
                log.warn("Seller {} has no usable certificate (hub.signing.keystores.{}): its archived messages carry a hash only",
                        sellerId, sellerId);
            }
            return null;
        }
        if (!key.validAt(clock.instant())) {
            // CMS verification checks the certificate at signing time, so such a seal could never verify
            if (hashOnlyLogged.add(key.fingerprint())) {
                log.warn("Seller {}'s certificate {} (SHA-256 {}) is not valid now (valid {} to {}): its archived messages "
                                + "carry a hash only until a valid certificate is installed", sellerId, key.subject(),
                        key.fingerprint(), key.certificate().getNotBefore().toInstant(), key.notAfter());
            }
            return null;
        }
        return key;
    }

    private static byte[] sign(String sellerId, SigningKeys.SigningKey key, byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(SigningKeys.signatureAlgorithm(key.privateKey())).build(key.privateKey()),
                            key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("could not seal a message of seller " + sellerId, e);
        }
    }

    /** What re-checking a stored message against its seal found. */
    public enum Verdict {
        /** The bytes hash to the sealed SHA-256, and the signature, if any, verifies over them. */
        INTACT,
        /** No seal: the message was stored before messages were sealed. */
        UNSEALED,
        /** The bytes, the hash or the signature no longer agree. */
        ALTERED
    }

    /**
     * The outcome of re-checking a stored message against its seal.
     *
     * @param signed      the seal carries a signature (false: hash only, or no seal)
     * @param signer      the subject of the certificate the signature carries (or the one the seal names when the
     *                    signature cannot be read)
     * @param certificate SHA-256 of that certificate, hex: to compare with the seller's registered certificate
     * @param problem     why it is not intact; null when it is
     */
    public record Check(Verdict verdict, boolean signed, String signer, String certificate, String problem) {

        public boolean intact() {
            return verdict == Verdict.INTACT;
        }
    }

    /**
     * Re-checks {@code message} against {@code seal}; plain Java, so the command line can run it without the hub.
     * <p>
     * It proves the bytes are the ones the signer signed, and that the signer's certificate was valid when it
     * signed. It does not prove the certificate is the seller's registered one: that needs a trust anchor outside
     * the database (the certificate authority's chain), since whoever can rewrite a message and its seal can also
     * sign it with a certificate made up for the purpose. {@link Check#certificate()} is there to compare.
     */
    public static Check check(byte[] message, ArchiveSeal seal) {
        if (seal == null || seal.sha256() == null) {
            return new Check(Verdict.UNSEALED, false, null, null, "no seal (stored before messages were sealed)");
        }
        if (!sha256(message).equals(seal.sha256().strip())) {
            return new Check(Verdict.ALTERED, seal.signed(), seal.signer(), null,
                    "the message's bytes no longer match the sealed SHA-256");
        }
        if (seal.manifest() != null) {
            return checkListed(seal);
        }
        if (!seal.signed()) {
            return new Check(Verdict.INTACT, false, null, null, null);
        }
        return verify(message, seal.signature(), seal.signer(), "message");
    }

    /** A seal whose signature is its batch's: the hash must be listed in the manifest, and the manifest signed. */
    private static Check checkListed(ArchiveSeal seal) {
        ArchiveSeal.Manifest manifest = seal.manifest();
        if (manifest.content() == null || manifest.signature() == null) {
            return altered(seal.signer(), null, "the seal names manifest " + manifest.id() + ", which is missing");
        }
        if (!listed(manifest.content(), seal.sha256().strip())) {
            return altered(manifest.signer(), null, "the sealed SHA-256 is not listed in its batch's manifest "
                    + manifest.id());
        }
        return verify(manifest.content(), manifest.signature(), manifest.signer(), "manifest " + manifest.id());
    }

    private static boolean listed(byte[] content, String sha256) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(MANIFEST_HEADER + "\n")) {
            return false;
        }
        return text.lines().anyMatch(line -> line.equals(HASH_LINE + sha256));
    }

    /** Whether {@code signature} is one readable CMS signature over exactly {@code content}, by a valid certificate. */
    private static Check verify(byte[] content, byte[] signature, String signerHint, String what) {
        CMSSignedData data;
        try {
            data = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | RuntimeException e) {
            return altered(signerHint, null, "the signature is not a readable CMS SignedData (" + e.getMessage() + ")");
        }
        Collection<SignerInformation> signers = data.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            return altered(signerHint, null, "expected one signer in the signature, found " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certificates = data.getCertificates().getMatches(signer.getSID());
        if (certificates.isEmpty()) {
            return altered(signerHint, null, "the signature carries no certificate of its signer");
        }
        X509CertificateHolder certificate = certificates.iterator().next();
        String subject = certificate.getSubject().toString();
        String fingerprint;
        try {
            fingerprint = sha256(certificate.getEncoded());
        } catch (IOException e) {
            return altered(subject, null, "the signer's certificate cannot be encoded (" + e.getMessage() + ")");
        }
        try {
            if (signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
                return new Check(Verdict.INTACT, true, subject, fingerprint, null);
            }
            return altered(subject, fingerprint, "the signature does not verify over the " + what + "'s bytes");
        } catch (CMSSignerDigestMismatchException e) {
            return altered(subject, fingerprint, "the signature was made over other bytes than this " + what + "'s");
        } catch (CMSVerifierCertificateNotValidException e) {
            return altered(subject, fingerprint, "the signer's certificate was not valid at the signing time the signature states");
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return altered(subject, fingerprint, "the signature could not be checked (" + e.getMessage() + ")");
        }
    }

    private static Check altered(String signer, String certificate, String problem) {
        return new Check(Verdict.ALTERED, true, signer, certificate, problem);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
