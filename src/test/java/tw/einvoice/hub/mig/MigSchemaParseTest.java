package tw.einvoice.hub.mig;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.sax.SAXTransformerFactory;
import javax.xml.transform.sax.TransformerHandler;
import javax.xml.validation.ValidatorHandler;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigSchema#parse} validates while it builds the DOM with one reused builder per thread; whatever it reads, it
 * must find the problems the plain validator finds and build the tree a DOM copy of the validator's SAX output builds:
 * text exactly as written (Turnkey's rules read untrimmed text), no blanks between elements, a fixed value filled in.
 */
class MigSchemaParseTest {

    private static final MigSchema OURS = MigSchema.bundled();
    private static final Pattern LEAF = Pattern.compile("<(\\w+)>([^<]+)</\\1>");

    @Test
    void parseFindsWhatTheValidatorFindsAndBuildsThePlainTree() {
        List<String[]> cases = cases();
        assertThat(cases).hasSizeGreaterThan(300);
        SoftAssertions soft = new SoftAssertions();
        int invalid = 0;
        int unreadable = 0;
        // twice: the second pass runs on builders that have already read every message type and failure
        for (int pass = 0; pass < 2; pass++) {
            for (String[] c : cases) {
                MigMessage type = MigMessage.valueOf(c[0]);
                String xml = c[1];
                MigSchema.Parsed parsed = OURS.parse(type, xml);
                soft.assertThat(parsed.problems()).as(xml).isEqualTo(OURS.validate(type, xml));
                Document copied = copyOfValidatorOutput(type, xml);
                if (copied == null) {
                    unreadable++;
                    soft.assertThat(parsed.document()).as(xml).isNull();
                } else {
                    invalid += parsed.valid() ? 0 : 1;
                    soft.assertThat(parsed.document()).as(xml).isNotNull();
                    if (parsed.document() != null) {
                        soft.assertThat(tree(parsed.document())).as(xml).isEqualTo(tree(copied));
                    }
                }
            }
        }
        soft.assertAll();
        assertThat(invalid).as("schema-invalid but well-formed cases").isGreaterThan(100);
        assertThat(unreadable).as("cases that are not well-formed").isGreaterThan(20);
    }

    @Test
    void anEmptyElementWithAFixedValueReadsAsThatValue() {
        String xml = MigSamples.replace(MigSamples.rendered().get(MigMessage.G0401), "<AllowanceType>2</AllowanceType>",
                "<AllowanceType/>");
        MigSchema.Parsed parsed = OURS.parse(MigMessage.G0401, xml);
        assertThat(parsed.document().getElementsByTagNameNS("*", "AllowanceType").item(0).getTextContent())
                .isEqualTo("2");
    }

    @Test
    void noBlanksBetweenElements() {
        MigSchema.Parsed parsed = OURS.parse(MigMessage.F0401, MigSamples.rendered().get(MigMessage.F0401));
        Node main = parsed.document().getElementsByTagNameNS("*", "Main").item(0);
        assertThat(main.getFirstChild()).isInstanceOf(Element.class);
        assertThat(main.getFirstChild().getNextSibling()).isInstanceOf(Element.class);
    }

    @Test
    void blanksAroundAValueAreKeptAsWritten() {
        String xml = MigSamples.rendered().get(MigMessage.F0401).replaceFirst("<CarrierId1>", "<CarrierId1>  ")
                .replaceFirst("</CarrierId1>", " </CarrierId1>");
        MigSchema.Parsed parsed = OURS.parse(MigMessage.F0401, xml);
        assertThat(parsed.document().getElementsByTagNameNS("*", "CarrierId1").item(0).getTextContent())
                .isEqualTo("  /ABC+123 ");
    }

    /** Every sample message, and each with one of its values changed, blanked, wrapped or removed, and broken. */
    private static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        MigSamples.rendered().forEach((type, xml) -> {
            add(cases, type, xml);
            List<MatchResult> leaves = LEAF.matcher(xml).results().map(MatchResult::new).toList();
            for (int i = 0; i < leaves.size(); i += Math.max(1, leaves.size() / 6)) {
                MatchResult leaf = leaves.get(i);
                for (String to : List.of("<$1>  $2 </$1>", "<$1><![CDATA[$2]]></$1>", "<$1>$2<!-- note --></$1>",
                        "<$1></$1>", "<$1/>", "", "<$1>$2</$1><$1>$2</$1>", "<$1>x$2x</$1>", "<Unknown>$2</Unknown>",
                        "<$1>$2</$1 ", "<$1>$2", "<$1>&bogus;</$1>")) {
                    add(cases, type, xml.substring(0, leaf.start) + leaf.replace(to) + xml.substring(leaf.end));
                }
            }
            add(cases, type, xml.substring(0, xml.length() / 2));
            add(cases, type, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + xml.replaceFirst("<\\?xml[^>]*>", ""));
            add(cases, type, xml.replace(type.namespace(), "urn:other"));
            String deep = "<Unknown>".repeat(80) + "</Unknown>".repeat(80);
            add(cases, type, xml.replaceFirst("(<" + type.rootElement() + "[^>]*>)", "$1" + deep));
        });
        return cases;
    }

    private static void add(List<String[]> cases, MigMessage type, String xml) {
        cases.add(new String[] {type.name(), xml});
    }

    private record MatchResult(int start, int end, String text) {
        MatchResult(java.util.regex.MatchResult m) {
            this(m.start(), m.end(), m.group());
        }

        String replace(String to) {
            Matcher m = LEAF.matcher(text);
            return m.replaceFirst(to);
        }
    }

    /** The way parse built its DOM before: the secure reader, the schema's validator handler, an identity copy. */
    private static Document copyOfValidatorOutput(MigMessage type, String xml) {
        try {
            ValidatorHandler validator = OURS.schema(type).newValidatorHandler();
            validator.setErrorHandler(new DefaultHandler());
            TransformerHandler copy = ((SAXTransformerFactory) TransformerFactory.newDefaultInstance())
                    .newTransformerHandler();
            DOMResult result = new DOMResult();
            copy.setResult(result);
            validator.setContentHandler(copy);
            XMLReader reader = SecureXml.reader();
            reader.setContentHandler(validator);
            reader.setErrorHandler(new DefaultHandler() {
                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            reader.parse(new InputSource(new StringReader(xml)));
            return (Document) result.getNode();
        } catch (SAXException e) {
            return null;
        } catch (IOException | TransformerConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Elements, attributes, text (CDATA and adjacent text as one) and processing instructions. */
    private static String tree(Node node) {
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
                continue;
            }
            if (!text.isEmpty()) {
                out.append('"').append(text).append('"');
                text.setLength(0);
            }
            if (c instanceof Element e) {
                out.append("<{").append(e.getNamespaceURI()).append('}').append(e.getLocalName());
                NamedNodeMap attributes = e.getAttributes();
                TreeSet<String> sorted = new TreeSet<>();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr a = (Attr) attributes.item(i);
                    sorted.add("{" + a.getNamespaceURI() + "}" + a.getName() + "=" + a.getValue());
                }
                out.append(sorted).append('>').append(tree(e)).append("</>");
            } else if (c.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                out.append("<?").append(c.getNodeName()).append(' ').append(c.getNodeValue()).append("?>");
            }
        }
        if (!text.isEmpty()) {
            out.append('"').append(text).append('"');
        }
        return out.toString();
    }
}
