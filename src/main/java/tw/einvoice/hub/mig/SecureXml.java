package tw.einvoice.hub.mig;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import java.io.IOException;

/**
 * Parsers for XML that comes from outside (messages to validate, platform results). Every one refuses a DOCTYPE
 * outright: MIG messages never need one, and refusing is simpler to trust than resolving entities "safely".
 */
final class SecureXml {

    static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    /** The JDK parser's element-depth limit (jdk.xml.maxElementDepth). */
    static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    static final int MAX_DEPTH = 64;
    /** Xerces: pass schema-normalised values (whitespace collapsed) on instead of the text as written. */
    static final String NORMALIZED_VALUE = "http://apache.org/xml/features/validation/schema/normalized-value";

    private static final SAXParserFactory SAX = saxFactory();
    private static final DocumentBuilderFactory DOM = domFactory();
    /*
     * A new builder costs more than parsing a whole MIG message with it, and the issue stage parses every message it
     * makes (Turnkey's rules), so each thread keeps one; reset() returns it to the factory's secure state.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SecureXml::newBuilder);
    private static final org.xml.sax.ErrorHandler FATAL_ONLY = new org.xml.sax.helpers.DefaultHandler() {
        // The default handler prints fatal errors to stderr before throwing them.
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {
    }

    /** A namespace-aware reader; a new one per use because XMLReaders are not thread-safe. */
    static XMLReader reader() {
        try {
            javax.xml.parsers.SAXParser parser = SAX.newSAXParser();
            parser.setProperty(MAX_ELEMENT_DEPTH, MAX_DEPTH);
            return parser.getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("secure SAX parser unavailable", e);
        }
    }

    static Document parse(InputSource source) {
        DocumentBuilder builder = BUILDERS.get();
        builder.reset();
        builder.setErrorHandler(FATAL_ONLY);
        try {
            return builder.parse(source);
        } catch (SAXException e) {
            throw new MigFormatException(describe(e), e);
        } catch (IOException e) {
            throw new MigFormatException("cannot read XML: " + e.getMessage(), e);
        }
    }

    /** Parser messages, with the DOCTYPE refusal said in words an operator understands. */
    static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return "DOCTYPE is not allowed: DTDs and external entities are refused";
        }
        if (message.contains("maxElementDepth")) {
            return "elements nested more than " + MAX_DEPTH + " deep are refused";
        }
        if (e instanceof org.xml.sax.SAXParseException p && p.getLineNumber() > 0) {
            return "not well-formed XML at " + p.getLineNumber() + ":" + p.getColumnNumber() + ": " + message;
        }
        return "not well-formed XML: " + message;
    }

    /**
     * A builder that validates against {@code schema} while it builds the DOM, secured like {@link #parse} and
     * refusing deeper nesting than {@link #MAX_DEPTH}. Its DOM is the one a copy of the validator's SAX output made:
     * text exactly as written (no schema-normalised values; Turnkey's rules read untrimmed text), an empty element with
     * a fixed value reading as that value, no blanks between elements, no comments, CDATA read as text.
     * Not thread-safe: one per thread, {@code reset()} between documents.
     */
    static DocumentBuilder validatingBuilder(Schema schema) {
        return validatingBuilder(schema, MAX_DEPTH);
    }

    /** {@link #validatingBuilder(Schema)} nesting up to {@code maxDepth}, or to the parser's own limit when 0. */
    static DocumentBuilder validatingBuilder(Schema schema, int maxDepth) {
        try {
            DocumentBuilderFactory f = secureDomFactory(maxDepth);
            f.setSchema(schema);
            f.setFeature(NORMALIZED_VALUE, false);
            f.setIgnoringComments(true);
            f.setCoalescing(true);
            f.setIgnoringElementContentWhitespace(true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("secure validating DOM parser unavailable", e);
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            return DOM.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("secure DOM parser unavailable", e);
        }
    }

    private static SAXParserFactory saxFactory() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature(DISALLOW_DOCTYPE, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f;
        } catch (ParserConfigurationException | SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DocumentBuilderFactory domFactory() {
        try {
            return secureDomFactory(MAX_DEPTH);
        } catch (ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DocumentBuilderFactory secureDomFactory(int maxDepth) throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature(DISALLOW_DOCTYPE, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // a MIG message nests some six deep; thousands of levels would overflow the stack of whoever walks the tree
        if (maxDepth > 0) {
            f.setAttribute(MAX_ELEMENT_DEPTH, maxDepth);
        }
        return f;
    }
}
