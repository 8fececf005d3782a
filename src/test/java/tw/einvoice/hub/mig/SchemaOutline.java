package tw.einvoice.hub.mig;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The element tree a MIG 4.1 schema declares, read from the XSD text itself: for every element with element content,
 * keyed by its path from the root ({@code Invoice/Main/Seller}), how its children are composed ({@code all} or
 * {@code sequence}) and which children it declares, in declaration order, with their occurrences. Read from the
 * bundled schemas or an official folder, so the writer can be held to the declared order (which the schemas
 * themselves no longer enforce where they say {@code xsd:all}) and the bundled schemas to the official structure.
 */
record SchemaOutline(MigMessage message, Map<String, Content> elements) {

    record Child(String name, String minOccurs, String maxOccurs) {
        boolean repeats() {
            return !"1".equals(maxOccurs);
        }
    }

    record Content(String compositor, List<Child> children) {
        List<String> names() {
            return children.stream().map(Child::name).toList();
        }

        int indexOf(String name) {
            return names().indexOf(name);
        }
    }

    private static final String XSD = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    static SchemaOutline bundled(MigMessage message) {
        return read(message, URI.create("classpath:/mig/4.1/" + message.name() + ".xsd"));
    }

    static SchemaOutline official(Path folder, MigMessage message) {
        return read(message, folder.toAbsolutePath().resolve("v41").resolve(message.name() + ".xsd").toUri());
    }

    /**
     * Where {@code document}'s elements leave the declared order, one line per parent: its path, the children as
     * they come and as declared. Children a schema does not declare are listed too (the schema check names them
     * better; here they only must not pass unnoticed). Empty when every element is in order.
     */
    List<String> outOfOrder(Document document) {
        List<String> found = new ArrayList<>();
        Element root = document.getDocumentElement();
        outOfOrder(root.getLocalName(), root, found);
        return found;
    }

    private void outOfOrder(String path, Element element, List<String> found) {
        List<Element> children = children(element);
        if (children.isEmpty()) {
            return;
        }
        Content content = elements.get(path);
        List<String> names = children.stream().map(Element::getLocalName).toList();
        if (content == null) {
            found.add(path + ": " + names + " where the schema declares no element content");
            return;
        }
        int previous = -1;
        for (String name : names) {
            int index = content.indexOf(name);
            boolean again = index == previous && content.children().get(index).repeats();
            if (index < 0 || index < previous || (index == previous && !again)) {
                found.add(path + ": " + names + " where the declared order is " + content.names());
                break;
            }
            previous = index;
        }
        for (Element child : children) {
            outOfOrder(path + "/" + child.getLocalName(), child, found);
        }
    }

    /**
     * For every parent in {@code document}, its children's names in document order, a repeated child once; keyed by
     * path, where a repeated element's second and later ones carry their position ({@code .../ProductItem[2]}).
     */
    static Map<String, List<String>> childNames(Document document) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        Element root = document.getDocumentElement();
        childNames(root.getLocalName(), root, names);
        return names;
    }

    private static void childNames(String path, Element element, Map<String, List<String>> names) {
        List<Element> children = children(element);
        if (children.isEmpty()) {
            return;
        }
        List<String> these = new ArrayList<>();
        names.put(path, these);
        Map<String, Integer> positions = new HashMap<>();
        for (Element child : children) {
            String name = child.getLocalName();
            if (these.isEmpty() || !these.get(these.size() - 1).equals(name)) {
                these.add(name);
            }
            int position = positions.merge(name, 1, Integer::sum);
            childNames(path + "/" + name + (position == 1 ? "" : "[" + position + "]"), child, names);
        }
    }

    static Document parse(String xml) {
        return SecureXml.parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> children(Node node) {
        List<Element> children = new ArrayList<>();
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    // ---- reading a schema ----

    private static SchemaOutline read(MigMessage message, URI entry) {
        Definitions definitions = new Definitions();
        definitions.load(entry);
        Element root = definitions.elements.get(message.rootElement());
        if (root == null) {
            throw new IllegalStateException(entry + " declares no element " + message.rootElement());
        }
        Map<String, Content> elements = new LinkedHashMap<>();
        definitions.walk(message.rootElement(), root, elements);
        return new SchemaOutline(message, Collections.unmodifiableMap(elements));
    }

    /** The global declarations of a schema and everything it includes. */
    private static final class Definitions {
        final Map<String, Element> complexTypes = new HashMap<>();
        final Map<String, Element> groups = new HashMap<>();
        final Map<String, Element> elements = new HashMap<>();

        void load(URI location) {
            Element schema = document(location).getDocumentElement();
            for (Element e : children(schema)) {
                if (!XSD.equals(e.getNamespaceURI())) {
                    continue;
                }
                switch (e.getLocalName()) {
                    case "include" -> load(location.resolve(e.getAttribute("schemaLocation")));
                    case "complexType" -> complexTypes.put(name(e), e);
                    case "group" -> groups.put(name(e), e);
                    case "element" -> elements.put(name(e), e);
                    default -> {
                    }
                }
            }
        }

        void walk(String path, Element declaration, Map<String, Content> outline) {
            Element type = complexType(declaration);
            if (type == null) {
                return;
            }
            Element compositor = compositor(type, path);
            List<Child> children = new ArrayList<>();
            List<Element> declarations = new ArrayList<>();
            for (Element e : children(compositor)) {
                if (!XSD.equals(e.getNamespaceURI()) || "annotation".equals(e.getLocalName())) {
                    continue;
                }
                if (!"element".equals(e.getLocalName())) {
                    throw new IllegalStateException(path + ": nested " + e.getLocalName() + " is not outlined");
                }
                children.add(new Child(name(e), occurs(e, "minOccurs"), occurs(e, "maxOccurs")));
                declarations.add(e);
            }
            outline.put(path, new Content(compositor.getLocalName(), List.copyOf(children)));
            for (Element e : declarations) {
                walk(path + "/" + name(e), e, outline);
            }
        }

        /** The element's complex type, named or anonymous; null for simple content. */
        private Element complexType(Element declaration) {
            String type = declaration.getAttribute("type");
            if (!type.isEmpty()) {
                return complexTypes.get(type.substring(type.indexOf(':') + 1));
            }
            return children(declaration).stream()
                    .filter(e -> XSD.equals(e.getNamespaceURI()) && "complexType".equals(e.getLocalName()))
                    .findFirst().orElse(null);
        }

        /** all, sequence or choice; a group reference stands for the group's own compositor. */
        private Element compositor(Element complexType, String path) {
            for (Element e : children(complexType)) {
                if (!XSD.equals(e.getNamespaceURI())) {
                    continue;
                }
                switch (e.getLocalName()) {
                    case "all", "sequence", "choice" -> {
                        return e;
                    }
                    case "group" -> {
                        String ref = e.getAttribute("ref");
                        Element group = groups.get(ref.substring(ref.indexOf(':') + 1));
                        if (group == null) {
                            throw new IllegalStateException(path + ": no group " + ref);
                        }
                        return compositor(group, path);
                    }
                    default -> {
                    }
                }
            }
            throw new IllegalStateException(path + ": no all, sequence, choice or group");
        }

        private static Document document(URI location) {
            try (InputStream in = open(location)) {
                return SecureXml.parse(new InputSource(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + location, e);
            }
        }

        private static InputStream open(URI location) throws IOException {
            if ("classpath".equals(location.getScheme())) {
                InputStream in = SchemaOutline.class.getResourceAsStream(location.getPath());
                if (in == null) {
                    throw new IOException("no such resource");
                }
                return in;
            }
            return Files.newInputStream(Path.of(location));
        }

        /** Names as declared, without the stray leading space two official files have. */
        private static String name(Element e) {
            return e.getAttribute("name").strip();
        }

        private static String occurs(Element e, String attribute) {
            String value = e.getAttribute(attribute);
            return value.isEmpty() ? "1" : value;
        }
    }
}
