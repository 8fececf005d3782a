package tw.einvoice.hub.platform;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.reference.Reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Turnkey stage on its own: where its schemas come from, what it refuses before the schema, and the program rules
 * the official schema leaves no file to break (they are Turnkey's, so they are kept, and checked here directly).
 */
class TurnkeyStageTest {

    @Nested
    class Schemas {

        @TempDir
        Path empty;

        @Test
        void missingOfficialFolderFallsBackToTheBundledSchemas() {
            assertThat(TurnkeySchemas.of(empty.resolve("nowhere")).toString()).isEqualTo("the hub's bundled MIG 4.1 schemas");
            assertThat(TurnkeySchemas.of(null).toString()).isEqualTo("the hub's bundled MIG 4.1 schemas");
        }

        @Test
        void officialFolderIsUsedWithTheTwoStraySpacesRepaired() {
            Path official = Reference.officialXsd();
            TurnkeyStage stage = new TurnkeyStage(TurnkeySchemas.of(official));

            TurnkeyStage.Verdict blank = stage.check(MigMessage.E0402, bytes(HubMessages.WRITER.branchTrackBlank(
                    HubMessages.branchTrackBlank())));
            TurnkeyStage.Verdict track = stage.check(MigMessage.E0401, bytes(HubMessages.WRITER.branchTrack(
                    HubMessages.branchTrack())));

            assertThat(TurnkeySchemas.of(official).toString()).startsWith("official MIG 4.1 schemas in ");
            assertThat(blank.accepted()).as(blank.toString()).isTrue();
            assertThat(track.accepted()).as(track.toString()).isTrue();
            assertThat(TurnkeySchemas.repair("<xsd:element name=\" BranchBan\" type=\"BAN\" />"))
                    .isEqualTo("<xsd:element name=\"BranchBan\" type=\"BAN\" />");
        }

        @Test
        void bundledSchemasAcceptWhatTheHubRenders() {
            TurnkeyStage stage = TurnkeyStage.withSchemas(null);

            assertThat(stage.check(MigMessage.F0401, bytes(HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001"))))
                    .accepted()).isTrue();
            assertThat(stage.check(MigMessage.G0401, bytes(HubMessages.WRITER.allowance(
                    HubMessages.allowance("AL1", "ZZ00000001")))).accepted()).isTrue();
        }
    }

    @Nested
    class BeforeTheSchema {

        final TurnkeyStage stage = TurnkeyStage.withSchemas(null);

        @TempDir
        Path dir;

        @Test
        void doctypeIsRefusedAsUnreadableAndNeverResolved() throws IOException {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "top secret");
            String xml = HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001"))
                    .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE Invoice [<!ENTITY s SYSTEM \""
                                    + secret.toUri() + "\">]>")
                    .replace("<MainRemark>", "<MainRemark>&s;");

            TurnkeyStage.Verdict v = stage.check(MigMessage.F0401, bytes(xml));

            assertThat(v.stage()).isEqualTo("parse");
            assertThat(v.code()).isEqualTo(TurnkeyStage.UNREADABLE_CODE);
            assertThat(v.message()).contains("DOCTYPE").doesNotContain("top secret");
        }

        @Test
        void refusedFileIsStillFiledUnderItsIdentifier() {
            String xml = HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")).replace("</Invoice>", "<X/></Invoice>");

            TurnkeyStage.Verdict v = stage.check(MigMessage.F0401, bytes(xml));

            assertThat(v.stage()).isEqualTo("xsd");
            assertThat(v.code()).isEqualTo("7013");
            assertThat(v.message()).startsWith("Validator invalid org.xml.sax.SAXParseException; lineNumber: ");
            assertThat(v.identifier()).isEqualTo("F0401ZZ0000000120261125");
            assertThat(v.fromPartyId()).isEqualTo("04595257");
            assertThat(v.toPartyId()).isEqualTo("0000000000");
        }

        @Test
        void deeplyNestedFileIsRefusedByTheSchemaNotAsUnreadable() {
            // the hub's own parsers stop at 64 levels; the stage has no limit of its own, so the schema answers first
            String deep = "<X>".repeat(100) + "</X>".repeat(100);
            String xml = HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001")).replace("</Invoice>", deep + "</Invoice>");

            TurnkeyStage.Verdict v = stage.check(MigMessage.F0401, bytes(xml));

            assertThat(v.stage()).isEqualTo("xsd");
            assertThat(v.code()).isEqualTo("7013");
            assertThat(v.message()).contains("X").doesNotContain("nested");
        }
    }

    /** Rules the schema makes unreachable through a file, called on documents directly. */
    @Nested
    class RulesBehindTheSchema {

        @Test
        void cancellationWithoutItsDatesNamesTheFirstMissing() throws Exception {
            String xml = HubMessages.WRITER.cancel(HubMessages.cancel("ZZ00000001"));

            assertThat(rule(MigMessage.F0501, xml.replaceFirst("<InvoiceDate>\\d+</InvoiceDate>", "")))
                    .isEqualTo("\"InvoiceDate\" is invalid!");
            assertThat(rule(MigMessage.F0501, xml.replaceFirst("<CancelDate>\\d+</CancelDate>", "")))
                    .isEqualTo("\"CancelDate\" is invalid!");
            assertThat(rule(MigMessage.F0701, HubMessages.WRITER.voidInvoice(HubMessages.voidInvoice("ZZ00000001"))
                    .replaceFirst("<VoidDate>\\d+</VoidDate>", ""))).isEqualTo("\"VoidDate\" is invalid!");
            assertThat(rule(MigMessage.G0501, HubMessages.WRITER.cancelAllowance(HubMessages.cancelAllowance("AL1"))
                    .replaceFirst("<AllowanceDate>\\d+</AllowanceDate>", ""))).isEqualTo("\"AllowanceDate\" is invalid!");
        }

        @Test
        void messagesWithoutItemsAreRefused() throws Exception {
            assertThat(rule(MigMessage.F0401, HubMessages.WRITER.invoice(HubMessages.consumer("ZZ00000001"))
                    .replaceAll("(?s)<ProductItem>.*</ProductItem>", ""))).isEqualTo("ProductItemList size is 0");
            assertThat(rule(MigMessage.E0401, HubMessages.WRITER.branchTrack(HubMessages.branchTrack())
                    .replaceAll("(?s)<BranchTrackItem>.*</BranchTrackItem>", ""))).isEqualTo("BranchTrackItemList size is 0");
            assertThat(rule(MigMessage.E0402, HubMessages.WRITER.branchTrackBlank(HubMessages.branchTrackBlank())
                    .replaceAll("(?s)<Details>.*</Details>", ""))).isEqualTo("DetailsType is null");
        }

        @Test
        void allowanceItemWithoutItsOriginalDateNamesTheInvoice() throws Exception {
            String xml = HubMessages.WRITER.allowance(HubMessages.allowance("AL1", "ZZ00000005"))
                    .replaceFirst("<OriginalInvoiceDate>\\d+</OriginalInvoiceDate>", "");

            assertThat(rule(MigMessage.G0401, xml))
                    .isEqualTo("\"OriginalInvoiceDate\" is invalid! [OriginalInvoiceNumber:ZZ00000005]");
        }

        @Test
        void buyerIssuedAllowanceNeedsABusinessBuyer() throws Exception {
            String xml = HubMessages.WRITER.allowance(HubMessages.allowance("AL1", "ZZ00000005"))
                    .replace("<AllowanceType>2</AllowanceType>", "<AllowanceType>1</AllowanceType>")
                    .replaceFirst("(<Buyer>\\s*<Identifier>)\\d+", "$10000000000");

            assertThat(rule(MigMessage.G0401, xml))
                    .isEqualTo("\"Buyer Identifier\" should be a company BAN, illegal BuyerIdentifier:");
        }

        @Test
        void consumerIsZerosAndBlanksAndABanIsEightCharacters() {
            assertThat(TurnkeyProgramRules.isConsumer("0000000000")).isTrue();
            assertThat(TurnkeyProgramRules.isConsumer("00000000")).isTrue();
            assertThat(TurnkeyProgramRules.isConsumer("04595257")).isFalse();
            assertThat(TurnkeyProgramRules.isBan("04595257")).isTrue();
            assertThat(TurnkeyProgramRules.isBan("0459525")).isFalse();
            assertThat(TurnkeyProgramRules.isBan("0000000000")).isFalse();
        }

        private String rule(MigMessage type, String xml) throws TurnkeyDocument.Unreadable {
            return TurnkeyProgramRules.firstViolation(type, TurnkeyDocument.parse(bytes(xml))).orElse(null);
        }
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
