package tw.einvoice.hub.signing;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tamper-evident archive of what the hub emits. Files in Turnkey's UpCast stay bare MIG (Turnkey signs its
 * envelopes itself); the hub keeps, beside each message, the SHA-256 of its exact bytes and a detached CMS
 * signature over them with the seller's certificate. Without a certificate the seal is the hash alone, and says so.
 */
public class MessageArchive {

    private static final Logger log = LoggerFactory.getLogger(MessageArchive.class);

    private final boolean signing;
    private final SigningKeys keys;
    private final Set<String> hashOnlyLogged = ConcurrentHashMap.newKeySet();

    MessageArchive(boolean signing, SigningKeys keys) {
        this.signing = signing;
        this.keys = keys;
    }

    /** An archive signing with self-signed test certificates kept in {@code certFolder}: for benchmarks. */
    public static MessageArchive withTestCertificates(java.nio.file.Path certFolder,
                                                      java.util.function.Function<String, java.util.Optional<String>> sellerNames) {
        SigningProperties properties = new SigningProperties(true, java.util.Map.of(), true);
        return new MessageArchive(true, new SigningKeys(properties, certFolder, sellerNames));
    }

    /** Whether seals carry signatures (hub.signing.enabled); otherwise they hold hashes only. */
    public boolean signing() {
        return signing;
    }

    /** The seal of one message's exact bytes, signed with the seller's certificate when there is one. */
    public ArchiveSeal seal(String sellerId, byte[] message) {
        String sha256 = sha256(message);
        if (!signing) {
            return new ArchiveSeal(sha256, null, null);
        }
        SigningKeys.SigningKey key = keys.forSellerIfAny(sellerId).orElse(null);
        if (key == null) {
            if (hashOnlyLogged.add(sellerId)) {
                log.warn("Seller {} has no certificate (hub.signing.keystores.{}): its archived messages carry a hash only",
                        sellerId, sellerId);
            }
            return new ArchiveSeal(sha256, null, null);
        }
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            String algorithm = "SHA256with" + ("EC".equals(key.privateKey().getAlgorithm()) ? "ECDSA" : "RSA");
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(algorithm).build(key.privateKey()), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(message), false);
            return new ArchiveSeal(sha256, signed.getEncoded(ASN1Encoding.DER),
                    key.certificate().getSubjectX500Principal().getName());
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("could not seal a message of seller " + sellerId, e);
        }
    }

    /**
     * The outcome of re-checking a stored message against its seal.
     *
     * @param intact  the bytes still hash to the sealed SHA-256 and any signature verifies over them
     * @param signed  the seal carries a signature (false: hash only)
     * @param signer  the signing certificate's subject
     * @param problem why it is not intact; null when it is
     */
    public record Check(boolean intact, boolean signed, String signer, String problem) {
    }

    /** Re-checks {@code message} against {@code seal}; plain Java, so the command line can run it without the hub. */
    public static Check check(byte[] message, ArchiveSeal seal) {
        if (seal == null || seal.sha256() == null) {
            return new Check(false, false, null, "no seal (stored before messages were sealed)");
        }
        if (!sha256(message).equals(seal.sha256().strip())) {
            return new Check(false, seal.signed(), seal.signer(), "the message's bytes no longer match its SHA-256");
        }
        if (!seal.signed()) {
            return new Check(true, false, null, null);
        }
        try {
            CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(message), seal.signature());
            Collection<SignerInformation> signers = data.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return new Check(false, true, seal.signer(), "expected one signer, found " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certificates = data.getCertificates().getMatches(signer.getSID());
            if (certificates.isEmpty()) {
                return new Check(false, true, seal.signer(), "the signature carries no certificate");
            }
            X509CertificateHolder certificate = certificates.iterator().next();
            String subject = certificate.getSubject().toString();
            boolean valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            return valid ? new Check(true, true, subject, null)
                    : new Check(false, true, subject, "the signature does not verify over the message's bytes");
        } catch (CMSException | OperatorCreationException | GeneralSecurityException | RuntimeException e) {
            return new Check(false, true, seal.signer(), "the signature could not be checked: " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
