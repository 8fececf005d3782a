package tw.einvoice.hub.platform;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.reference.Reference;
import tw.einvoice.hub.reference.TurnkeyValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's Turnkey stage against Turnkey's own validator, file by file: the messages the MOF accepted, each
 * program rule broken (every branch of the print, donation and carrier rules), schema errors, an embedded signature,
 * files that are not the message, and what the hub renders of all seven types. Both must give the same verdict:
 * accepted or not, the stage (parse, xsd, prog), Turnkey's code, the identifier and parties of an accepted file, and
 * the text of a program-rule failure. The real validator also has to give the verdict each case was built for, so the
 * corpus keeps testing what it says it tests.
 */
class TurnkeyChecksAgreeWithTurnkeyTest {

    private static final String SIGNATURE = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
            + "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:SignedInfo>"
            + "<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>";

    @TempDir
    Path dir;

    /** One file of the corpus and the verdict it was made to get ({@code ok}, {@code parse}, {@code xsd}, {@code prog}). */
    record Case(String name, MigMessage type, byte[] bytes, String expected, String expectedIdentifier) {
        String fileName() {
            return name + ".xml";
        }
    }

    @Test
    void turnkeyStageGivesTheRealValidatorsVerdictOnEveryFileOfTheCorpus() throws IOException {
        List<Case> corpus = corpus();
        TurnkeyStage stage = new TurnkeyStage(TurnkeySchemas.official(Reference.officialXsd()));
        Map<MigMessage, List<Path>> byType = new EnumMap<>(MigMessage.class);
        for (Case c : corpus) {
            Path file = dir.resolve(c.type().name()).resolve(c.fileName());
            Files.createDirectories(file.getParent());
            Files.write(file, c.bytes());
            byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(file);
        }
        Map<MigMessage, Map<String, TurnkeyValidator.Verdict>> real = new EnumMap<>(MigMessage.class);
        byType.forEach((type, files) -> real.put(type, TurnkeyValidator.validate(type.name(), files)));

        SoftAssertions soft = new SoftAssertions();
        for (Case c : corpus) {
            TurnkeyValidator.Verdict turnkey = real.get(c.type()).get(c.fileName());
            TurnkeyStage.Verdict ours = stage.check(c.type(), c.bytes());
            String label = c.type() + " " + c.name() + " (Turnkey: " + turnkey + "; simulator: " + ours + ")";
            soft.assertThat(turnkey.ok() ? "ok" : turnkey.stage()).as("real verdict the case was built for: " + label)
                    .isEqualTo(c.expected());
            soft.assertThat(ours.stage()).as("stage: " + label).isEqualTo(turnkey.ok() ? "ok" : turnkey.stage());
            if (turnkey.ok()) {
                soft.assertThat(ours.identifier()).as("identifier: " + label).isEqualTo(turnkey.identifier());
                soft.assertThat(String.valueOf(ours.fromPartyId())).as("from: " + label).isEqualTo(turnkey.from());
                soft.assertThat(String.valueOf(ours.toPartyId())).as("to: " + label).isEqualTo(turnkey.to());
                if (c.expectedIdentifier() != null) {
                    soft.assertThat(turnkey.identifier()).as("the hub's identifier: " + label).isEqualTo(c.expectedIdentifier());
                }
            } else if (!"parse".equals(turnkey.stage())) {
                soft.assertThat(ours.code()).as("code: " + label).isEqualTo(turnkey.code());
            }
            if ("prog".equals(turnkey.stage())) {
                soft.assertThat(ours.message()).as("message: " + label).isEqualTo(turnkey.message());
            }
        }
        soft.assertAll();
        assertThat(corpus).hasSizeGreaterThan(50);
    }

    private static List<Case> corpus() throws IOException {
        List<Case> corpus = new ArrayList<>();
        Path samples = Reference.folder("turnkey-3.2.1/samples-accepted");
        try (Stream<Path> files = Files.list(samples)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                corpus.add(new Case("accepted-" + name.replace(".xml", ""), MigMessage.valueOf(name.substring(0, 5)),
                        Files.readAllBytes(f), "ok", null));
            }
        }
        String printed = Files.readString(samples.resolve("F0401_LP50936600.xml"));
        String carrier = Files.readString(samples.resolve("F0401_LP50936601.xml"));
        String donated = Files.readString(samples.resolve("F0401_LP50936602.xml"));
        String business = Files.readString(samples.resolve("F0401_LP50936603.xml"));
        String cancel = Files.readString(samples.resolve("F0501_LP50936600.xml"));
        String allowance = Files.readString(samples.resolve("G0401_GWLP50936601.xml"));
        String cancelAllowance = Files.readString(samples.resolve("G0501_GWLP50936602.xml"));
        String address = "<Address>臺北市中正區漢口街1段45號10樓</Address>";
        String consumerName = "<Name>個人消費者</Name>";

        // Turnkey's program rules, one broken per file
        prog(corpus, "seller-without-address", replace(printed, address, ""));
        prog(corpus, "seller-address-full-width-blank", replace(printed, address, "<Address>\u3000</Address>"));
        prog(corpus, "buyer-identifier-not-digits", buyerIdentifier(business, "ABCDEFGH"));
        for (String name : List.of("0", "00", "000", "0000")) {
            prog(corpus, "consumer-named-" + name, replace(printed, consumerName, "<Name>" + name + "</Name>"));
        }
        ok(corpus, "consumer-named-zero-padded", replace(printed, consumerName, "<Name>00000</Name>"));
        prog(corpus, "consumer-sales-amount-with-cents", replace(printed, "<SalesAmount>1000</SalesAmount>",
                "<SalesAmount>1000.5</SalesAmount>"));
        prog(corpus, "consumer-total-with-cents", replace(printed, "<TotalAmount>1050</TotalAmount>",
                "<TotalAmount>1050.50</TotalAmount>"));
        ok(corpus, "consumer-total-whole-with-decimals", replace(printed, "<TotalAmount>1050</TotalAmount>",
                "<TotalAmount>1050.00</TotalAmount>"));
        ok(corpus, "business-total-with-cents", replace(business, "<TotalAmount>1050</TotalAmount>",
                "<TotalAmount>1050.5</TotalAmount>"));
        String mobile = "<CarrierType>3J0002</CarrierType><CarrierId1>/ABC+123</CarrierId1><CarrierId2>/ABC+123</CarrierId2>";
        prog(corpus, "printed-mobile-barcode-for-consumer", replace(printed, "<PrintMark>Y</PrintMark>",
                mobile + "<PrintMark>Y</PrintMark>"));
        prog(corpus, "printed-mobile-barcode-without-hidden-id", replace(business, "<PrintMark>Y</PrintMark>",
                "<CarrierType>3J0002</CarrierType><CarrierId1>/ABC+123</CarrierId1><PrintMark>Y</PrintMark>"));
        ok(corpus, "printed-mobile-barcode-for-business", replace(business, "<PrintMark>Y</PrintMark>",
                mobile + "<PrintMark>Y</PrintMark>"));
        prog(corpus, "printed-with-citizen-certificate", replace(printed, "<PrintMark>Y</PrintMark>",
                "<CarrierType>CQ0001</CarrierType><CarrierId1>AB12345678901234</CarrierId1>"
                        + "<CarrierId2>AB12345678901234</CarrierId2><PrintMark>Y</PrintMark>"));
        prog(corpus, "printed-with-only-a-carrier-id", replace(printed, "<PrintMark>Y</PrintMark>",
                "<CarrierId2>AB12345678901234</CarrierId2><PrintMark>Y</PrintMark>"));
        prog(corpus, "printed-and-donated", replace(replace(printed, "<DonateMark>0</DonateMark>",
                "<DonateMark>1</DonateMark>"), "<RandomNumber>", "<NPOBAN>25885</NPOBAN><RandomNumber>"));
        prog(corpus, "not-printed-without-carrier-or-donation", replace(printed, "<PrintMark>Y</PrintMark>",
                "<PrintMark>N</PrintMark>"));
        prog(corpus, "not-printed-carrier-without-hidden-id", replace(carrier, "<CarrierId2>/ABC+123</CarrierId2>", ""));
        prog(corpus, "not-printed-carrier-without-type", replace(carrier, "<CarrierType>3J0002</CarrierType>", ""));
        prog(corpus, "hidden-carrier-id-with-leading-blank", replace(carrier, "<CarrierId2>/ABC+123</CarrierId2>",
                "<CarrierId2> /ABC+123</CarrierId2>"));
        prog(corpus, "hidden-carrier-id-with-trailing-full-width-blank", replace(carrier,
                "<CarrierId2>/ABC+123</CarrierId2>", "<CarrierId2>/ABC+123\u3000</CarrierId2>"));
        prog(corpus, "shown-carrier-id-with-leading-full-width-blank", replace(carrier,
                "<CarrierId1>/ABC+123</CarrierId1>", "<CarrierId1>\u3000/ABC+123</CarrierId1>"));
        prog(corpus, "shown-carrier-id-with-trailing-blank", replace(carrier, "<CarrierId1>/ABC+123</CarrierId1>",
                "<CarrierId1>/ABC+123 </CarrierId1>"));
        prog(corpus, "donated-with-half-a-mobile-barcode", replace(donated, "<PrintMark>N</PrintMark>",
                "<CarrierType>3J0002</CarrierType><CarrierId1>/ABC+123</CarrierId1><PrintMark>N</PrintMark>"));
        prog(corpus, "donated-without-npoban", replace(donated, "<NPOBAN>25885</NPOBAN>", ""));
        prog(corpus, "not-donated-with-npoban", replace(carrier, "<PrintMark>N</PrintMark>",
                "<PrintMark>N</PrintMark><NPOBAN>25885</NPOBAN>"));
        String zeroRated = replace(business, "<TaxType>1</TaxType>\n        <TaxRate>", "<TaxType>2</TaxType>\n        <TaxRate>");
        prog(corpus, "zero-rated-without-customs-clearance-mark", zeroRated);
        String withCustoms = replace(zeroRated, "<InvoiceType>", "<CustomsClearanceMark>1</CustomsClearanceMark><InvoiceType>");
        prog(corpus, "zero-rated-without-reason", withCustoms);
        ok(corpus, "zero-rated-with-mark-and-reason", replace(withCustoms, "<DonateMark>",
                "<ZeroTaxRateReason>71</ZeroTaxRateReason><DonateMark>"));
        prog(corpus, "item-of-mixed-tax-type", business.replaceFirst("<TaxType>1</TaxType>", "<TaxType>9</TaxType>"));

        // the schema, on the file exactly as it is
        xsd(corpus, MigMessage.F0401, "embedded-signature", replace(printed, "</Invoice>", SIGNATURE + "</Invoice>"));
        xsd(corpus, MigMessage.F0401, "invoice-number-too-short", replace(printed, "LP50936600", "LP5093660"));
        xsd(corpus, MigMessage.F0401, "unknown-element", replace(printed, "<RandomNumber>", "<Shop>A1</Shop><RandomNumber>"));
        xsd(corpus, MigMessage.F0401, "consumer-name-empty", replace(printed, consumerName, "<Name></Name>"));
        xsd(corpus, MigMessage.F0401, "without-print-mark", replace(printed, "<PrintMark>Y</PrintMark>", ""));
        xsd(corpus, MigMessage.F0501, "without-cancel-date", replace(cancel, "<CancelDate>20260923</CancelDate>", ""));
        xsd(corpus, MigMessage.F0501, "embedded-signature", replace(cancel, "</CancelInvoice>", SIGNATURE + "</CancelInvoice>"));
        xsd(corpus, MigMessage.G0401, "buyer-issued", replace(allowance, "<AllowanceType>2</AllowanceType>",
                "<AllowanceType>1</AllowanceType>"));
        xsd(corpus, MigMessage.G0401, "item-without-original-date", replace(allowance,
                "<OriginalInvoiceDate>20260923</OriginalInvoiceDate>", ""));
        xsd(corpus, MigMessage.G0501, "without-cancel-reason", replace(cancelAllowance,
                "<CancelReason>折讓金額有誤作廢</CancelReason>", ""));
        corpus.add(new Case("with-byte-order-mark", MigMessage.F0401, withBom(printed), "ok", null));

        // not the message at all
        corpus.add(new Case("cut-short", MigMessage.F0401, printed.substring(0, printed.length() / 2)
                .getBytes(StandardCharsets.UTF_8), "parse", null));
        corpus.add(new Case("not-a-mig-message", MigMessage.F0401, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice xmlns=\"urn:example:invoice\"><Number>1</Number></Invoice>").getBytes(StandardCharsets.UTF_8),
                "parse", null));
        // another message in the folder is read, and its schema is the folder's
        xsd(corpus, MigMessage.F0401, "a-cancellation-in-the-invoice-folder", cancel);

        hubRendered(corpus);
        return corpus;
    }

    /** What the hub renders, of all seven types, filed under the identifier the hub computes for it. */
    private static void hubRendered(List<Case> corpus) {
        LocalDate issued = HubMessages.ISSUED;
        LocalDate next = issued.plusDays(1);
        var w = HubMessages.WRITER;
        hub(corpus, MigMessage.F0401, "hub-consumer-mobile-barcode", w.invoice(HubMessages.consumer("ZZ00000001")),
                MigMessage.F0401.identifier("ZZ00000001", issued));
        hub(corpus, MigMessage.F0401, "hub-consumer-citizen-certificate",
                w.invoice(HubMessages.citizenCertificate("ZZ00000002")), MigMessage.F0401.identifier("ZZ00000002", issued));
        hub(corpus, MigMessage.F0401, "hub-consumer-donation", w.invoice(HubMessages.donated("ZZ00000003")),
                MigMessage.F0401.identifier("ZZ00000003", issued));
        hub(corpus, MigMessage.F0401, "hub-consumer-printed", w.invoice(HubMessages.printedForConsumer("ZZ00000004")),
                MigMessage.F0401.identifier("ZZ00000004", issued));
        hub(corpus, MigMessage.F0401, "hub-business", w.invoice(HubMessages.business("ZZ00000005")),
                MigMessage.F0401.identifier("ZZ00000005", issued));
        hub(corpus, MigMessage.F0401, "hub-zero-rated", w.invoice(HubMessages.zeroRated("ZZ00000006")),
                MigMessage.F0401.identifier("ZZ00000006", issued));
        hub(corpus, MigMessage.F0401, "hub-tax-exempt", w.invoice(HubMessages.taxExempt("ZZ00000007")),
                MigMessage.F0401.identifier("ZZ00000007", issued));
        hub(corpus, MigMessage.F0501, "hub-cancel", w.cancel(HubMessages.cancel("ZZ00000001")),
                MigMessage.F0501.identifier("ZZ00000001", next));
        hub(corpus, MigMessage.F0701, "hub-void", w.voidInvoice(HubMessages.voidInvoice("ZZ00000005")),
                MigMessage.F0701.identifier("ZZ00000005", next));
        hub(corpus, MigMessage.G0401, "hub-allowance", w.allowance(HubMessages.allowance("AL2026112600001", "ZZ00000005")),
                MigMessage.G0401.identifier("AL2026112600001", next));
        String cancelAllowance = w.cancelAllowance(HubMessages.cancelAllowance("AL2026112600001"));
        hub(corpus, MigMessage.G0501, "hub-cancel-allowance", cancelAllowance,
                MigMessage.G0501.identifier("AL2026112600001", next.plusDays(1)));
        // Turnkey files a buyer-issued (type 1) cancellation from the buyer to the seller
        ok(corpus, MigMessage.G0501, "buyer-issued-cancel-allowance",
                replace(cancelAllowance, "<AllowanceType>2</AllowanceType>", "<AllowanceType>1</AllowanceType>"));
        hub(corpus, MigMessage.E0401, "hub-branch-track", w.branchTrack(HubMessages.branchTrack()),
                MigMessage.branchTrackIdentifier(HubMessages.BUYER, "ZZ", "00000000", "00000999"));
        hub(corpus, MigMessage.E0402, "hub-branch-track-blank", w.branchTrackBlank(HubMessages.branchTrackBlank()),
                MigMessage.branchTrackBlankIdentifier(HubMessages.BUYER, "ZZ", "07"));
        String blank = w.branchTrackBlank(HubMessages.branchTrackBlank());
        xsd(corpus, MigMessage.E0402, "without-branch-ban", blank.replaceFirst("<BranchBan>[0-9]+</BranchBan>", ""));
        xsd(corpus, MigMessage.E0402, "without-items", blank.replaceAll("(?s)<BranchTrackBlankItem>.*</BranchTrackBlankItem>", ""));
        // what the hub would render for a consumer who wants neither print, carrier nor donation
        var nothing = HubMessages.consumer("ZZ00000008");
        nothing.setCarrier(null);
        prog(corpus, "hub-consumer-neither-printed-carried-nor-donated", w.invoice(nothing));
    }

    private static void hub(List<Case> corpus, MigMessage type, String name, String xml, String identifier) {
        corpus.add(new Case(name, type, xml.getBytes(StandardCharsets.UTF_8), "ok", identifier));
    }

    private static void ok(List<Case> corpus, String name, String xml) {
        ok(corpus, MigMessage.F0401, name, xml);
    }

    private static void ok(List<Case> corpus, MigMessage type, String name, String xml) {
        corpus.add(new Case(name, type, xml.getBytes(StandardCharsets.UTF_8), "ok", null));
    }

    private static void prog(List<Case> corpus, String name, String xml) {
        corpus.add(new Case(name, MigMessage.F0401, xml.getBytes(StandardCharsets.UTF_8), "prog", null));
    }

    private static void xsd(List<Case> corpus, MigMessage type, String name, String xml) {
        corpus.add(new Case(name, type, xml.getBytes(StandardCharsets.UTF_8), "xsd", null));
    }

    private static byte[] withBom(String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        return bytes;
    }

    private static String buyerIdentifier(String xml, String identifier) {
        Matcher m = Pattern.compile("(<Buyer>\\s*<Identifier>)[^<]*(</Identifier>)").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("sample has no Buyer/Identifier");
        }
        return m.replaceFirst("$1" + identifier + "$2");
    }

    private static String replace(String xml, String from, String to) {
        if (!xml.contains(from)) {
            throw new AssertionError("sample lacks " + from);
        }
        return xml.replace(from, to);
    }
}
