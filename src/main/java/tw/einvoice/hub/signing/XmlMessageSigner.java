package tw.einvoice.hub.signing;

import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Enveloped XML-DSig with Apache Santuario: RSA-SHA256 over the whole document (reference URI ""),
 * exclusive C14N, SHA-256 digest, the certificate in KeyInfo, the Signature as the root's last child.
 */
class XmlMessageSigner implements MessageSigner {

    static {
        // Santuario otherwise wraps Base64 at 76 columns with CRLF, which lands in the XML as "&#13;" and
        // pads the Signature with newlines; read once when its XMLUtils class loads, hence before Init
        if (System.getProperty("org.apache.xml.security.ignoreLineBreaks") == null) {
            System.setProperty("org.apache.xml.security.ignoreLineBreaks", "true");
        }
        // registers Santuario's algorithms and resolvers; idempotent and thread-safe
        Init.init();
    }

    // anything else (XPath filters, XSLT) could exclude signed content from the digest
    private static final Set<String> ALLOWED_TRANSFORMS = Set.of(
            Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS,
            Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS,
            Transforms.TRANSFORM_C14N_OMIT_COMMENTS,
            Transforms.TRANSFORM_C14N11_OMIT_COMMENTS);

    private final boolean enabled;
    private final SigningKeys keys;

    XmlMessageSigner(SigningProperties properties, SigningKeys keys) {
        this.enabled = properties.enabled();
        this.keys = keys;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String sign(String sellerId, String xml) {
        if (!enabled) {
            return xml;
        }
        Document document = XmlDocuments.parse(xml);
        Element root = document.getDocumentElement();
        if (signatures(document).getLength() > 0) {
            throw new IllegalArgumentException("the message is already signed");
        }
        SigningKeys.SigningKey key = keys.forSeller(sellerId);
        try {
            XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                    Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            root.appendChild(signature.getElement());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("", transforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            signature.addKeyInfo(key.certificate());
            signature.sign(key.privateKey());
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("could not sign the message for seller " + sellerId, e);
        }
        return XmlDocuments.write(document);
    }

    @Override
    public Verification verify(String xml) {
        Document document;
        try {
            document = XmlDocuments.parse(xml);
        } catch (XmlDocuments.RefusedXml e) {
            return new Verification(false, null, e.getMessage());
        }
        NodeList found = signatures(document);
        if (found.getLength() == 0) {
            return new Verification(false, null, "no signature");
        }
        if (found.getLength() > 1) {
            return new Verification(false, null, "more than one signature");
        }
        try {
            // secure validation: refuses weak algorithms, external references and too many transforms
            XMLSignature signature = new XMLSignature((Element) found.item(0), "", true);
            String coverage = wholeDocumentProblem(signature.getSignedInfo());
            if (coverage != null) {
                return new Verification(false, null, coverage);
            }
            KeyInfo keyInfo = signature.getKeyInfo();
            X509Certificate certificate = keyInfo == null ? null : keyInfo.getX509Certificate();
            if (certificate == null) {
                return new Verification(false, null, "no X509Certificate in KeyInfo");
            }
            String signer = certificate.getSubjectX500Principal().getName();
            if (signature.checkSignatureValue(certificate)) {
                return new Verification(true, signer, null);
            }
            return new Verification(false, signer, failure(signature.getSignedInfo()));
        } catch (XMLSecurityException | RuntimeException e) {
            return new Verification(false, null, "signature could not be checked: " + e.getMessage());
        }
    }

    private static NodeList signatures(Document document) {
        return document.getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_SIGNATURE);
    }

    /** Null when the signature covers the whole document; otherwise why it does not. */
    private static String wholeDocumentProblem(SignedInfo signedInfo) throws XMLSecurityException {
        if (signedInfo.getLength() != 1) {
            return "expected one reference, found " + signedInfo.getLength();
        }
        Reference reference = signedInfo.item(0);
        if (!"".equals(reference.getURI())) {
            return "the signature does not cover the whole document (reference URI '" + reference.getURI() + "')";
        }
        Transforms transforms = reference.getTransforms();
        for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
            String uri = transforms.item(i).getURI();
            if (!ALLOWED_TRANSFORMS.contains(uri)) {
                return "transform not accepted: " + uri;
            }
        }
        return null;
    }

    /** Santuario checks the SignedInfo's value first and the reference digest after it. */
    private static String failure(SignedInfo signedInfo) {
        try {
            if (!signedInfo.getVerificationResult(0)) {
                return "the document was changed after signing (digest mismatch)";
            }
        } catch (XMLSecurityException | RuntimeException notVerified) {
            // the reference was never checked because the signature value already failed
        }
        return "the signature value does not match the certificate";
    }
}
