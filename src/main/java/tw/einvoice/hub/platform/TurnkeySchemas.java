package tw.einvoice.hub.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tw.einvoice.hub.mig.MigMessage;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The schemas Turnkey validates UpCast files with (code 7013): the official MIG 4.1 folder laid out as the MOF ships
 * it ({@code v41/<MSG>.xsd} including {@code ../common/GenericType_4.0.xsd}), or, without one, the hub's bundled
 * schemas ({@code classpath:mig/4.1/}). Loaded here, apart from the hub's own validator, and compiled once.
 */
final class TurnkeySchemas {

    private static final Logger log = LoggerFactory.getLogger(TurnkeySchemas.class);
    /* A made-up scheme keeps bundled system ids absolute, so includes resolve against them and never against the
       working directory; the loader alone decides where the bytes come from. */
    private static final String BUNDLED = "classpath:/mig/4.1/";

    private final String description;
    private final Map<MigMessage, Schema> schemas = new EnumMap<>(MigMessage.class);

    private TurnkeySchemas(String description, Map<MigMessage, String> entries) {
        this.description = description;
        entries.forEach((message, systemId) -> schemas.put(message, compile(message, systemId)));
    }

    /**
     * The official folder when {@code folder} is set and holds {@code v41/}; otherwise the bundled schemas, with a
     * warning when a folder was named but is not there (a developer without the reference still gets a simulator).
     */
    static TurnkeySchemas of(Path folder) {
        if (folder != null && !folder.toString().isBlank()) {
            Path root = folder.toAbsolutePath().normalize();
            if (Files.isDirectory(root.resolve("v41"))) {
                return official(root);
            }
            log.warn("Turnkey simulator: no official MIG 4.1 schemas in {} (no v41/ folder); checking UpCast files "
                    + "with the hub's bundled schemas instead", root);
        }
        return bundled();
    }

    static TurnkeySchemas official(Path root) {
        Map<MigMessage, String> entries = new EnumMap<>(MigMessage.class);
        for (MigMessage m : MigMessage.values()) {
            entries.put(m, root.resolve("v41").resolve(m.name() + ".xsd").toUri().toString());
        }
        return new TurnkeySchemas("official MIG 4.1 schemas in " + root, entries);
    }

    static TurnkeySchemas bundled() {
        Map<MigMessage, String> entries = new EnumMap<>(MigMessage.class);
        for (MigMessage m : MigMessage.values()) {
            entries.put(m, BUNDLED + m.name() + ".xsd");
        }
        return new TurnkeySchemas("the hub's bundled MIG 4.1 schemas", entries);
    }

    Schema schema(MigMessage message) {
        return schemas.get(message);
    }

    @Override
    public String toString() {
        return description;
    }

    private Schema compile(MigMessage message, String systemId) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // includes come through the resolver below; nothing is fetched by URL
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setResourceResolver(new Includes());
            factory.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return factory.newSchema(new StreamSource(new StringReader(text(systemId)), systemId));
        } catch (SAXException | RuntimeException e) {
            throw new IllegalStateException("Turnkey simulator cannot compile the " + message + " schema from "
                    + description + ": " + e.getMessage(), e);
        }
    }

    /** A schema document by its system id ({@code file:} or the bundled {@code classpath:} form), repaired. */
    private static String text(String systemId) {
        URI uri = URI.create(systemId);
        String raw;
        try {
            if ("file".equals(uri.getScheme())) {
                raw = Files.readString(Path.of(uri), StandardCharsets.UTF_8);
            } else if ("classpath".equals(uri.getScheme())) {
                try (InputStream in = TurnkeySchemas.class.getResourceAsStream(uri.getPath())) {
                    if (in == null) {
                        throw new IllegalStateException("bundled schema missing: " + systemId);
                    }
                    raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                throw new IllegalStateException("schemas are read from files or the hub's jar only: " + systemId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + systemId, e);
        }
        return repair(raw);
    }

    /**
     * The official E0401 and E0402 name an element with a leading space ({@code " InvoiceBeginNo"},
     * {@code " BranchBan"}); Turnkey's own loader tolerates it, strict compilers do not, and messages use the names
     * without the space.
     */
    static String repair(String schemaText) {
        return schemaText.replaceAll("name=\"\\s+", "name=\"");
    }

    private static final class Includes implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespaceURI, String publicId, String systemId,
                                       String baseURI) {
            if (systemId == null) {
                return null;
            }
            String resolved = baseURI == null ? systemId : URI.create(baseURI).resolve(systemId).toString();
            return new Input(publicId, resolved, baseURI, text(resolved));
        }
    }

    private record Input(String publicId, String systemId, String baseURI, String text) implements LSInput {
        @Override public Reader getCharacterStream() { return new StringReader(text); }
        @Override public void setCharacterStream(Reader characterStream) { }
        @Override public InputStream getByteStream() { return null; }
        @Override public void setByteStream(InputStream byteStream) { }
        @Override public String getStringData() { return text; }
        @Override public void setStringData(String stringData) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { }
        @Override public String getBaseURI() { return baseURI; }
        @Override public void setBaseURI(String baseURI) { }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { }
    }
}
