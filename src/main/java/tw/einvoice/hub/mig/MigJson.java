package tw.einvoice.hub.mig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import java.io.InputStream;

/**
 * A MIG F0401 message as a JSON tree, for mappings (file drops, {@code hub mapping test}): element → object keyed
 * by local name, a child name that repeats → an array, a leaf → its text. The root stays the one key
 * ({@code {"Invoice": {...}}}). Parsed by the hardened parser of {@link SecureXml} (a DOCTYPE is refused).
 * Attributes are dropped: F0401 has none.
 */
public final class MigJson {

    public static final String F0401_NAMESPACE_PREFIX = "urn:GEINV:eInvoiceMessage:F0401:";

    private static final String XML_SIGNATURE_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MigJson() {
    }

    /**
     * Reads one F0401 {@code Invoice}.
     *
     * @throws MigFormatException when the XML is not well-formed, has a DOCTYPE, is not an F0401 invoice, or carries
     *                            an XML signature
     */
    public static ObjectNode f0401(InputStream xml) {
        Element root = SecureXml.parse(new InputSource(xml)).getDocumentElement();
        String ns = root.getNamespaceURI();
        // match by local name like MigReader; a namespace, when present, must be F0401's (4.0 or 4.1)
        if (!"Invoice".equals(local(root)) || (ns != null && !ns.startsWith(F0401_NAMESPACE_PREFIX))) {
            throw new MigFormatException("not an F0401 invoice message: root element " + local(root)
                    + (ns == null ? "" : " in namespace " + ns) + ", expected Invoice in " + F0401_NAMESPACE_PREFIX + "4.1");
        }
        if (root.getElementsByTagNameNS(XML_SIGNATURE_NAMESPACE, "*").getLength() > 0) {
            // a source that still signs its files would otherwise see its signature silently dropped
            throw new MigFormatException("the F0401 carries an XML signature (ds:Signature), which the MIG schema has no "
                    + "place for and Turnkey refuses (7013): send the bare MIG document; Turnkey signs when it uploads");
        }
        ObjectNode doc = JSON.objectNode();
        doc.set(local(root), tree(root));
        return doc;
    }

    private static JsonNode tree(Element element) {
        ObjectNode object = null;
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                if (object == null) {
                    object = JSON.objectNode();
                }
                String name = local(child);
                JsonNode value = tree(child);
                JsonNode seen = object.get(name);
                if (seen == null) {
                    object.set(name, value);
                } else if (seen instanceof ArrayNode array) {
                    // tree() never yields an array, so an array here is a name seen before
                    array.add(value);
                } else {
                    ArrayNode array = JSON.arrayNode().add(seen).add(value);
                    object.set(name, array);
                }
            }
        }
        return object != null ? object : JSON.textNode(element.getTextContent().strip());
    }

    private static String local(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }
}
