package tw.einvoice.hub.mig;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Carrier;
import tw.einvoice.hub.invoice.CanonicalInvoice.Donation;
import tw.einvoice.hub.invoice.CanonicalInvoice.Item;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.SellerRegistry;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.rules.ViolationCode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static tw.einvoice.hub.rules.ViolationCode.*;

/**
 * Every Turnkey program rule (../shared/reference/README.md, and what Turnkey's own validator was seen to refuse),
 * each broken once in a message the hub rendered, with what the hub does about it before a number is taken, and
 * the valid messages of every kind the hub renders. Shared by {@link TurnkeyRulesTest} and the conformance test
 * against Turnkey's own validator, so both hold the same cases.
 */
final class TurnkeyRuleCases {

    /** The samples' day, so the date rules of intake never depend on when the tests run. */
    static final Clock CLOCK = Clock.fixed(OffsetDateTime.parse("2026-11-25T12:00:00+08:00").toInstant(),
            RuleSettings.TAIPEI);

    /** The seller is registered without an address, so every invoice here must bring its own (the samples do). */
    static final SellerRegistry REGISTERED_WITHOUT_ADDRESS = new SellerRegistry() {
        @Override
        public boolean isKnownSeller(String sellerId) {
            return true;
        }

        @Override
        public boolean isKnownBranch(String sellerId, String branchId) {
            return true;
        }

        @Override
        public boolean hasAddress(String sellerId) {
            return false;
        }
    };

    static final InvoiceValidator INTAKE = new InvoiceValidator(RuleSettings.defaults(), REGISTERED_WITHOUT_ADDRESS,
            CLOCK);

    private TurnkeyRuleCases() {
    }

    /** What the hub does about a rule before any number is taken. */
    sealed interface HubSide permits Intake, Writer, CannotArise {
    }

    /** Intake refuses the canonical invoice {@code base} changed by {@code change}, with this one violation. */
    record Intake(Supplier<CanonicalInvoice> base, Consumer<CanonicalInvoice> change, String field,
                  ViolationCode code) implements HubSide {
        List<Violation> violations() {
            CanonicalInvoice invoice = base.get();
            change.accept(invoice);
            return INTAKE.validate(invoice);
        }
    }

    /**
     * No source sends this message: the hub makes it from its ledger, and its writer refuses to render it without
     * what the rule asks for (an {@link IllegalArgumentException} whose message starts with {@code field}).
     */
    record Writer(Runnable render, String field) implements HubSide {
    }

    /** The hub cannot write the broken form at all: {@code proof} shows what it writes instead. */
    record CannotArise(String why, Runnable proof) implements HubSide {
    }

    /**
     * One rule broken once.
     *
     * @param turnkeyNames the element as Turnkey's own validator names it in its refusal
     * @param turnkeyStage where Turnkey refuses it: {@code prog} (its rules, 7001) or {@code xsd} (its schema, 7013,
     *                     for rules the official schema already holds)
     */
    record RuleCase(String rule, MigMessage type, Supplier<String> base, UnaryOperator<String> breaking, String field,
                    ViolationCode code, String turnkeyNames, String turnkeyStage, HubSide hub) {

        String xml() {
            return breaking.apply(base.get());
        }

        /** A file name for the case: its type and rule, readable in Turnkey's verdict lines. */
        String fileName(int index) {
            return String.format("%s-%02d-%s.xml", type, index, rule.replaceAll("[^A-Za-z0-9]+", "-"));
        }

        @Override
        public String toString() {
            return type + " " + rule;
        }
    }

    // --- canonical invoices of each kind the hub issues (valid at intake; seller address given) ---

    /** A consumer's invoice in a mobile barcode, not printed (placeholder buyer name). */
    static CanonicalInvoice mobileBarcode() {
        return MigSamples.b2c();
    }

    static CanonicalInvoice citizenCertificate() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setCarrier(new Carrier("CQ0001", "AB12345678901234"));
        return i;
    }

    static CanonicalInvoice memberCarrier() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setCarrier(new Carrier("EJ0113", "M0001"));
        return i;
    }

    static CanonicalInvoice donated() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setCarrier(null);
        i.setDonation(new Donation("8585"));
        return i;
    }

    /** A consumer's printed invoice, neither kept nor donated, with the buyer's own name. */
    static CanonicalInvoice printedForConsumer() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setBuyer(new Party(CanonicalInvoice.CONSUMER_BUYER_ID, "王小明", null, null, null));
        i.setCarrier(null);
        i.setPrint(true);
        return i;
    }

    static CanonicalInvoice business() {
        return MigSamples.b2b();
    }

    /** A business buyer's printed invoice also kept in a mobile barcode (打統編存手機條碼). */
    static CanonicalInvoice businessInMobileBarcode() {
        CanonicalInvoice i = MigSamples.b2b();
        i.setCarrier(new Carrier("3J0002", "/ABC+123"));
        return i;
    }

    static CanonicalInvoice zeroRated() {
        CanonicalInvoice i = untaxed("2", "外銷貨品");
        i.setZeroTaxRateReason("71");
        i.setCustomsClearanceMark("1");
        return i;
    }

    static CanonicalInvoice exempt() {
        return untaxed("3", "鮮奶");
    }

    /** Taxable and tax-exempt items on one consumer invoice (tax type 9). */
    static CanonicalInvoice mixed() {
        CanonicalInvoice i = printedForConsumer();
        i.setTaxType("9");
        i.setItems(List.of(new Item("乾電池", BigDecimal.ONE, "個", new BigDecimal("105"), new BigDecimal("105"), "1", null),
                new Item("鮮奶", BigDecimal.ONE, "瓶", new BigDecimal("50"), new BigDecimal("50"), "3", null)));
        withoutAmounts(i);
        return i;
    }

    private static CanonicalInvoice untaxed(String taxType, String description) {
        CanonicalInvoice i = MigSamples.b2b();
        i.setTaxType(taxType);
        i.setTaxRate(BigDecimal.ZERO);
        i.setItems(List.of(new Item(description, BigDecimal.ONE, "式", new BigDecimal("1000"), new BigDecimal("1000"),
                taxType, null)));
        withoutAmounts(i);
        return i;
    }

    private static void withoutAmounts(CanonicalInvoice i) {
        i.setSalesAmount(null);
        i.setTaxAmount(null);
        i.setZeroTaxSalesAmount(null);
        i.setFreeTaxSalesAmount(null);
        i.setTotalAmount(null);
    }

    /** The F0401 the hub renders for {@code invoice} once intake accepted it (and filled its defaults). */
    static String rendered(CanonicalInvoice invoice) {
        List<Violation> violations = INTAKE.validate(invoice);
        if (!violations.isEmpty()) {
            throw new AssertionError("sample refused at intake: " + violations);
        }
        return MigSamples.WRITER.invoice(invoice);
    }

    static AllowanceData consumerAllowance() {
        AllowanceData a = MigSamples.allowance();
        return new AllowanceData(a.allowanceNumber(), a.allowanceDate(), a.seller(), null, a.items());
    }

    /** Every kind of message the hub renders, valid, by a name for the file. */
    static Map<String, String> samples() {
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("F0401-consumer-mobile-barcode", rendered(mobileBarcode()));
        samples.put("F0401-consumer-citizen-certificate", rendered(citizenCertificate()));
        samples.put("F0401-consumer-member-carrier", rendered(memberCarrier()));
        samples.put("F0401-consumer-donation", rendered(donated()));
        samples.put("F0401-consumer-printed", rendered(printedForConsumer()));
        samples.put("F0401-consumer-printed-by-default", rendered(printedByDefault()));
        samples.put("F0401-business-printed", rendered(business()));
        samples.put("F0401-business-mobile-barcode-printed", rendered(businessInMobileBarcode()));
        samples.put("F0401-zero-rated", rendered(zeroRated()));
        samples.put("F0401-tax-exempt", rendered(exempt()));
        samples.put("F0401-mixed", rendered(mixed()));
        samples.put("F0501-cancel", MigSamples.WRITER.cancel(MigSamples.cancel()));
        samples.put("F0701-void", MigSamples.WRITER.voidInvoice(MigSamples.voidInvoice()));
        samples.put("G0401-business-allowance", MigSamples.WRITER.allowance(MigSamples.allowance()));
        samples.put("G0401-consumer-allowance", MigSamples.WRITER.allowance(consumerAllowance()));
        samples.put("G0501-cancel-allowance", MigSamples.WRITER.cancelAllowance(MigSamples.cancelAllowance()));
        samples.put("E0401-branch-track", MigSamples.WRITER.branchTrack(MigSamples.branchTrack()));
        samples.put("E0402-branch-track-blank", MigSamples.WRITER.branchTrackBlank(MigSamples.branchTrackBlank()));
        return samples;
    }

    /** A consumer invoice that says nothing about printing, kept nowhere: intake makes it printed. */
    private static CanonicalInvoice printedByDefault() {
        CanonicalInvoice i = printedForConsumer();
        i.setPrint(null);
        return i;
    }

    static MigMessage typeOf(String sampleName) {
        return MigMessage.valueOf(sampleName.substring(0, 5));
    }

    /** Each rule broken once, in the order of the reference's list. */
    static List<RuleCase> all() {
        List<RuleCase> cases = new ArrayList<>();
        // F0401
        cases.add(invoice("Seller/Address non-blank", TurnkeyRuleCases::mobileBarcode,
                drop("Address"), "Main/Seller/Address", SELLER_ADDRESS_REQUIRED, "Seller.Address", "prog",
                i -> i.setSeller(new Party(null, "範例商行", null, null, null)), "seller.address", SELLER_ADDRESS_REQUIRED));
        cases.add(invoice("Buyer/Identifier digits only", TurnkeyRuleCases::business,
                replace("<Identifier>12345675</Identifier>", "<Identifier>1234567A</Identifier>"),
                "Main/Buyer/Identifier", PATTERN, "Buyer.Identifier", "prog",
                i -> i.setBuyer(new Party("1234567A", "好買股份有限公司", null, null, null)), "buyer.id", BAN_FORMAT));
        cases.add(invoice("consumer Buyer/Name not 0000", TurnkeyRuleCases::mobileBarcode,
                replace("<Name>消費者</Name>", "<Name>0000</Name>"), "Main/Buyer/Name", CONSUMER_NAME_REFUSED,
                "Buyer.Name", "prog",
                i -> i.setBuyer(new Party(null, "0000", null, null, null)), "buyer.name", CONSUMER_NAME_REFUSED));
        cases.add(invoice("consumer Buyer/Name not 0", TurnkeyRuleCases::mobileBarcode,
                replace("<Name>消費者</Name>", "<Name>0</Name>"), "Main/Buyer/Name", CONSUMER_NAME_REFUSED,
                "Buyer.Name", "prog",
                i -> i.setBuyer(new Party(null, "0", null, null, null)), "buyer.name", CONSUMER_NAME_REFUSED));
        cases.add(invoice("consumer RandomNumber 4 digits", TurnkeyRuleCases::mobileBarcode,
                set("RandomNumber", "98A6"), "Main/RandomNumber", PATTERN, "RandomNumber", "xsd",
                i -> i.setRandomCode("98A6"), "randomCode", PATTERN));
        cases.add(new RuleCase("InvoiceDate present", MigMessage.F0401, () -> rendered(mobileBarcode()),
                drop("InvoiceDate"), "Main/InvoiceDate", REQUIRED, "InvoiceDate", "xsd",
                new Writer(() -> {
                    CanonicalInvoice i = mobileBarcode();
                    i.setIssuedAt(null);
                    MigSamples.WRITER.invoice(i);
                }, "issuedAt")));
        cases.add(invoice("PrintMark Y needs DonateMark 0", TurnkeyRuleCases::donated,
                set("PrintMark", "Y"), "Main/DonateMark", PRINT_WITH_DONATION, "DonateMark", "prog",
                i -> i.setPrint(true), "print", PRINT_WITH_DONATION));
        cases.add(invoice("PrintMark Y allows no carrier but a mobile barcode", TurnkeyRuleCases::citizenCertificate,
                set("PrintMark", "Y"), "Main/CarrierId1", PRINT_WITH_CARRIER, "CarrierId1", "prog",
                i -> i.setPrint(true), "print", PRINT_WITH_CARRIER));
        cases.add(invoice("PrintMark Y with a mobile barcode needs a BAN buyer", TurnkeyRuleCases::mobileBarcode,
                set("PrintMark", "Y"), "Main/Buyer/Identifier", PRINTED_CARRIER_NEEDS_BUSINESS_BUYER,
                "Buyer Identifier", "prog",
                i -> i.setPrint(true), "print", PRINT_WITH_CARRIER));
        cases.add(invoice("PrintMark Y with a mobile barcode needs both ids", TurnkeyRuleCases::businessInMobileBarcode,
                drop("CarrierId2"), "Main/CarrierId2", REQUIRED, "CarrierId2", "prog",
                i -> i.setCarrier(new Carrier("3J0002", null)), "carrier.id", REQUIRED));
        cases.add(invoice("PrintMark N needs a carrier or a donation", TurnkeyRuleCases::printedForConsumer,
                set("PrintMark", "N"), "Main/PrintMark", PRINT_REQUIRED, "PrintMark", "prog",
                i -> i.setPrint(false), "print", PRINT_REQUIRED));
        cases.add(invoice("PrintMark N needs CarrierType with the ids", TurnkeyRuleCases::memberCarrier,
                drop("CarrierType"), "Main/CarrierType", REQUIRED, "CarrierType", "prog",
                i -> i.setCarrier(new Carrier(null, "M0001")), "carrier.type", REQUIRED));
        cases.add(invoice("CarrierId1 without a full-width blank", TurnkeyRuleCases::memberCarrier,
                set("CarrierId1", "\u3000M0001"), "Main/CarrierId1", CARRIER_ID_BLANKS, "CarrierId1", "prog",
                i -> i.setCarrier(new Carrier("EJ0113", "\u3000M0001")), "carrier.id", CARRIER_ID_BLANKS));
        cases.add(invoice("CarrierId2 without a trailing blank", TurnkeyRuleCases::memberCarrier,
                set("CarrierId2", "M0001 "), "Main/CarrierId2", CARRIER_ID_BLANKS, "CarrierId2", "prog",
                i -> i.setCarrier(new Carrier("EJ0113", "M0001 ")), "carrier.id", CARRIER_ID_BLANKS));
        cases.add(invoice("DonateMark 1 needs NPOBAN", TurnkeyRuleCases::donated,
                drop("NPOBAN"), "Main/NPOBAN", REQUIRED, "NPOBan", "prog",
                i -> i.setDonation(new Donation(null)), "donation.npoban", REQUIRED));
        cases.add(new RuleCase("DonateMark 0 allows no NPOBAN", MigMessage.F0401, () -> rendered(mobileBarcode()),
                replace("<PrintMark>N</PrintMark>", "<PrintMark>N</PrintMark><NPOBAN>8585</NPOBAN>"), "Main/NPOBAN",
                NPOBAN_WITHOUT_DONATION, "NPOBan", "prog",
                new CannotArise("the writer sets DonateMark from the donation, so the two cannot disagree", () -> {
                    expect(rendered(mobileBarcode()), "<DonateMark>0</DonateMark>", true);
                    expect(rendered(mobileBarcode()), "<NPOBAN>", false);
                    expect(rendered(donated()), "<DonateMark>1</DonateMark>", true);
                })));
        cases.add(invoice("at least one item", TurnkeyRuleCases::mobileBarcode,
                xml -> xml.replaceAll("(?s)<Details>.*</Details>", "<Details/>"), "Details/ProductItem",
                ITEMS_REQUIRED, "ProductItem", "xsd",
                i -> i.setItems(new ArrayList<>()), "items", ITEMS_REQUIRED));
        cases.add(invoice("TaxType 2 needs CustomsClearanceMark", TurnkeyRuleCases::zeroRated,
                drop("CustomsClearanceMark"), "Main/CustomsClearanceMark", CUSTOMS_MARK_REQUIRED,
                "CustomsClearanceMark", "prog",
                i -> i.setCustomsClearanceMark(null), "customsClearanceMark", CUSTOMS_MARK_REQUIRED));
        cases.add(invoice("TaxType 2 needs ZeroTaxRateReason", TurnkeyRuleCases::zeroRated,
                drop("ZeroTaxRateReason"), "Main/ZeroTaxRateReason", ZERO_TAX_REASON_REQUIRED, "ZeroTaxRateReason",
                "prog", i -> i.setZeroTaxRateReason(null), "zeroTaxRateReason", ZERO_TAX_REASON_REQUIRED));
        cases.add(invoice("no item TaxType 9", TurnkeyRuleCases::mobileBarcode,
                set("TaxType", "9"), "Details/ProductItem[1]/TaxType", ENUM, "TaxType", "prog",
                i -> i.setItems(List.of(withTaxType(i.getItems().get(0), "9"), i.getItems().get(1))),
                "items[0].taxType", ENUM));
        cases.add(invoice("whole amounts", TurnkeyRuleCases::mobileBarcode,
                set("SalesAmount", "105.5"), "Amount/SalesAmount", AMOUNT_FORMAT, "SalesAmount", "prog",
                i -> i.setSalesAmount(new BigDecimal("100.5")), "salesAmount", AMOUNT_FORMAT));
        // F0501, F0701
        cases.add(made("InvoiceDate present", MigMessage.F0501, () -> MigSamples.WRITER.cancel(MigSamples.cancel()),
                "InvoiceDate", () -> MigSamples.WRITER.cancel(with(MigSamples.cancel(), c -> new CancelInvoiceData(
                        c.invoiceNumber(), null, c.buyerId(), c.sellerId(), c.cancelDate(), c.cancelTime(), c.reason(),
                        c.returnTaxDocumentNumber(), c.remark()))), "invoiceDate"));
        cases.add(made("CancelDate present", MigMessage.F0501, () -> MigSamples.WRITER.cancel(MigSamples.cancel()),
                "CancelDate", () -> MigSamples.WRITER.cancel(with(MigSamples.cancel(), c -> new CancelInvoiceData(
                        c.invoiceNumber(), c.invoiceDate(), c.buyerId(), c.sellerId(), null, c.cancelTime(), c.reason(),
                        c.returnTaxDocumentNumber(), c.remark()))), "cancelDate"));
        cases.add(made("InvoiceDate present", MigMessage.F0701,
                () -> MigSamples.WRITER.voidInvoice(MigSamples.voidInvoice()), "InvoiceDate",
                () -> MigSamples.WRITER.voidInvoice(with(MigSamples.voidInvoice(), v -> new VoidInvoiceData(
                        v.invoiceNumber(), null, v.buyerId(), v.sellerId(), v.voidDate(), v.voidTime(), v.reason(),
                        v.remark()))), "invoiceDate"));
        cases.add(made("VoidDate present", MigMessage.F0701,
                () -> MigSamples.WRITER.voidInvoice(MigSamples.voidInvoice()), "VoidDate",
                () -> MigSamples.WRITER.voidInvoice(with(MigSamples.voidInvoice(), v -> new VoidInvoiceData(
                        v.invoiceNumber(), v.invoiceDate(), v.buyerId(), v.sellerId(), null, v.voidTime(), v.reason(),
                        v.remark()))), "voidDate"));
        // G0401
        Supplier<String> allowance = () -> MigSamples.WRITER.allowance(MigSamples.allowance());
        cases.add(new RuleCase("AllowanceDate present", MigMessage.G0401, allowance, drop("AllowanceDate"),
                "Main/AllowanceDate", REQUIRED, "AllowanceDate", "xsd",
                new Writer(() -> MigSamples.WRITER.allowance(with(MigSamples.allowance(), a -> new AllowanceData(
                        a.allowanceNumber(), null, a.seller(), a.buyer(), a.items()))), "allowanceDate")));
        cases.add(new RuleCase("at least one item", MigMessage.G0401, allowance,
                xml -> xml.replaceAll("(?s)<Details>.*</Details>", "<Details/>"), "Details/ProductItem", REQUIRED,
                "ProductItem", "xsd",
                new Writer(() -> MigSamples.WRITER.allowance(with(MigSamples.allowance(), a -> new AllowanceData(
                        a.allowanceNumber(), a.allowanceDate(), a.seller(), a.buyer(), List.of()))), "items")));
        cases.add(new RuleCase("each item with OriginalInvoiceDate", MigMessage.G0401, allowance,
                drop("OriginalInvoiceDate"), "Details/ProductItem[1]/OriginalInvoiceDate", REQUIRED,
                "OriginalInvoiceDate", "xsd",
                new Writer(() -> MigSamples.WRITER.allowance(with(MigSamples.allowance(), a -> {
                    AllowanceData.Item t = a.items().get(0);
                    return new AllowanceData(a.allowanceNumber(), a.allowanceDate(), a.seller(), a.buyer(),
                            List.of(new AllowanceData.Item(null, t.originalInvoiceNumber(),
                                    t.originalSequenceNumber(), t.originalDescription(), t.quantity(), t.unit(),
                                    t.unitPrice(), t.amount(), t.tax(), t.taxType())));
                })), "items[0].originalInvoiceDate")));
        cases.add(new RuleCase("AllowanceType 1 needs a BAN buyer", MigMessage.G0401,
                () -> MigSamples.WRITER.allowance(consumerAllowance()),
                set("AllowanceType", "1"), "Main/AllowanceType", ALLOWANCE_TYPE_NEEDS_BUSINESS_BUYER, "AllowanceType",
                "xsd", new CannotArise("the writer writes AllowanceType 2, the only type MIG 4.1 has",
                () -> expect(MigSamples.WRITER.allowance(consumerAllowance()), "<AllowanceType>2</AllowanceType>",
                        true))));
        // G0501
        Supplier<String> cancelAllowance = () -> MigSamples.WRITER.cancelAllowance(MigSamples.cancelAllowance());
        cases.add(made("AllowanceDate present", MigMessage.G0501, cancelAllowance, "AllowanceDate",
                () -> MigSamples.WRITER.cancelAllowance(with(MigSamples.cancelAllowance(), c -> new CancelAllowanceData(
                        c.allowanceNumber(), c.allowanceType(), null, c.buyerId(), c.sellerId(), c.cancelDate(),
                        c.cancelTime(), c.reason(), c.remark()))), "allowanceDate"));
        cases.add(made("CancelDate present", MigMessage.G0501, cancelAllowance, "CancelDate",
                () -> MigSamples.WRITER.cancelAllowance(with(MigSamples.cancelAllowance(), c -> new CancelAllowanceData(
                        c.allowanceNumber(), c.allowanceType(), c.allowanceDate(), c.buyerId(), c.sellerId(), null,
                        c.cancelTime(), c.reason(), c.remark()))), "cancelDate"));
        // E0401, E0402
        cases.add(new RuleCase("at least one item", MigMessage.E0401,
                () -> MigSamples.WRITER.branchTrack(MigSamples.branchTrack()),
                xml -> xml.replaceAll("(?s)<Details>.*</Details>", "<Details/>"), "Details/BranchTrackItem", REQUIRED,
                "BranchTrackItem", "xsd",
                new Writer(() -> MigSamples.WRITER.branchTrack(with(MigSamples.branchTrack(), b -> new BranchTrackData(
                        b.headBan(), b.branchBan(), b.invoiceType(), b.yearMonth(), b.track(), b.beginNo(), b.endNo(),
                        List.of()))), "items")));
        cases.add(new RuleCase("at least one item", MigMessage.E0402,
                () -> MigSamples.WRITER.branchTrackBlank(MigSamples.branchTrackBlank()),
                xml -> xml.replaceAll("(?s)<Details>.*</Details>", "<Details/>"), "Details/BranchTrackBlankItem",
                REQUIRED, "BranchTrackBlankItem", "xsd",
                new Writer(() -> MigSamples.WRITER.branchTrackBlank(with(MigSamples.branchTrackBlank(),
                        b -> new BranchTrackBlankData(b.headBan(), b.branchBan(), b.invoiceType(), b.yearMonth(),
                                b.track(), List.of()))), "items")));
        return cases;
    }

    private static RuleCase invoice(String rule, Supplier<CanonicalInvoice> kind, UnaryOperator<String> breaking,
                                    String field, ViolationCode code, String turnkeyNames, String turnkeyStage,
                                    Consumer<CanonicalInvoice> change, String intakeField, ViolationCode intakeCode) {
        return new RuleCase(rule, MigMessage.F0401, () -> rendered(kind.get()), breaking, field, code, turnkeyNames,
                turnkeyStage, new Intake(kind, change, intakeField, intakeCode));
    }

    /** A required date missing from a flat message the hub makes itself (F0501, F0701, G0501). */
    private static RuleCase made(String rule, MigMessage type, Supplier<String> base, String element, Runnable render,
                                 String writerField) {
        return new RuleCase(rule, type, base, drop(element), element, REQUIRED, element, "xsd",
                new Writer(render, writerField));
    }

    private static void expect(String xml, String fragment, boolean present) {
        if (xml.contains(fragment) != present) {
            throw new AssertionError((present ? "missing " : "unexpected ") + fragment + " in\n" + xml);
        }
    }

    private static <T> T with(T value, UnaryOperator<T> change) {
        return change.apply(value);
    }

    private static Item withTaxType(Item i, String taxType) {
        return new Item(i.description(), i.quantity(), i.unit(), i.unitPrice(), i.amount(), taxType, i.remark());
    }

    // --- changes to rendered XML; each fails loudly when the element it changes is not there ---

    private static UnaryOperator<String> replace(String from, String to) {
        return xml -> MigSamples.replace(xml, from, to);
    }

    /** Removes the first {@code <element>…</element>} with its line. */
    static UnaryOperator<String> drop(String element) {
        return xml -> {
            Matcher m = first(xml, "[ \\t]*<" + element + ">[^<]*</" + element + ">\\R?", element);
            return xml.substring(0, m.start()) + xml.substring(m.end());
        };
    }

    /** Sets the text of the first {@code <element>}. */
    static UnaryOperator<String> set(String element, String text) {
        return xml -> {
            Matcher m = first(xml, "<" + element + ">[^<]*</" + element + ">", element);
            return xml.substring(0, m.start()) + "<" + element + ">" + text + "</" + element + ">"
                    + xml.substring(m.end());
        };
    }

    private static Matcher first(String xml, String regex, String element) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        if (!m.find()) {
            throw new AssertionError("sample lacks <" + element + ">");
        }
        return m;
    }
}
