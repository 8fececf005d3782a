package tw.einvoice.hub.mig;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the B2B exchange messages another business sent (A0101) or answered (A0102, A0202, A0301, A0302). Call it on
 * a message that passed its schema: it then only fails on values the schema lets through but Java cannot read.
 */
public final class ExchangeReader {

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private ExchangeReader() {
    }

    /** @throws MigFormatException naming the element whose value cannot be read */
    public static ExchangeInvoiceData invoice(String xml) {
        Element root = root(MigMessage.A0101, xml);
        Element main = child(root, "Main");
        Element seller = child(main, "Seller");
        Element buyer = child(main, "Buyer");
        Element amount = child(root, "Amount");
        List<ExchangeInvoiceData.Item> items = new ArrayList<>();
        Element details = child(root, "Details");
        for (Node n = details == null ? null : details.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element item && "ProductItem".equals(item.getLocalName())) {
                items.add(new ExchangeInvoiceData.Item(text(item, "Description"), number(item, "Quantity"),
                        number(item, "UnitPrice"), number(item, "Amount")));
            }
        }
        return new ExchangeInvoiceData(text(main, "InvoiceNumber"), date(main, "InvoiceDate"), time(main, "InvoiceTime"),
                text(seller, "Identifier"), text(seller, "Name"), text(buyer, "Identifier"), text(buyer, "Name"),
                number(amount, "SalesAmount"), number(amount, "TaxAmount"), number(amount, "TotalAmount"),
                List.copyOf(items));
    }

    /** An answer of {@code type}: A0102, A0202, A0301 or A0302. */
    public static ExchangeAnswerData answer(MigMessage type, String xml) {
        Element root = root(type, xml);
        return switch (type) {
            case A0102 -> new ExchangeAnswerData(type, text(root, "InvoiceNumber"), date(root, "InvoiceDate"),
                    text(root, "BuyerId"), text(root, "SellerId"), date(root, "ReceiveDate"), time(root, "ReceiveTime"),
                    null, text(root, "Remark"));
            case A0202 -> new ExchangeAnswerData(type, text(root, "CancelInvoiceNumber"), date(root, "InvoiceDate"),
                    text(root, "BuyerId"), text(root, "SellerId"), date(root, "CancelDate"), time(root, "CancelTime"),
                    null, text(root, "Remark"));
            case A0301, A0302 -> new ExchangeAnswerData(type, text(root, "RejectInvoiceNumber"),
                    date(root, "InvoiceDate"), text(root, "BuyerId"), text(root, "SellerId"), date(root, "RejectDate"),
                    time(root, "RejectTime"), text(root, "RejectReason"), text(root, "Remark"));
            default -> throw new IllegalArgumentException(type + " is not an exchange answer");
        };
    }

    /** A0201, B0101, B0201 or an answer to one (A0202, B0102, B0202). */
    public static ExchangeAdjustmentData adjustment(MigMessage type, String xml) {
        Element root = root(type, xml);
        return switch (type) {
            case A0201, A0202 -> new ExchangeAdjustmentData(type, text(root, "CancelInvoiceNumber"),
                    date(root, "InvoiceDate"), text(root, "CancelInvoiceNumber"), text(root, "SellerId"),
                    text(root, "BuyerId"), null, null, text(root, "CancelReason"));
            case B0101 -> {
                Element main = child(root, "Main");
                Element amount = child(root, "Amount");
                String original = null;
                Element details = child(root, "Details");
                for (Node n = details == null ? null : details.getFirstChild(); n != null && original == null;
                     n = n.getNextSibling()) {
                    if (n instanceof Element item && "ProductItem".equals(item.getLocalName())) {
                        original = text(item, "OriginalInvoiceNumber");
                    }
                }
                yield new ExchangeAdjustmentData(type, text(main, "AllowanceNumber"), date(main, "AllowanceDate"),
                        original, text(child(main, "Seller"), "Identifier"), text(child(main, "Buyer"), "Identifier"),
                        number(amount, "TotalAmount"), number(amount, "TaxAmount"), null);
            }
            case B0102 -> new ExchangeAdjustmentData(type, text(root, "AllowanceNumber"), date(root, "AllowanceDate"),
                    null, text(root, "SellerId"), text(root, "BuyerId"), null, null, null);
            case B0201, B0202 -> new ExchangeAdjustmentData(type, text(root, "CancelAllowanceNumber"),
                    date(root, "AllowanceDate"), null, text(root, "SellerId"), text(root, "BuyerId"), null, null,
                    text(root, "CancelReason"));
            default -> throw new IllegalArgumentException(type + " is not an exchange adjustment");
        };
    }

    private static Element root(MigMessage type, String xml) {
        Element root = SecureXml.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        if (!type.namespace().equals(root.getNamespaceURI()) || !type.rootElement().equals(root.getLocalName())) {
            throw new MigFormatException("root element {" + root.getNamespaceURI() + "}" + root.getLocalName()
                    + " is not " + type + "'s {" + type.namespace() + "}" + type.rootElement());
        }
        return root;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        String t = e == null ? null : e.getTextContent().strip();
        return t == null || t.isEmpty() ? null : t;
    }

    private static LocalDate date(Element parent, String name) {
        String t = text(parent, name);
        try {
            return t == null ? null : LocalDate.parse(t, DATE);
        } catch (DateTimeParseException e) {
            throw new MigFormatException(name + ": not a date yyyyMMdd: " + t, e);
        }
    }

    private static LocalTime time(Element parent, String name) {
        String t = text(parent, name);
        try {
            return t == null ? null : LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new MigFormatException(name + ": not a time HH:mm:ss: " + t, e);
        }
    }

    private static BigDecimal number(Element parent, String name) {
        String t = text(parent, name);
        try {
            return t == null ? null : new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new MigFormatException(name + ": not a number: " + t, e);
        }
    }
}
