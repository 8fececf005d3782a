package tw.einvoice.hub.platform;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The platform's own reading of a message, by local element names: written apart from the hub's
 * renderer on purpose, so the simulator does not share the hub's mistakes.
 */
final class PlatformDocument {

    private final Document doc;

    private PlatformDocument(Document doc) {
        this.doc = doc;
    }

    static PlatformDocument parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return new PlatformDocument(f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("unreadable XML: " + e.getMessage(), e);
        }
    }

    /**
     * The message as the schema sees it: the platform checks the enveloped signature separately, and
     * the MIG schemas have no place for ds:Signature.
     */
    String withoutSignature() {
        Document copy = (Document) doc.cloneNode(true);
        NodeList signatures = copy.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature");
        for (int i = signatures.getLength() - 1; i >= 0; i--) {
            Node sig = signatures.item(i);
            sig.getParentNode().removeChild(sig);
        }
        try {
            var transformer = javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer();
            var out = new java.io.StringWriter();
            transformer.transform(new javax.xml.transform.dom.DOMSource(copy), new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("message could not be written again", e);
        }
    }

    String rootName() {
        return doc.getDocumentElement().getLocalName();
    }

    /** Text of the first element reached by the path of local names below the root, or null. */
    String text(String... path) {
        Element e = doc.getDocumentElement();
        for (String name : path) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e.getTextContent().trim();
    }

    BigDecimal amount(String... path) {
        String t = text(path);
        return t == null || t.isEmpty() ? BigDecimal.ZERO : new BigDecimal(t);
    }

    int count(String parent, String name) {
        Element p = child(doc.getDocumentElement(), parent);
        if (p == null) {
            return 0;
        }
        int n = 0;
        for (Node c = p.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el && name.equals(el.getLocalName())) {
                n++;
            }
        }
        return n;
    }

    BigDecimal sumOf(String parent, String item, String field) {
        Element p = child(doc.getDocumentElement(), parent);
        BigDecimal sum = BigDecimal.ZERO;
        if (p == null) {
            return sum;
        }
        NodeList items = p.getChildNodes();
        for (int i = 0; i < items.getLength(); i++) {
            if (items.item(i) instanceof Element el && item.equals(el.getLocalName())) {
                Element f = child(el, field);
                if (f != null) {
                    sum = sum.add(new BigDecimal(f.getTextContent().trim()));
                }
            }
        }
        return sum;
    }

    private static Element child(Element parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el && name.equals(el.getLocalName())) {
                return el;
            }
        }
        return null;
    }
}
