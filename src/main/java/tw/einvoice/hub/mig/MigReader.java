package tw.einvoice.hub.mig;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Light readers of MIG messages and Turnkey downloads. They match elements by local name and ignore namespaces,
 * so 4.0/4.1 and the spellings real files use are all accepted; they do not validate (use {@link MigSchema}).
 * Every reader refuses a DOCTYPE with {@link MigFormatException}. Stateless and thread-safe.
 */
public final class MigReader {

    public static final String SUMMARY_RESULT_NAMESPACE = "urn:GEINV:SummaryResult:4.1";

    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    /** F0401 as a receiver sees it; amounts as written (B2C files usually carry tax-inclusive SalesAmount). */
    public record InvoiceInfo(String invoiceNumber, LocalDate invoiceDate, LocalTime invoiceTime, String sellerId,
                              String sellerName, String buyerId, String buyerName, String invoiceType,
                              BigDecimal salesAmount, BigDecimal freeTaxSalesAmount, BigDecimal zeroTaxSalesAmount,
                              String taxType, BigDecimal taxRate, BigDecimal taxAmount, BigDecimal totalAmount,
                              String randomNumber, String carrierType, String carrierId1, String carrierId2,
                              String donateMark, String npoban, String printMark, int itemCount) {
    }

    /** F0501. */
    public record CancelInfo(String invoiceNumber, LocalDate invoiceDate, String buyerId, String sellerId,
                             LocalDate cancelDate, LocalTime cancelTime, String reason) {
    }

    /** F0701. */
    public record VoidInfo(String invoiceNumber, LocalDate invoiceDate, String buyerId, String sellerId,
                           LocalDate voidDate, LocalTime voidTime, String reason) {
    }

    /** G0401; {@code originalInvoiceNumbers} in item order, duplicates kept. */
    public record AllowanceInfo(String allowanceNumber, LocalDate allowanceDate, String sellerId, String buyerId,
                                String allowanceType, BigDecimal taxAmount, BigDecimal totalAmount, int itemCount,
                                List<String> originalInvoiceNumbers) {
    }

    /** G0501. */
    public record CancelAllowanceInfo(String allowanceNumber, String allowanceType, LocalDate allowanceDate,
                                      String buyerId, String sellerId, LocalDate cancelDate, LocalTime cancelTime,
                                      String reason) {
    }

    /** A number range of E0401 (booklets) or E0402 (booklets 0). */
    public record Range(String beginNo, String endNo, long booklets) {
    }

    /** E0401. */
    public record BranchTrackInfo(String headBan, String branchBan, String invoiceType, String yearMonth,
                                  String track, String beginNo, String endNo, List<Range> ranges) {
    }

    /** E0402. */
    public record BranchTrackBlankInfo(String headBan, String branchBan, String invoiceType, String yearMonth,
                                       String track, List<Range> ranges) {
    }

    public InvoiceInfo readInvoice(String xml) {
        Element root = root(xml, "Invoice");
        Element main = child(root, "Main");
        Element seller = child(main, "Seller");
        Element buyer = child(main, "Buyer");
        Element amount = child(root, "Amount");
        return new InvoiceInfo(text(main, "InvoiceNumber"), date(text(main, "InvoiceDate")),
                time(text(main, "InvoiceTime")), text(seller, "Identifier"), text(seller, "Name"),
                text(buyer, "Identifier"), text(buyer, "Name"), text(main, "InvoiceType"),
                number(text(amount, "SalesAmount")), number(text(amount, "FreeTaxSalesAmount")),
                number(text(amount, "ZeroTaxSalesAmount")), text(amount, "TaxType"), number(text(amount, "TaxRate")),
                number(text(amount, "TaxAmount")), number(text(amount, "TotalAmount")), text(main, "RandomNumber"),
                text(main, "CarrierType"), text(main, "CarrierId1"), text(main, "CarrierId2"),
                text(main, "DonateMark"), text(main, "NPOBAN"), text(main, "PrintMark"),
                children(child(root, "Details"), "ProductItem").size());
    }

    public CancelInfo readCancel(String xml) {
        Element r = root(xml, "CancelInvoice");
        return new CancelInfo(text(r, "CancelInvoiceNumber"), date(text(r, "InvoiceDate")), text(r, "BuyerId"),
                text(r, "SellerId"), date(text(r, "CancelDate")), time(text(r, "CancelTime")),
                text(r, "CancelReason"));
    }

    public VoidInfo readVoid(String xml) {
        Element r = root(xml, "VoidInvoice");
        return new VoidInfo(text(r, "VoidInvoiceNumber"), date(text(r, "InvoiceDate")), text(r, "BuyerId"),
                text(r, "SellerId"), date(text(r, "VoidDate")), time(text(r, "VoidTime")), text(r, "VoidReason"));
    }

    public AllowanceInfo readAllowance(String xml) {
        Element root = root(xml, "Allowance");
        Element main = child(root, "Main");
        Element amount = child(root, "Amount");
        List<Element> items = children(child(root, "Details"), "ProductItem");
        return new AllowanceInfo(text(main, "AllowanceNumber"), date(text(main, "AllowanceDate")),
                text(child(main, "Seller"), "Identifier"), text(child(main, "Buyer"), "Identifier"),
                text(main, "AllowanceType"), number(text(amount, "TaxAmount")), number(text(amount, "TotalAmount")),
                items.size(), items.stream().map(i -> text(i, "OriginalInvoiceNumber")).toList());
    }

    public CancelAllowanceInfo readCancelAllowance(String xml) {
        Element r = root(xml, "CancelAllowance");
        return new CancelAllowanceInfo(text(r, "CancelAllowanceNumber"), text(r, "AllowanceType"),
                date(text(r, "AllowanceDate")), text(r, "BuyerId"), text(r, "SellerId"),
                date(text(r, "CancelDate")), time(text(r, "CancelTime")), text(r, "CancelReason"));
    }

    public BranchTrackInfo readBranchTrack(String xml) {
        Element root = root(xml, "BranchTrack");
        Element main = child(root, "Main");
        List<Range> ranges = children(child(root, "Details"), "BranchTrackItem").stream()
                .map(i -> new Range(text(i, "InvoiceBeginNo"), text(i, "InvoiceEndNo"),
                        whole(text(i, "InvoiceBooklet"))))
                .toList();
        return new BranchTrackInfo(text(main, "HeadBan"), text(main, "BranchBan"), text(main, "InvoiceType"),
                text(main, "YearMonth"), text(main, "InvoiceTrack"), text(main, "InvoiceBeginNo"),
                text(main, "InvoiceEndNo"), ranges);
    }

    public BranchTrackBlankInfo readBranchTrackBlank(String xml) {
        Element root = root(xml, "BranchTrackBlank");
        Element main = child(root, "Main");
        List<Range> ranges = children(child(root, "Details"), "BranchTrackBlankItem").stream()
                .map(i -> new Range(text(i, "InvoiceBeginNo"), text(i, "InvoiceEndNo"), 0))
                .toList();
        return new BranchTrackBlankInfo(text(main, "HeadBan"), text(main, "BranchBan"), text(main, "InvoiceType"),
                text(main, "YearMonth"), text(main, "InvoiceTrack"), ranges);
    }

    /** Every {@code InvoiceAssignNo} of an E0501 {@code InvoiceEnvelope}, in document order, whatever its pack. */
    public List<Assignment> readAssignments(InputStream in) {
        Element root = SecureXml.parse(new InputSource(in)).getDocumentElement();
        List<Assignment> out = new ArrayList<>();
        for (Element a : descendants(root, "InvoiceAssignNo")) {
            out.add(new Assignment(text(a, "Ban"), text(a, "InvoiceType"), text(a, "YearMonth"),
                    text(a, "InvoiceTrack"), text(a, "InvoiceBeginNo"), text(a, "InvoiceEndNo"),
                    whole(text(a, "InvoiceBooklet"))));
        }
        return out;
    }

    /**
     * A daily SummaryResult in either known shape: {@code ResultType/Total/ResultDetailType/…} (what Turnkey binds)
     * or {@code Result/Total/…} without the wrapper (the bundled XSD), with {@code Invoice} or {@code Invocie}.
     * A missing Count is the number of listed invoices.
     */
    public SummaryResult readSummaryResult(InputStream in) {
        Element root = SecureXml.parse(new InputSource(in)).getDocumentElement();
        if (!"SummaryResult".equals(local(root))) {
            throw new MigFormatException("expected a SummaryResult, found " + local(root));
        }
        Element routing = child(root, "RoutingInfo");
        String from = text(child(routing, "From"), "PartyId");
        String to = text(child(routing, "To"), "PartyId");
        List<SummaryResult.MessageSummary> messages = new ArrayList<>();
        Element list = child(root, "DetailList");
        for (Element message : children(list == null ? root : list, "Message")) {
            Element info = child(message, "Info");
            Element result = child(message, "ResultType");
            if (result == null) {
                result = child(message, "Result");
            }
            messages.add(new SummaryResult.MessageSummary(text(info, "Id"), text(info, "MessageType"),
                    count(child(result, "Total")), count(child(result, "Good")), count(child(result, "Failed"))));
        }
        return new SummaryResult(from, to, messages);
    }

    private static SummaryResult.Count count(Element total) {
        if (total == null) {
            return new SummaryResult.Count(0, List.of());
        }
        Element detail = child(total, "ResultDetailType");
        Element d = detail != null ? detail : total;
        List<SummaryResult.Invoice> invoices = new ArrayList<>();
        Element list = child(d, "Invoices");
        if (list != null) {
            for (Element invoice : children(list, null)) {
                if ("Invoice".equals(local(invoice)) || "Invocie".equals(local(invoice))) {
                    invoices.add(new SummaryResult.Invoice(text(invoice, "ReferenceNumber"),
                            date(text(invoice, "InvoiceDate"))));
                }
            }
        }
        String count = text(d, "Count");
        return new SummaryResult.Count(count == null ? invoices.size() : (int) whole(count), invoices);
    }

    private static Element root(String xml, String expected) {
        Objects.requireNonNull(xml, "xml");
        Document doc = SecureXml.parse(new InputSource(new StringReader(xml)));
        Element root = doc.getDocumentElement();
        if (!expected.equals(local(root))) {
            throw new MigFormatException("expected root element " + expected + ", found " + local(root));
        }
        return root;
    }

    private static String local(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(local(e))) {
                return e;
            }
        }
        return null;
    }

    /** Element children, all when {@code name} is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(local(e)))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> descendants(Element root, String name) {
        List<Element> out = new ArrayList<>();
        var nodes = root.getElementsByTagNameNS("*", name);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    /** yyyyMMdd (MIG) or yyyy-MM-dd (xsd:date, possibly with a zone, as the bundled SummaryResult XSD says). */
    static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() >= 10 && text.charAt(4) == '-') {
                return LocalDate.parse(text.substring(0, 10));
            }
            return LocalDate.parse(text, BASIC);
        } catch (DateTimeParseException e) {
            throw new MigFormatException("not a date (yyyyMMdd or yyyy-MM-dd): " + text, e);
        }
    }

    private static LocalTime time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text.length() > 8 ? text.substring(0, 8) : text);
        } catch (DateTimeParseException e) {
            throw new MigFormatException("not a time (HH:mm:ss): " + text, e);
        }
    }

    private static BigDecimal number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MigFormatException("not a number: " + text, e);
        }
    }

    private static long whole(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MigFormatException("not a whole number: " + text, e);
        }
    }
}
