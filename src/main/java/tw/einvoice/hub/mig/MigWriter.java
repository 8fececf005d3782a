package tw.einvoice.hub.mig;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Item;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;
import tw.einvoice.hub.rules.TaxArithmetic;
import tw.einvoice.hub.rules.TaxArithmetic.Amounts;
import tw.einvoice.hub.rules.TurnkeyRefusals;

import javax.xml.stream.XMLStreamException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders hub documents as MIG 4.1 XML: UTF-8 with a declaration, one default namespace, the documented element
 * order, empty optional elements omitted. Thread-safe; the JAXB context is built once per JVM.
 *
 * <p>Input problems (a missing required value) are {@link IllegalArgumentException}s naming the field. Values are
 * not otherwise checked here: {@link MigSchema} is the judge of what a message may contain.
 */
public final class MigWriter {

    /**
     * @param b2cTaxInclusive consumer invoices carry tax-inclusive SalesAmount and TaxAmount 0 (營業稅法 §32)
     * @param consumerName    Buyer/Name for a consumer who gave none: the MIG requires a name for every buyer, and
     *                        Turnkey refuses 0, 00, 000 and 0000 there
     */
    public record Options(boolean b2cTaxInclusive, String consumerName) {
        public static final String DEFAULT_CONSUMER_NAME = "消費者";

        /** Buyer/Name's limit in the MIG. */
        static final int MAX_NAME_LENGTH = 60;

        /**
         * @throws IllegalArgumentException naming the setting when Turnkey or the schema would refuse every
         *                                  consumer invoice that relies on the placeholder, so the hub stops at
         *                                  start-up rather than at the first upload
         */
        public Options {
            consumerName = consumerName == null || consumerName.isBlank() ? DEFAULT_CONSUMER_NAME : consumerName.strip();
            if (TurnkeyRefusals.isRefusedConsumerName(consumerName)) {
                throw new IllegalArgumentException("hub.mig.consumer-name (HUB_CONSUMER_NAME) is '" + consumerName
                        + "': Turnkey refuses 0, 00, 000 and 0000 as a consumer's Buyer/Name; leave it unset for "
                        + DEFAULT_CONSUMER_NAME);
            }
            if (consumerName.codePointCount(0, consumerName.length()) > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("hub.mig.consumer-name (HUB_CONSUMER_NAME) has "
                        + consumerName.codePointCount(0, consumerName.length()) + " characters; Buyer/Name allows at most "
                        + MAX_NAME_LENGTH);
            }
        }

        public static Options defaults() {
            return new Options(true, DEFAULT_CONSUMER_NAME);
        }
    }

    /** Invoice dates and times are Taiwan's civil time whatever offset the source used. */
    public static final ZoneId TAIWAN = ZoneId.of("Asia/Taipei");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final BigDecimal DEFAULT_RATE = new BigDecimal("0.05");

    private static final JAXBContext CONTEXT = context();

    private final Options options;

    public MigWriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /** F0401 for an invoice whose invoiceNumber, randomCode, issuedAt and seller (name) are filled. */
    public String invoice(CanonicalInvoice invoice) {
        return marshal(invoiceModel(invoice), MigMessage.F0401);
    }

    /**
     * A0101 for an invoice to a business that receives through the B2B exchange: the F0401's content without what
     * only a consumer's invoice has (carrier, print mark, donation, random code, bonded-area mark) and without the
     * free-tax and zero-tax sums, which A0101 does not carry.
     *
     * @throws IllegalArgumentException when the buyer has no BAN: the exchange is between two businesses
     */
    public String exchangeInvoice(CanonicalInvoice invoice) {
        Objects.requireNonNull(invoice, "invoice");
        if (!invoice.hasBusinessBuyer()) {
            throw new IllegalArgumentException("buyer.id: a B2B exchange invoice needs the buyer's BAN");
        }
        CanonicalInvoice doc = invoice.copy();
        if (doc.getRandomCode() == null) {
            // A0101 has no random code; the shared rendering wants one, and none of it reaches the message
            doc.setRandomCode("0000");
        }
        MigModel.Invoice xml = invoiceModel(doc);
        MigModel.InvoiceMain main = xml.main;
        main.carrierType = null;
        main.carrierId1 = null;
        main.carrierId2 = null;
        main.printMark = null;
        main.npoban = null;
        main.randomNumber = null;
        main.bondedAreaConfirm = null;
        main.donateMark = "0";
        xml.amount.freeTaxSalesAmount = null;
        xml.amount.zeroTaxSalesAmount = null;
        return marshal(xml, MigMessage.A0101);
    }

    /** A0201: the seller cancels an exchanged invoice; the same fields as F0501 in the exchange's namespace. */
    public String exchangeCancel(CancelInvoiceData data) {
        return marshal(cancelModel(data), MigMessage.A0201);
    }

    /**
     * A0102, A0202, A0301, A0302, or for an allowance B0102 or B0202 (invoiceNumber and invoiceDate then being the
     * allowance's number and date, AllowanceType 2, the seller's allowance), as {@code data.type()} says.
     */
    public String exchangeAnswer(ExchangeAnswerData data) {
        Objects.requireNonNull(data, "data");
        String number = required(text(data.invoiceNumber()), "invoiceNumber");
        String invoiceDate = date(data.invoiceDate(), "invoiceDate");
        String buyerId = required(text(data.buyerId()), "buyerId");
        String sellerId = required(text(data.sellerId()), "sellerId");
        String day = date(data.date(), "date");
        String time = time(data.time(), "time");
        String remark = text(data.remark());
        Object root = switch (data.type()) {
            case A0102 -> {
                MigModel.InvoiceConfirm x = new MigModel.InvoiceConfirm();
                x.invoiceNumber = number;
                x.invoiceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.receiveDate = day;
                x.receiveTime = time;
                x.remark = remark;
                yield x;
            }
            case A0202 -> {
                MigModel.CancelInvoiceConfirm x = new MigModel.CancelInvoiceConfirm();
                x.cancelInvoiceNumber = number;
                x.invoiceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.cancelDate = day;
                x.cancelTime = time;
                x.remark = remark;
                yield x;
            }
            case A0301 -> {
                MigModel.RejectInvoice x = new MigModel.RejectInvoice();
                x.rejectInvoiceNumber = number;
                x.invoiceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.rejectDate = day;
                x.rejectTime = time;
                x.rejectReason = required(text(data.reason()), "reason");
                x.remark = remark;
                yield x;
            }
            case A0302 -> {
                MigModel.RejectInvoiceConfirm x = new MigModel.RejectInvoiceConfirm();
                x.rejectInvoiceNumber = number;
                x.invoiceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.rejectDate = day;
                x.rejectTime = time;
                x.remark = remark;
                yield x;
            }
            case B0102 -> {
                MigModel.AllowanceConfirm x = new MigModel.AllowanceConfirm();
                x.allowanceNumber = number;
                x.allowanceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.receiveDate = day;
                x.receiveTime = time;
                x.allowanceType = "2";
                x.remark = remark;
                yield x;
            }
            case B0202 -> {
                MigModel.CancelAllowanceConfirm x = new MigModel.CancelAllowanceConfirm();
                x.cancelAllowanceNumber = number;
                x.allowanceDate = invoiceDate;
                x.buyerId = buyerId;
                x.sellerId = sellerId;
                x.cancelDate = day;
                x.cancelTime = time;
                x.allowanceType = "2";
                x.remark = remark;
                yield x;
            }
            default -> throw new IllegalArgumentException(data.type() + " is not an exchange answer");
        };
        return marshal(root, data.type());
    }

    private MigModel.Invoice invoiceModel(CanonicalInvoice invoice) {
        Objects.requireNonNull(invoice, "invoice");
        ZonedDateTime issued = required(invoice.getIssuedAt(), "issuedAt").atZoneSameInstant(TAIWAN);

        MigModel.InvoiceMain main = new MigModel.InvoiceMain();
        main.invoiceNumber = required(text(invoice.getInvoiceNumber()), "invoiceNumber");
        main.invoiceDate = DATE.format(issued);
        main.invoiceTime = TIME.format(issued);
        main.seller = seller(invoice.getSeller(), invoice.getSellerId());
        boolean business = invoice.hasBusinessBuyer();
        main.buyer = buyer(invoice.getBuyer(), business, options.consumerName());
        main.mainRemark = text(invoice.getRemark());
        main.customsClearanceMark = text(invoice.getCustomsClearanceMark());
        main.invoiceType = Objects.requireNonNullElse(text(invoice.getInvoiceType()), "07");
        String npoban = invoice.getDonation() == null ? null : text(invoice.getDonation().npoban());
        main.donateMark = npoban == null ? "0" : "1";
        if (invoice.getCarrier() != null && text(invoice.getCarrier().id()) != null) {
            // A barcode or certificate is both the shown (1) and hidden (2) id; a member carrier has its own hidden code.
            main.carrierType = text(invoice.getCarrier().type());
            main.carrierId1 = text(invoice.getCarrier().id());
            String hidden = text(invoice.getCarrier().hiddenId());
            main.carrierId2 = hidden != null ? hidden : main.carrierId1;
        }
        main.printMark = Boolean.TRUE.equals(invoice.getPrint()) ? "Y" : "N";
        main.npoban = npoban;
        main.randomNumber = required(text(invoice.getRandomCode()), "randomCode");
        main.zeroTaxRateReason = text(invoice.getZeroTaxRateReason());

        String taxType = Objects.requireNonNullElse(text(invoice.getTaxType()), TaxArithmetic.TAXABLE);
        BigDecimal rate = invoice.getTaxRate() != null ? invoice.getTaxRate()
                : TaxArithmetic.TAXABLE.equals(taxType) || "9".equals(taxType) ? DEFAULT_RATE : BigDecimal.ZERO;

        MigModel.Invoice xml = new MigModel.Invoice();
        xml.main = main;
        List<Item> items = invoice.getItems() == null ? List.of() : invoice.getItems();
        List<Item> resolved = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String itemTaxType = itemTaxType(item, taxType, i);
            resolved.add(new Item(item.description(), item.quantity(), item.unit(), item.unitPrice(), item.amount(),
                    itemTaxType, item.remark()));
            MigModel.InvoiceItem x = new MigModel.InvoiceItem();
            x.description = required(text(item.description()), "items[" + i + "].description");
            x.quantity = decimal(required(item.quantity(), "items[" + i + "].quantity"));
            x.unit = text(item.unit());
            x.unitPrice = decimal(required(item.unitPrice(), "items[" + i + "].unitPrice"));
            x.taxType = itemTaxType;
            x.amount = decimal(required(item.amount(), "items[" + i + "].amount"));
            // 4.1 practice: four digits, matching the "0001" the platform shows and allowances refer back to.
            x.sequenceNumber = sequence(i + 1);
            x.remark = text(item.remark());
            xml.items.add(x);
        }

        Amounts amounts = amounts(invoice, resolved, rate);
        BigDecimal total = invoice.getTotalAmount() != null ? invoice.getTotalAmount() : amounts.totalAmount();
        MigModel.InvoiceAmount a = new MigModel.InvoiceAmount();
        if (!business && options.b2cTaxInclusive()) {
            // 營業稅法 §32: a consumer's invoice shows the price with tax included and no separate tax.
            a.salesAmount = whole(amounts.gross());
            a.taxAmount = "0";
        } else {
            a.salesAmount = whole(amounts.salesAmount());
            a.taxAmount = whole(amounts.taxAmount());
        }
        a.freeTaxSalesAmount = whole(amounts.freeTaxSalesAmount());
        a.zeroTaxSalesAmount = whole(amounts.zeroTaxSalesAmount());
        a.taxType = taxType;
        a.taxRate = decimal(rate);
        a.totalAmount = whole(total);
        xml.amount = a;
        return xml;
    }

    /** F0501 CancelInvoice. */
    public String cancel(CancelInvoiceData data) {
        return marshal(cancelModel(data), MigMessage.F0501);
    }

    private MigModel.CancelInvoice cancelModel(CancelInvoiceData data) {
        Objects.requireNonNull(data, "data");
        MigModel.CancelInvoice x = new MigModel.CancelInvoice();
        x.cancelInvoiceNumber = required(text(data.invoiceNumber()), "invoiceNumber");
        x.invoiceDate = date(data.invoiceDate(), "invoiceDate");
        x.buyerId = buyerId(data.buyerId());
        x.sellerId = required(text(data.sellerId()), "sellerId");
        x.cancelDate = date(data.cancelDate(), "cancelDate");
        x.cancelTime = time(data.cancelTime(), "cancelTime");
        x.cancelReason = required(text(data.reason()), "reason");
        x.returnTaxDocumentNumber = text(data.returnTaxDocumentNumber());
        x.remark = text(data.remark());
        return x;
    }

    /** F0701 VoidInvoice. */
    public String voidInvoice(VoidInvoiceData data) {
        Objects.requireNonNull(data, "data");
        MigModel.VoidInvoice x = new MigModel.VoidInvoice();
        x.voidInvoiceNumber = required(text(data.invoiceNumber()), "invoiceNumber");
        x.invoiceDate = date(data.invoiceDate(), "invoiceDate");
        x.buyerId = buyerId(data.buyerId());
        x.sellerId = required(text(data.sellerId()), "sellerId");
        x.voidDate = date(data.voidDate(), "voidDate");
        x.voidTime = time(data.voidTime(), "voidTime");
        x.voidReason = required(text(data.reason()), "reason");
        x.remark = text(data.remark());
        return marshal(x, MigMessage.F0701);
    }

    /** G0401 Allowance; AllowanceType is always 2 (seller-issued), the only type 4.1 accepts. */
    public String allowance(AllowanceData data) {
        return marshal(allowanceModel(data), MigMessage.G0401);
    }

    /** B0101: a seller's allowance to an exchange partner; G0401's content with whole-NTD item amounts. */
    public String exchangeAllowance(AllowanceData data) {
        MigModel.Allowance x = allowanceModel(data);
        for (MigModel.AllowanceItem item : x.items) {
            item.amount = whole(new BigDecimal(item.amount));
        }
        return marshal(x, MigMessage.B0101);
    }

    /**
     * B0201: the seller cancels an exchanged allowance. Written element by element: its root shares G0501's name
     * ({@code CancelAllowance}) but not its order, and one JAXB context cannot map one name twice.
     */
    public String exchangeCancelAllowance(CancelAllowanceData data) {
        Objects.requireNonNull(data, "data");
        StringWriter text = new StringWriter();
        try {
            NamespacedWriter w = NamespacedWriter.to(text, MigMessage.B0201.namespace());
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("CancelAllowance");
            leaf(w, "CancelAllowanceNumber", required(text(data.allowanceNumber()), "allowanceNumber"));
            leaf(w, "AllowanceDate", date(data.allowanceDate(), "allowanceDate"));
            leaf(w, "BuyerId", required(text(data.buyerId()), "buyerId"));
            leaf(w, "SellerId", required(text(data.sellerId()), "sellerId"));
            leaf(w, "CancelDate", date(data.cancelDate(), "cancelDate"));
            leaf(w, "CancelTime", time(data.cancelTime(), "cancelTime"));
            leaf(w, "AllowanceType", Objects.requireNonNullElse(text(data.allowanceType()), "2"));
            leaf(w, "CancelReason", required(text(data.reason()), "reason"));
            leaf(w, "Remark", text(data.remark()));
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("B0201 could not be written", e);
        }
        return text.append('\n').toString();
    }

    private MigModel.Allowance allowanceModel(AllowanceData data) {
        Objects.requireNonNull(data, "data");
        MigModel.Allowance x = new MigModel.Allowance();
        MigModel.AllowanceMain main = new MigModel.AllowanceMain();
        main.allowanceNumber = required(text(data.allowanceNumber()), "allowanceNumber");
        main.allowanceDate = date(data.allowanceDate(), "allowanceDate");
        main.seller = seller(data.seller(), null);
        Party buyer = data.buyer();
        boolean business = buyer != null && text(buyer.id()) != null
                && !CanonicalInvoice.CONSUMER_BUYER_ID.equals(buyer.id()) && !"00000000".equals(buyer.id());
        main.buyer = buyer(buyer, business, options.consumerName());
        main.allowanceType = "2";
        x.main = main;

        List<AllowanceData.Item> items = items(data.items());
        BigDecimal tax = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < items.size(); i++) {
            AllowanceData.Item item = items.get(i);
            String at = "items[" + i + "].";
            MigModel.AllowanceItem it = new MigModel.AllowanceItem();
            it.originalInvoiceDate = date(item.originalInvoiceDate(), at + "originalInvoiceDate");
            it.originalInvoiceNumber = required(text(item.originalInvoiceNumber()), at + "originalInvoiceNumber");
            it.originalSequenceNumber = item.originalSequenceNumber() == null ? null
                    : sequence(item.originalSequenceNumber());
            it.originalDescription = required(text(item.originalDescription()), at + "originalDescription");
            it.quantity = decimal(required(item.quantity(), at + "quantity"));
            it.unit = text(item.unit());
            it.unitPrice = decimal(required(item.unitPrice(), at + "unitPrice"));
            it.amount = decimal(required(item.amount(), at + "amount"));
            it.tax = whole(required(item.tax(), at + "tax"));
            it.allowanceSequenceNumber = String.valueOf(i + 1);
            it.taxType = Objects.requireNonNullElse(text(item.taxType()), TaxArithmetic.TAXABLE);
            x.items.add(it);
            tax = tax.add(item.tax());
            total = total.add(item.amount());
        }
        MigModel.AllowanceAmount amount = new MigModel.AllowanceAmount();
        amount.taxAmount = whole(tax);
        // G0401's TotalAmount is the untaxed sum of the items, not sum plus tax.
        amount.totalAmount = whole(total);
        x.amount = amount;
        return x;
    }

    /** G0501 CancelAllowance. */
    public String cancelAllowance(CancelAllowanceData data) {
        Objects.requireNonNull(data, "data");
        MigModel.CancelAllowance x = new MigModel.CancelAllowance();
        x.cancelAllowanceNumber = required(text(data.allowanceNumber()), "allowanceNumber");
        x.allowanceType = Objects.requireNonNullElse(text(data.allowanceType()), "2");
        x.allowanceDate = date(data.allowanceDate(), "allowanceDate");
        x.buyerId = buyerId(data.buyerId());
        x.sellerId = required(text(data.sellerId()), "sellerId");
        x.cancelDate = date(data.cancelDate(), "cancelDate");
        x.cancelTime = time(data.cancelTime(), "cancelTime");
        x.cancelReason = required(text(data.reason()), "reason");
        x.remark = text(data.remark());
        return marshal(x, MigMessage.G0501);
    }

    /** E0401 BranchTrack. */
    public String branchTrack(BranchTrackData data) {
        Objects.requireNonNull(data, "data");
        MigModel.BranchTrack x = new MigModel.BranchTrack();
        MigModel.BranchTrackMain main = new MigModel.BranchTrackMain();
        main.headBan = required(text(data.headBan()), "headBan");
        main.branchBan = required(text(data.branchBan()), "branchBan");
        main.invoiceType = Objects.requireNonNullElse(text(data.invoiceType()), "07");
        main.yearMonth = required(text(data.yearMonth()), "yearMonth");
        main.invoiceTrack = required(text(data.track()), "track");
        main.invoiceBeginNo = required(text(data.beginNo()), "beginNo");
        main.invoiceEndNo = required(text(data.endNo()), "endNo");
        x.main = main;
        for (BranchTrackData.Item item : items(data.items())) {
            MigModel.BranchTrackItem it = new MigModel.BranchTrackItem();
            it.invoiceBeginNo = text(item.beginNo());
            it.invoiceEndNo = text(item.endNo());
            it.invoiceBooklet = String.valueOf(item.booklets());
            x.items.add(it);
        }
        return marshal(x, MigMessage.E0401);
    }

    /** E0402 BranchTrackBlank. */
    public String branchTrackBlank(BranchTrackBlankData data) {
        Objects.requireNonNull(data, "data");
        MigModel.BranchTrackBlank x = new MigModel.BranchTrackBlank();
        MigModel.BranchTrackBlankMain main = new MigModel.BranchTrackBlankMain();
        main.headBan = required(text(data.headBan()), "headBan");
        main.branchBan = required(text(data.branchBan()), "branchBan");
        main.invoiceType = Objects.requireNonNullElse(text(data.invoiceType()), "07");
        main.yearMonth = required(text(data.yearMonth()), "yearMonth");
        main.invoiceTrack = required(text(data.track()), "track");
        x.main = main;
        for (BranchTrackBlankData.Item item : items(data.items())) {
            MigModel.BranchTrackBlankItem it = new MigModel.BranchTrackBlankItem();
            it.invoiceBeginNo = text(item.beginNo());
            it.invoiceEndNo = text(item.endNo());
            x.items.add(it);
        }
        return marshal(x, MigMessage.E0402);
    }

    /**
     * A SummaryResult in the shape Turnkey binds (turnkey.md §2.1): {@code Message/{Info, ResultType/{Total, Good,
     * Failed}/ResultDetailType/{Count, Invoices/Invoice}}}, namespace {@code urn:GEINV:SummaryResult:4.1},
     * InvoiceDate as yyyyMMdd. FromVAC/ToVAC are left out: the record has no routing ids.
     */
    public String summaryResult(SummaryResult result) {
        Objects.requireNonNull(result, "result");
        StringWriter text = new StringWriter();
        try {
            NamespacedWriter w = NamespacedWriter.to(text, MigReader.SUMMARY_RESULT_NAMESPACE);
            w.writeStartDocument();
            w.writeStartElement("SummaryResult");
            w.writeStartElement("RoutingInfo");
            party(w, "From", result.fromPartyId());
            party(w, "To", result.toPartyId());
            w.writeEndElement();
            w.writeStartElement("DetailList");
            for (SummaryResult.MessageSummary m : result.messages()) {
                w.writeStartElement("Message");
                w.writeStartElement("Info");
                leaf(w, "Id", m.id());
                leaf(w, "MessageType", m.messageType());
                w.writeEndElement();
                w.writeStartElement("ResultType");
                count(w, "Total", m.total());
                count(w, "Good", m.good());
                count(w, "Failed", m.failed());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("SummaryResult could not be written", e);
        }
        return text.append('\n').toString();
    }

    private static void party(NamespacedWriter w, String name, String partyId) throws XMLStreamException {
        w.writeStartElement(name);
        leaf(w, "PartyId", partyId == null ? "" : partyId);
        w.writeEndElement();
    }

    private static void count(NamespacedWriter w, String name, SummaryResult.Count count) throws XMLStreamException {
        SummaryResult.Count c = count == null ? new SummaryResult.Count(0, List.of()) : count;
        w.writeStartElement(name);
        w.writeStartElement("ResultDetailType");
        leaf(w, "Count", String.valueOf(c.count()));
        if (!c.invoices().isEmpty()) {
            w.writeStartElement("Invoices");
            for (SummaryResult.Invoice invoice : c.invoices()) {
                w.writeStartElement("Invoice");
                leaf(w, "ReferenceNumber", invoice.referenceNumber());
                if (invoice.invoiceDate() != null) {
                    leaf(w, "InvoiceDate", DATE.format(invoice.invoiceDate()));
                }
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void leaf(NamespacedWriter w, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    /** Stated amounts when the invoice has them (validation completed and checked them), else derived. */
    private static Amounts amounts(CanonicalInvoice invoice, List<Item> items, BigDecimal rate) {
        if (invoice.getSalesAmount() != null && invoice.getTaxAmount() != null) {
            return new Amounts(invoice.getSalesAmount(), invoice.getTaxAmount(),
                    Objects.requireNonNullElse(invoice.getZeroTaxSalesAmount(), BigDecimal.ZERO),
                    Objects.requireNonNullElse(invoice.getFreeTaxSalesAmount(), BigDecimal.ZERO));
        }
        boolean inclusive = invoice.getPricesIncludeTax() != null ? invoice.getPricesIncludeTax()
                : !invoice.hasBusinessBuyer();
        return TaxArithmetic.expected(items, rate, inclusive);
    }

    private static String itemTaxType(Item item, String invoiceTaxType, int index) {
        String t = text(item.taxType());
        if (t != null) {
            return t;
        }
        return switch (invoiceTaxType) {
            case TaxArithmetic.TAXABLE, TaxArithmetic.ZERO_RATED, TaxArithmetic.EXEMPT -> invoiceTaxType;
            // A special-rate invoice carries its items as taxable.
            case "4" -> TaxArithmetic.TAXABLE;
            default -> throw new IllegalArgumentException("items[" + index + "].taxType is required when the "
                    + "invoice's taxType is " + invoiceTaxType);
        };
    }

    private static MigModel.Role seller(Party seller, String sellerId) {
        if (seller == null || text(seller.name()) == null) {
            throw new IllegalArgumentException("seller.name is required");
        }
        MigModel.Role role = new MigModel.Role();
        role.identifier = required(text(sellerId) != null ? text(sellerId) : text(seller.id()), "sellerId");
        role.name = text(seller.name());
        role.address = text(seller.address());
        role.telephoneNumber = text(seller.phone());
        role.emailAddress = text(seller.email());
        return role;
    }

    /**
     * A consumer is written with the ten-zero identifier and no contact details: the platform has no use for a
     * consumer's address, phone or e-mail, and leaving them out keeps personal data off the upload.
     */
    private static MigModel.Role buyer(Party buyer, boolean business, String consumerName) {
        MigModel.Role role = new MigModel.Role();
        if (business) {
            role.identifier = text(buyer.id());
            role.name = required(text(buyer.name()), "buyer.name");
            role.address = text(buyer.address());
            role.telephoneNumber = text(buyer.phone());
            role.emailAddress = text(buyer.email());
        } else {
            role.identifier = CanonicalInvoice.CONSUMER_BUYER_ID;
            String name = buyer == null ? null : text(buyer.name());
            role.name = name != null ? name : consumerName;
        }
        return role;
    }

    /** Turnkey refuses G0401, E0401 and E0402 without a detail line, as their schemas do. */
    private static <T> List<T> items(List<T> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("items: at least one item is required");
        }
        return items;
    }

    private static String buyerId(String id) {
        String t = text(id);
        return t == null || "00000000".equals(t) ? CanonicalInvoice.CONSUMER_BUYER_ID : t;
    }

    /* Marshallers are not thread-safe, and making one costs a good part of writing a whole message with it. */
    private static final ThreadLocal<Marshaller> MARSHALLERS = ThreadLocal.withInitial(() -> {
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            return marshaller;
        } catch (JAXBException e) {
            throw new IllegalStateException("no JAXB marshaller for MIG messages", e);
        }
    });

    private static String marshal(Object root, MigMessage message) {
        StringWriter text = new StringWriter();
        try {
            Marshaller marshaller = MARSHALLERS.get();
            NamespacedWriter writer = NamespacedWriter.to(text, message.namespace());
            marshaller.marshal(root, writer);
            writer.close();
        } catch (JAXBException | XMLStreamException e) {
            throw new IllegalStateException(message + " could not be written", e);
        }
        return text.append('\n').toString();
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(MigModel.ROOTS);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String sequence(int n) {
        if (n < 0 || n > 9999) {
            return String.format("%04d", n);
        }
        // String.format's parsing of its pattern cost more than the rest of an item's rendering
        String digits = Integer.toString(n);
        return "0000".substring(digits.length()) + digits;
    }

    /** Whole NTD, half up, never with a fraction or exponent. */
    static String whole(BigDecimal amount) {
        return TaxArithmetic.round(amount).toPlainString();
    }

    /** Plain decimal without trailing zeros: 2, 0.5, 105 (never 1E+2). */
    static String decimal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String date(LocalDate date, String field) {
        return DATE.format(required(date, field));
    }

    private static String time(LocalTime time, String field) {
        return TIME.format(required(time, field).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
