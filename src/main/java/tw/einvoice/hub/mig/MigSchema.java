package tw.einvoice.hub.mig;

import org.w3c.dom.Document;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * XSD validation of MIG 4.1 messages, against the hub's own schemas ({@link #bundled()}) or an official folder
 * ({@link #fromFolder(Path)}). Thread-safe: each message's {@link Schema} is compiled once, on first use, and
 * a fresh {@link Validator} is made per call because validators are not.
 */
public final class MigSchema {

    public record Problem(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    /* A made-up scheme keeps bundled system ids absolute, so the schema loader never resolves them against the
       working directory, and the resolver alone decides where their bytes come from. */
    private static final String BUNDLED_BASE = "classpath:/mig/4.1/";

    private static final MigSchema BUNDLED = new MigSchema("bundled MIG 4.1 schemas", MigSchema::bundledText,
            message -> BUNDLED_BASE + message.name() + ".xsd");

    private final String description;
    /** Reads a schema document (already repaired) by its system id. */
    private final Function<String, String> loader;
    private final Function<MigMessage, String> entry;
    private final Map<MigMessage, Schema> schemas = new EnumMap<>(MigMessage.class);

    private MigSchema(String description, Function<String, String> loader, Function<MigMessage, String> entry) {
        this.description = description;
        this.loader = loader;
        this.entry = entry;
    }

    /**
     * The hub's own schemas (classpath {@code mig/4.1/}): the official lengths, values and structure, {@code xsd:all}
     * included, so they accept every order the official schemas accept. They judge files the hub did not write
     * ({@code mig validate}, the simulator without an official folder), and must never refuse one Turnkey takes; the
     * writer's documented order is held by tests instead.
     */
    public static MigSchema bundled() {
        return BUNDLED;
    }

    /**
     * The official schemas in a folder laid out like the MOF distribution: {@code v41/<MSG>.xsd} including
     * {@code ../common/GenericType_4.0.xsd}. The stray leading spaces in two official element names
     * ({@code " BranchBan"} in E0402, {@code " InvoiceBeginNo"} in E0401) are removed while loading; the
     * files themselves are not touched.
     */
    public static MigSchema fromFolder(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("v41"))) {
            throw new IllegalArgumentException("not an official MIG 4.1 schema folder (no v41/): " + folder);
        }
        return new MigSchema("official schemas in " + root, MigSchema::officialText,
                message -> root.resolve("v41").resolve(message.name() + ".xsd").toUri().toString());
    }

    /** Compiles every message's schema now, so a broken folder fails at start-up rather than on first use. */
    public MigSchema preload() {
        for (MigMessage message : MigMessage.values()) {
            schema(message);
        }
        return this;
    }

    @Override
    public String toString() {
        return description;
    }

    /** The message unchanged when it passes its schema; a message the hub made that fails is a defect of ours. */
    public String check(MigMessage type, String xml) {
        List<Problem> problems = validate(type, xml);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(type + " fails its schema: " + problems);
        }
        return xml;
    }

    /** Problems found in {@code xml} as a {@code type} message; empty when valid. */
    public List<Problem> validate(MigMessage type, String xml) {
        Objects.requireNonNull(type, "type");
        List<Problem> problems = new ArrayList<>();
        Validator validator = schema(type).newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("validator cannot be secured", e);
        }
        validator.setErrorHandler(collector(problems));
        try {
            // Our own secure reader does the parsing, so the DOCTYPE refusal does not depend on validator features.
            validator.validate(new SAXSource(SecureXml.reader(), new InputSource(new StringReader(xml))));
        } catch (SAXParseException e) {
            if (problems.isEmpty() || !problems.get(problems.size() - 1).message().equals(message(e))) {
                problems.add(problem(e));
            }
        } catch (SAXException e) {
            problems.add(new Problem(0, 0, SecureXml.describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(problems);
    }

    /**
     * A message read once: its schema problems (empty when valid) and, when it is well-formed, its DOM for checks
     * beyond the schema (Turnkey's rules), so a caller that needs both parses the text only once.
     */
    public record Parsed(List<Problem> problems, Document document) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Validates {@code xml} as a {@code type} message while building its DOM, in one pass of the secure parser; the
     * problems are those {@link #validate(MigMessage, String)} finds. The document is null when the text is not
     * well-formed.
     */
    public Parsed parse(MigMessage type, String xml) {
        Objects.requireNonNull(type, "type");
        List<Problem> problems = new ArrayList<>();
        DocumentBuilder builder = validatingBuilder(type);
        builder.reset();
        builder.setErrorHandler(collector(problems));
        Document document;
        try {
            // schema errors are collected and parsing goes on; only a fatal error (not well-formed) stops it half-built
            document = builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            document = null;
            if (problems.isEmpty() || !problems.get(problems.size() - 1).message().equals(message(e))) {
                problems.add(problem(e));
            }
        } catch (SAXException e) {
            document = null;
            problems.add(new Problem(0, 0, SecureXml.describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parsed(List.copyOf(problems), document);
    }

    /*
     * Making a parser, a validator and a SAX-to-DOM bridge cost more than validating a whole MIG message, and the
     * issue stage checks every invoice it numbers, so each thread keeps one schema-validating builder per message
     * type; reset() returns it to its factory's secure state with the same schema.
     */
    private final ThreadLocal<Map<MigMessage, DocumentBuilder>> validatingBuilders =
            ThreadLocal.withInitial(() -> new EnumMap<>(MigMessage.class));

    private DocumentBuilder validatingBuilder(MigMessage type) {
        return validatingBuilders.get().computeIfAbsent(type, t -> SecureXml.validatingBuilder(schema(t)));
    }

    /**
     * A new DOM builder that validates against {@code schema} while it builds, secured as the hub's own parsers are
     * (no DOCTYPE, no external entity or schema, no XInclude) and building the DOM {@link #parse} builds: text as
     * written, no comments, no blanks between elements, CDATA as text. Not thread-safe: keep one per thread and
     * {@code reset()} it between documents.
     *
     * @param maxElementDepth the deepest nesting read, or 0 for the XML parser's own limit
     */
    public static DocumentBuilder validatingBuilder(Schema schema, int maxElementDepth) {
        return SecureXml.validatingBuilder(schema, maxElementDepth);
    }

    /**
     * Detects the message type from the root element's namespace and validates; a document that is not a
     * MIG 4.1 message the hub knows is one problem at its root.
     */
    public List<Problem> validate(String xml) {
        Object detected = detect(xml);
        if (detected instanceof Problem problem) {
            return List.of(problem);
        }
        return validate((MigMessage) detected, xml);
    }

    /** The message whose namespace the root element carries, if it is one the hub knows. */
    public static Optional<MigMessage> messageOf(String xml) {
        return detect(xml) instanceof MigMessage m ? Optional.of(m) : Optional.empty();
    }

    /** A MigMessage, or a Problem saying why there is none. */
    private static Object detect(String xml) {
        final class Root extends SAXException {
            final String namespace;
            final String local;
            final int line;
            final int column;

            Root(String namespace, String local, int line, int column) {
                super(null, null);
                this.namespace = namespace;
                this.local = local;
                this.line = line;
                this.column = column;
            }
        }
        XMLReader reader = SecureXml.reader();
        DefaultHandler handler = new DefaultHandler() {
            private org.xml.sax.Locator locator;

            @Override
            public void setDocumentLocator(org.xml.sax.Locator locator) {
                this.locator = locator;
            }

            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes)
                    throws SAXException {
                // Stop at the root: the rest of the document is the validator's business.
                throw new Root(uri, localName, locator == null ? 0 : locator.getLineNumber(),
                        locator == null ? 0 : locator.getColumnNumber());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        };
        reader.setContentHandler(handler);
        reader.setErrorHandler(handler);
        try {
            reader.parse(new InputSource(new StringReader(xml)));
            return new Problem(1, 1, "no root element");
        } catch (Root root) {
            for (MigMessage m : MigMessage.values()) {
                if (m.namespace().equals(root.namespace)) {
                    return m;
                }
            }
            return new Problem(root.line, root.column, "root element {" + root.namespace + "}" + root.local
                    + " is not a MIG " + MigMessage.VERSION + " message (expected namespace "
                    + "urn:GEINV:eInvoiceMessage:<F0401|F0501|F0701|G0401|G0501|E0401|E0402|A0101|A0102|A0201|A0202|A0301|A0302|B0101|B0102|B0201|B0202>:4.1)");
        } catch (SAXParseException e) {
            return problem(e);
        } catch (SAXException e) {
            return new Problem(0, 0, SecureXml.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Schema schema(MigMessage message) {
        synchronized (schemas) {
            return schemas.computeIfAbsent(message, this::compile);
        }
    }

    private Schema compile(MigMessage message) {
        String systemId = entry.apply(message);
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Includes are served by the resolver below from our own loader; nothing is fetched by URL.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setResourceResolver(new Resolver());
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
            StreamSource source = new StreamSource(new StringReader(loader.apply(systemId)), systemId);
            return factory.newSchema(source);
        } catch (SAXException | RuntimeException e) {
            throw new IllegalStateException("cannot compile " + message + " from " + description + ": "
                    + e.getMessage(), e);
        }
    }

    /** Serves xsd:include targets through the loader, so the repair applies to included files too. */
    private final class Resolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespaceURI, String publicId, String systemId,
                                       String baseURI) {
            if (systemId == null) {
                return null;
            }
            String resolved = baseURI == null ? systemId : resolve(baseURI, systemId);
            return new TextInput(publicId, resolved, baseURI, loader.apply(resolved));
        }
    }

    private static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }

    private static String bundledText(String path) {
        URL url = path.startsWith(BUNDLED_BASE) ? MigSchema.class.getResource(path.substring("classpath:".length()))
                : null;
        if (url == null) {
            throw new IllegalStateException("bundled schema missing: " + path);
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String officialText(String uri) {
        URI parsed = URI.create(uri);
        if (!"file".equals(parsed.getScheme())) {
            throw new IllegalStateException("official schemas are read from files only: " + uri);
        }
        try {
            return repair(Files.readString(Path.of(parsed), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read official schema " + uri, e);
        }
    }

    /** The official E0401/E0402 name two elements with a leading space, which no schema compiler accepts. */
    static String repair(String schemaText) {
        return schemaText.replaceAll("name=\"\\s+", "name=\"");
    }

    private static ErrorHandler collector(List<Problem> problems) {
        return new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(problem(e));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                problems.add(problem(e));
                throw e;
            }
        };
    }

    private static Problem problem(SAXParseException e) {
        return new Problem(Math.max(e.getLineNumber(), 0), Math.max(e.getColumnNumber(), 0), message(e));
    }

    private static String message(SAXParseException e) {
        String text = String.valueOf(e.getMessage());
        return text.contains("DOCTYPE") ? SecureXml.describe(e) : text;
    }

    private static final class TextInput implements LSInput {
        private String publicId;
        private String systemId;
        private String baseURI;
        private String text;

        TextInput(String publicId, String systemId, String baseURI, String text) {
            this.publicId = publicId;
            this.systemId = systemId;
            this.baseURI = baseURI;
            this.text = text;
        }

        @Override public Reader getCharacterStream() { return new StringReader(text); }
        @Override public void setCharacterStream(Reader characterStream) { }
        @Override public InputStream getByteStream() { return null; }
        @Override public void setByteStream(InputStream byteStream) { }
        @Override public String getStringData() { return text; }
        @Override public void setStringData(String stringData) { this.text = stringData; }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { this.systemId = systemId; }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { this.publicId = publicId; }
        @Override public String getBaseURI() { return baseURI; }
        @Override public void setBaseURI(String baseURI) { this.baseURI = baseURI; }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { }
    }
}
