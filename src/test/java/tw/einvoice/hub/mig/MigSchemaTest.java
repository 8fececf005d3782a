package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    void missingInvoiceNumberIsReported() {
        String xml = invoice().replaceAll("\\s*<InvoiceNumber>[^<]*</InvoiceNumber>", "");
        List<MigSchema.Problem> problems = OURS.validate(MigMessage.F0401, xml);
        assertThat(messages(problems)).anyMatch(m -> m.contains("InvoiceDate") && m.contains("InvoiceNumber"));
        assertThat(problems.get(0).line()).isEqualTo(4);
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
    void mainChildrenOutOfOrderAreCaughtByOurStricterSchemaOnly() {
        String xml = MigSamples.swap("<InvoiceDate>20261125</InvoiceDate>", "<InvoiceTime>10:15:30</InvoiceTime>")
                .apply(invoice());
        assertThat(messages(OURS.validate(MigMessage.F0401, xml))).anyMatch(m -> m.contains("InvoiceTime"));
        // The official 4.1 Main is xsd:all: any order passes there.
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isEmpty();
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
