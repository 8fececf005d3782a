package tw.einvoice.hub.platform;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One UpCast file as Turnkey reads it: the document and its values by element name in the message's own namespace,
 * exactly as written (Turnkey's program rules look at untrimmed text, so blanks around a carrier id count). Written
 * apart from the hub's readers on purpose, so the simulator does not share the hub's mistakes.
 */
final class TurnkeyDocument {

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Document document;
    private final String namespace;

    private TurnkeyDocument(Document document) {
        this.document = document;
        this.namespace = document.getDocumentElement().getNamespaceURI();
    }

    /** Thrown when a file is not well-formed XML (or carries a DOCTYPE, which is refused rather than resolved). */
    static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A document already parsed (and validated) elsewhere. */
    static TurnkeyDocument of(Document document) {
        return new TurnkeyDocument(document);
    }

    /** Parses the bytes as Turnkey does: a UTF-8 byte-order mark is skipped. */
    static TurnkeyDocument parse(byte[] bytes) throws Unreadable {
        int start = startsWithBom(bytes) ? BOM.length : 0;
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) { // factories promise no thread safety; builders are per parse
                builder = FACTORY.newDocumentBuilder();
            }
            // the default handler prints fatal errors to stderr before throwing them
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return new TurnkeyDocument(builder.parse(
                    new InputSource(new ByteArrayInputStream(bytes, start, bytes.length - start))));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("secure DOM parser unavailable", e);
        } catch (SAXParseException e) {
            String doctype = String.valueOf(e.getMessage()).contains("DOCTYPE") ? "a DOCTYPE is not accepted: " : "";
            throw new Unreadable("not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + "): " + doctype + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new Unreadable("not readable as XML: " + e.getMessage(), e);
        }
    }

    static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    Document document() {
        return document;
    }

    String rootNamespace() {
        return namespace;
    }

    String rootName() {
        return document.getDocumentElement().getLocalName();
    }

    /** Text of the element reached by the path of names below the root, as written; null when absent. */
    String value(String... path) {
        Element e = element(document.getDocumentElement(), path);
        return e == null ? null : e.getTextContent();
    }

    /** Whether the element at the path is there at all (an empty element is there). */
    boolean has(String... path) {
        return element(document.getDocumentElement(), path) != null;
    }

    /** The number at the path, or null when absent or not a number. */
    BigDecimal number(String... path) {
        String text = value(path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The elements named {@code item} directly below the element at {@code parent}; empty when there is none. */
    List<Item> items(String[] parent, String item) {
        Element p = element(document.getDocumentElement(), parent);
        List<Item> items = new ArrayList<>();
        if (p == null) {
            return items;
        }
        for (Node c = p.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el && item.equals(el.getLocalName()) && same(namespace, el.getNamespaceURI())) {
                items.add(new Item(el));
            }
        }
        return items;
    }

    /** One repeated element, e.g. a ProductItem. */
    final class Item {
        private final Element element;

        private Item(Element element) {
            this.element = element;
        }

        String value(String name) {
            Element e = element(element, name);
            return e == null ? null : e.getTextContent();
        }
    }

    private Element element(Element from, String... path) {
        Element e = from;
        for (String name : path) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    private Element child(Element parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el && name.equals(el.getLocalName()) && same(namespace, el.getNamespaceURI())) {
                return el;
            }
        }
        return null;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // no DTD, no external entity, no XInclude: a message never needs one, and refusing is simplest to trust
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("secure DOM parser unavailable", e);
        }
    }
}
