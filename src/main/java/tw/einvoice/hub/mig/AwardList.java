package tw.einvoice.hub.mig;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's winner list E0504 (中獎清冊, {@code urn:GEINV:eInvoiceMessage:E0504:4.0}, root {@code Award}): the
 * business's winning invoices of a period with prize type and amount. Read by local name, bare or inside an
 * {@code InvoiceEnvelope}/{@code InvoicePack} as E0501 arrives, because no real download was available to say which.
 *
 * @param headBan       總公司統編
 * @param yearMonth     期別 yyyMM
 * @param listType      中獎清冊類別 (one character; meaning not published with the schema)
 * @param recAwardBegin 領獎期間起 (ROC yyyMMdd)
 * @param recAwardEnd   領獎期間迄 (ROC yyyMMdd)
 */
public record AwardList(String headBan, String yearMonth, String listType, String recAwardBegin, String recAwardEnd,
                        List<Winner> winners) {

    /** One {@code PrizeInvoice}: the invoice (track + 8 digits, as the schema splits them) and what it won. */
    public record Winner(String invoiceNumber, String invoiceDate, String sellerId, String carrierType, String carrierId1,
                         String prizeType, BigDecimal prizeAmount) {
    }

    /** Every {@code Award} of one file (usually one). */
    public static List<AwardList> read(InputStream in) {
        Element root = SecureXml.parse(new InputSource(in)).getDocumentElement();
        List<Element> awards = "Award".equals(local(root)) ? List.of(root) : descendants(root, "Award");
        if (awards.isEmpty()) {
            throw new MigFormatException("E0504: no Award element (root " + local(root) + ")");
        }
        List<AwardList> lists = new ArrayList<>();
        for (Element award : awards) {
            Element main = child(award, "Main");
            if (main == null) {
                throw new MigFormatException("E0504: Award without Main");
            }
            List<Winner> winners = new ArrayList<>();
            Element details = child(award, "Details");
            int row = 0;
            for (Element prize : details == null ? List.<Element>of() : children(details, "PrizeInvoice")) {
                row++;
                String track = text(prize, "InvTrack");
                String number = text(prize, "InvoiceNumber");
                // the schema's InvoiceNumberType is the full AB12345678 and InvTrack repeats the track; join a bare 8 digits to it
                String full = number != null && number.matches("[A-Z]{2}\\d{8}") ? number : (track == null ? "" : track) + (number == null ? "" : number);
                if (!full.matches("[A-Z]{2}\\d{8}")) {
                    throw new MigFormatException("E0504 PrizeInvoice " + row + ": InvTrack/InvoiceNumber do not make an invoice number: "
                            + track + "/" + number);
                }
                String amount = text(prize, "PrizeAmount");
                BigDecimal prizeAmount;
                try {
                    prizeAmount = new BigDecimal(amount);
                } catch (RuntimeException e) {
                    throw new MigFormatException("E0504 PrizeInvoice " + row + " (" + full + "): PrizeAmount is not a number: " + amount);
                }
                Element seller = child(prize, "Seller");
                winners.add(new Winner(full, text(prize, "InvoiceDate"), seller == null ? null : text(seller, "Identifier"),
                        text(prize, "CarrierType"), text(prize, "CarrierId1"), text(prize, "PrizeType"), prizeAmount));
            }
            lists.add(new AwardList(text(main, "HeadBan"), text(main, "YearMonth"), text(main, "AwardListType"),
                    text(main, "RecAwardBegin"), text(main, "RecAwardEnd"), List.copyOf(winners)));
        }
        return lists;
    }

    private static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(local(e)))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> descendants(Element root, String name) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(root, null)) {
            if (name.equals(local(c))) {
                out.add(c);
            } else {
                out.addAll(descendants(c, name));
            }
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
}
