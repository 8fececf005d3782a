package tw.einvoice.hub.mig;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tw.einvoice.hub.reference.Reference;

import javax.xml.XMLConstants;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigSchemaTest {

    private static final MigSchema OURS = MigSchema.bundled();

    static final String XXE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <CancelInvoice xmlns="urn:GEINV:eInvoiceMessage:F0501:4.1"><CancelInvoiceNumber>&e;</CancelInvoiceNumber></CancelInvoice>
            """;

    private static String invoice() {
        return MigSamples.WRITER.invoice(MigSamples.b2c());
    }

    private static List<String> messages(List<MigSchema.Problem> problems) {
        return problems.stream().map(MigSchema.Problem::message).toList();
    }

    @Test
    void missingInvoiceNumberIsReportedWhereMainEndsAsByTheOfficialSchema() {
        String xml = invoice().replaceAll("\\s*<InvoiceNumber>[^<]*</InvoiceNumber>", "");
        int mainEnds = (int) xml.substring(0, xml.indexOf("</Main>")).lines().count();

        List<MigSchema.Problem> problems = OURS.validate(MigMessage.F0401, xml);

        // Main is xsd:all, so a missing child is only known once Main has ended.
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("'Main' is not complete", "InvoiceNumber");
            assertThat(p.line()).isEqualTo(mainEnds);
        });
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml))
                .isEqualTo(problems);
    }

    @Test
    void badInvoiceNumberPatternIsReportedAtItsLine() {
        String xml = MigSamples.replace(invoice(), "<InvoiceNumber>ZZ00000001<", "<InvoiceNumber>A123<");
        List<MigSchema.Problem> problems = OURS.validate(MigMessage.F0401, xml);
        assertThat(messages(problems)).anyMatch(m -> m.contains("A123"));
        assertThat(problems).allMatch(p -> p.line() == 4 && p.column() > 0);
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isNotEmpty();
    }

    @Test
    void swappedSellerChildrenAreReportedByBothSchemas() {
        String xml = MigSamples.swap("<Identifier>04595257</Identifier>", "<Name>範例商行</Name>").apply(invoice());
        assertThat(OURS.validate(MigMessage.F0401, xml)).isNotEmpty();
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isNotEmpty();
    }

    @Test
    void mainChildrenInAnotherOrderAreValidAsInTheOfficialSchema() {
        String xml = MigSamples.swap("<InvoiceDate>20261125</InvoiceDate>", "<InvoiceTime>10:15:30</InvoiceTime>")
                .apply(invoice());
        assertThat(OURS.validate(MigMessage.F0401, xml)).isEmpty();
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void everyMessageWithEachAllGroupReversedIsValidAgainstBothSchemas(MigMessage type) {
        String xml = withEveryAllGroupReversed(type, MigSamples.rendered().get(type));
        assertThat(SchemaOutline.bundled(type).outOfOrder(SchemaOutline.parse(xml))).as(xml).isNotEmpty();

        assertThat(OURS.validate(type, xml)).as(xml).isEmpty();
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(type, xml)).as(xml).isEmpty();
    }

    @Test
    void aChildTwiceInAnAllGroupIsRefusedByBothSchemas() {
        String xml = MigSamples.replace(invoice(), "<InvoiceTime>10:15:30</InvoiceTime>",
                "<InvoiceTime>10:15:30</InvoiceTime><InvoiceDate>20261125</InvoiceDate>");
        assertThat(messages(OURS.validate(MigMessage.F0401, xml))).anyMatch(m -> m.contains("InvoiceDate"));
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void bundledSchemaHasTheOfficialCompositorsDeclarationOrderAndOccurrences(MigMessage type) {
        SchemaOutline official = SchemaOutline.official(MigSamples.officialFolder(), type);
        SchemaOutline ours = SchemaOutline.bundled(type);

        assertThat(ours.elements().keySet()).containsExactlyInAnyOrderElementsOf(official.elements().keySet());
        official.elements().forEach((path, content) -> assertThat(ours.elements().get(path)).as(path)
                .isEqualTo(content));
        assertThat(ours.elements().values()).extracting(SchemaOutline.Content::compositor).contains("all");
    }

    @Test
    void everyMessageTheMofAcceptedPassesTheBundledSchemaAndTurnkeysRules() throws IOException {
        Path samples = Reference.folder("turnkey-3.2.1/samples-accepted");
        List<Path> files;
        try (Stream<Path> listed = Files.list(samples)) {
            files = listed.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();

        SoftAssertions soft = new SoftAssertions();
        for (Path file : files) {
            String xml = Files.readString(file);
            String name = file.getFileName().toString();
            soft.assertThat(MigSchema.messageOf(xml)).as(name).isPresent();
            soft.assertThat(OURS.validate(xml)).as(name).isEmpty();
            soft.assertThat(TurnkeyRules.check(xml)).as(name).isEmpty();
        }
        soft.assertAll();
        // The MOF took this one with each ProductItem's TaxType last, not where the documented order has it.
        String outOfOrder = Files.readString(samples.resolve("F0401_LP50936600.xml"));
        assertThat(SchemaOutline.bundled(MigMessage.F0401).outOfOrder(SchemaOutline.parse(outOfOrder)))
                .anyMatch(line -> line.startsWith("Invoice/Details/ProductItem: "));
    }

    /** {@code xml} with the children of every element whose schema says xsd:all in reverse order. */
    private static String withEveryAllGroupReversed(MigMessage type, String xml) {
        Document document = SchemaOutline.parse(xml);
        Element root = document.getDocumentElement();
        reverseAllGroups(root.getLocalName(), root, SchemaOutline.bundled(type));
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            StringWriter text = new StringWriter();
            factory.newTransformer().transform(new DOMSource(document), new StreamResult(text));
            return text.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reverseAllGroups(String path, Element element, SchemaOutline outline) {
        List<Element> children = new ArrayList<>(SchemaOutline.children(element));
        children.forEach(child -> reverseAllGroups(path + "/" + child.getLocalName(), child, outline));
        SchemaOutline.Content content = outline.elements().get(path);
        if (content != null && "all".equals(content.compositor())) {
            Collections.reverse(children);
            children.forEach(element::appendChild);
        }
    }

    @Test
    void emptyOptionalElementFailsItsEnumeration() {
        String xml = MigSamples.replace(invoice(), "<InvoiceType>07</InvoiceType>",
                "<InvoiceType>07</InvoiceType>\n    <GroupMark></GroupMark>");
        assertThat(OURS.validate(MigMessage.F0401, xml)).isNotEmpty();
    }

    @Test
    void wrongMessageTypeIsReported() {
        assertThat(OURS.validate(MigMessage.F0501, invoice())).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void doctypeIsRefusedNeverResolved(MigMessage type) {
        List<MigSchema.Problem> problems = OURS.validate(type, XXE);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).contains("DOCTYPE is not allowed").doesNotContain("root:");
        assertThat(OURS.validate(XXE)).extracting(MigSchema.Problem::message)
                .containsExactly("DOCTYPE is not allowed: DTDs and external entities are refused");
    }

    @Test
    void detectsTheMessageFromTheRootNamespace() {
        MigSamples.rendered().forEach((type, xml) -> assertThat(MigSchema.messageOf(xml)).contains(type));
        assertThat(MigSchema.messageOf("<Invoice xmlns=\"urn:GEINV:eInvoiceMessage:F0401:4.0\"/>")).isEmpty();
        assertThat(OURS.validate("<Invoice xmlns=\"urn:x\"/>")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a MIG 4.1 message"));
        assertThat(OURS.validate("<Invoice")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(1));
    }

    @Test
    void officialDefectsAreRepairedWhileLoading() {
        Path folder = MigSamples.officialFolder();
        MigSchema official = MigSchema.fromFolder(folder).preload();
        String e0402 = MigSamples.rendered().get(MigMessage.E0402);
        assertThat(e0402).contains("<BranchBan>");
        assertThat(official.validate(MigMessage.E0402, e0402)).isEmpty();
        assertThat(MigSchema.repair("<xsd:element name=\" BranchBan\" type=\"BAN\" />"))
                .isEqualTo("<xsd:element name=\"BranchBan\" type=\"BAN\" />");
    }

    @Test
    void folderWithoutV41IsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> MigSchema.fromFolder(dir)).isInstanceOf(IllegalArgumentException.class);
        Files.createDirectories(dir.resolve("v41"));
        MigSchema empty = MigSchema.fromFolder(dir);
        assertThatThrownBy(empty::preload).isInstanceOf(IllegalStateException.class).hasMessageContaining("F0401");
    }
}
