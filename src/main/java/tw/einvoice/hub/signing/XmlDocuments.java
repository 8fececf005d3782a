package tw.einvoice.hub.signing;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * Parses and writes messages without ever resolving a DTD or an external entity: signed messages
 * come from ERPs and the platform, and a DOCTYPE in either is an attack, never a feature.
 */
final class XmlDocuments {

    /** The input is not acceptable XML (malformed, or carries a DOCTYPE). */
    static final class RefusedXml extends IllegalArgumentException {
        RefusedXml(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private XmlDocuments() {
    }

    private static DocumentBuilderFactory secureFactory() {
        // the JDK's own parser, so the feature names below are known to exist whatever else is on the classpath
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks a required security feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    static Document parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new RefusedXml("empty document", null);
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            // belt and braces: should a DOCTYPE ever get through, nothing outside the string is read
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            // the default handler prints "[Fatal Error]" to stderr before throwing; the exception is enough
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("DOCTYPE") || message.contains("external entity")) {
                throw new RefusedXml("refused: DOCTYPE and external entities are not accepted", e);
            }
            throw new RefusedXml("not well-formed XML: " + message, e);
        } catch (IOException | ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(Document document) {
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            // no indenting: whitespace added after signing would break the signature
            t.setOutputProperty(OutputKeys.INDENT, "no");
            document.setXmlStandalone(true);
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("could not write the signed document", e);
        }
    }
}
