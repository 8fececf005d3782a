package tw.einvoice.hub.mig;

import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.Writer;

/**
 * Puts every element into one default namespace (no prefixes, as MIG files are written) and indents two spaces,
 * so validation problems carry useful line numbers. JAXB's own formatting is unavailable when it writes to a
 * StAX writer, and its namespace handling would need one model class per message. Holds no text content
 * besides leaf values, so indentation cannot change any value.
 */
final class NamespacedWriter implements XMLStreamWriter {

    /* The JDK's own implementation, not whichever StAX provider the classpath brings (Woodstox writes the
       declaration with single quotes and differs in details we assert on). */
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private final XMLStreamWriter out;
    private final String namespace;
    private int depth;
    private boolean rootWritten;
    /** True when the element just closed or opened had element children, so its end tag goes on its own line. */
    private boolean lastWasStructure;

    private NamespacedWriter(XMLStreamWriter out, String namespace) {
        this.out = out;
        this.namespace = namespace;
    }

    static NamespacedWriter to(Writer writer, String namespace) {
        try {
            return new NamespacedWriter(OUTPUT.createXMLStreamWriter(writer), namespace);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void start(String localName) throws XMLStreamException {
        // Also before the root, so the declaration has a line of its own.
        out.writeCharacters("\n" + "  ".repeat(depth));
        out.writeStartElement("", localName, namespace);
        if (!rootWritten) {
            out.writeDefaultNamespace(namespace);
            rootWritten = true;
        }
        depth++;
        lastWasStructure = false;
    }

    @Override
    public void writeStartElement(String localName) throws XMLStreamException {
        start(localName);
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
        start(localName);
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        start(localName);
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
        start(localName);
        writeEndElement();
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        writeEmptyElement(namespaceURI, localName);
    }

    @Override
    public void writeEmptyElement(String localName) throws XMLStreamException {
        writeEmptyElement(null, localName);
    }

    @Override
    public void writeEndElement() throws XMLStreamException {
        depth--;
        if (lastWasStructure) {
            out.writeCharacters("\n" + "  ".repeat(depth));
        }
        out.writeEndElement();
        lastWasStructure = true;
    }

    @Override
    public void writeEndDocument() throws XMLStreamException {
        out.writeEndDocument();
    }

    @Override
    public void close() throws XMLStreamException {
        out.close();
    }

    @Override
    public void flush() throws XMLStreamException {
        out.flush();
    }

    @Override
    public void writeAttribute(String localName, String value) throws XMLStreamException {
        out.writeAttribute(localName, value);
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value)
            throws XMLStreamException {
        out.writeAttribute(localName, value);
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) throws XMLStreamException {
        out.writeAttribute(localName, value);
    }

    @Override
    public void writeNamespace(String prefix, String namespaceURI) {
        // JAXB's declarations are dropped: the one default namespace is written on the root.
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) {
    }

    @Override
    public void writeComment(String data) throws XMLStreamException {
        out.writeComment(data);
    }

    @Override
    public void writeProcessingInstruction(String target) throws XMLStreamException {
        out.writeProcessingInstruction(target);
    }

    @Override
    public void writeProcessingInstruction(String target, String data) throws XMLStreamException {
        out.writeProcessingInstruction(target, data);
    }

    @Override
    public void writeCData(String data) throws XMLStreamException {
        out.writeCharacters(data);
    }

    @Override
    public void writeDTD(String dtd) {
        throw new UnsupportedOperationException("MIG messages carry no DTD");
    }

    @Override
    public void writeEntityRef(String name) {
        throw new UnsupportedOperationException("MIG messages carry no entity references");
    }

    @Override
    public void writeStartDocument() throws XMLStreamException {
        out.writeStartDocument("UTF-8", "1.0");
    }

    @Override
    public void writeStartDocument(String version) throws XMLStreamException {
        out.writeStartDocument("UTF-8", "1.0");
    }

    @Override
    public void writeStartDocument(String encoding, String version) throws XMLStreamException {
        out.writeStartDocument("UTF-8", "1.0");
    }

    @Override
    public void writeCharacters(String text) throws XMLStreamException {
        out.writeCharacters(text);
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) throws XMLStreamException {
        out.writeCharacters(text, start, len);
    }

    @Override
    public String getPrefix(String uri) throws XMLStreamException {
        return "";
    }

    @Override
    public void setPrefix(String prefix, String uri) {
    }

    @Override
    public void setDefaultNamespace(String uri) {
    }

    @Override
    public void setNamespaceContext(NamespaceContext context) {
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return out.getNamespaceContext();
    }

    @Override
    public Object getProperty(String name) {
        return out.getProperty(name);
    }
}
