package tw.einvoice.hub.mig;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import tw.einvoice.hub.rules.TurnkeyRefusals;
import tw.einvoice.hub.rules.Violation;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static tw.einvoice.hub.rules.ViolationCode.*;

/**
 * Turnkey's program rules: what real Turnkey 3.2 refuses with code {@code 7001} in a MIG 4.1 message that passed
 * the schema (observed on Turnkey's own validator). A message that
 * breaks one is moved to {@code ERR/} by Turnkey and never sent, so the hub holds its messages to them before they
 * take a number, and {@code mig validate} holds any file to them.
 *
 * <p>Fields are element paths below the root ({@code Main/Buyer/Name}, {@code Details/ProductItem[2]/TaxType},
 * items counted from 1 as in XPath); each field is reported once. Where Turnkey is laxer than its own published
 * rule the rule wins (a consumer's RandomNumber must be four digits; Turnkey lets an absent one through), and blanks
 * around carrier ids are refused whatever the PrintMark. Turnkey's rules for cross-border (跨境電商) sellers depend
 * on its configuration and are not checked. Plain Java and thread-safe.
 */
public final class TurnkeyRules {

    private static final String MOBILE_BARCODE = "3J0002";
    private static final String ZERO_RATED = "2";
    private static final String MIXED = "9";
    private static final Pattern DIGITS = Pattern.compile("\\d*");
    private static final Pattern RANDOM_NUMBER = Pattern.compile("\\d{4}");
    private static final String[] AMOUNTS = {"SalesAmount", "FreeTaxSalesAmount", "ZeroTaxSalesAmount", "TaxAmount",
            "TotalAmount"};

    private TurnkeyRules() {
    }

    /**
     * The rules broken by {@code xml}, a message of whichever type its root's namespace names; empty
     * when it breaks none, or when it is no MIG 4.1 message at all (its schema check says so).
     *
     * @throws MigFormatException when the XML is not well-formed or carries a DOCTYPE
     */
    public static List<Violation> check(String xml) {
        Optional<MigMessage> type = MigSchema.messageOf(xml);
        return type.isPresent() ? check(type.get(), xml) : List.of();
    }

    /**
     * The rules broken by {@code xml} as a {@code type} message; empty when Turnkey's program rules accept it.
     *
     * @throws MigFormatException when the XML is not well-formed, carries a DOCTYPE, or its root is not the
     *                            message's
     */
    public static List<Violation> check(MigMessage type, String xml) {
        return check(type, SecureXml.parse(new InputSource(new StringReader(xml))));
    }

    /**
     * The rules broken by a {@code type} message already parsed (as {@link MigSchema#parse} leaves it).
     *
     * @throws MigFormatException when the document's root is not the message's
     */
    public static List<Violation> check(MigMessage type, Document document) {
        Element root = document.getDocumentElement();
        if (!type.namespace().equals(root.getNamespaceURI()) || !type.rootElement().equals(root.getLocalName())) {
            throw new MigFormatException("root element {" + root.getNamespaceURI() + "}" + root.getLocalName()
                    + " is not " + type + "'s {" + type.namespace() + "}" + type.rootElement());
        }
        Found found = new Found();
        switch (type) {
            case F0401 -> invoice(root, found);
            case F0501 -> found.requireAll(root, "", "InvoiceDate", "CancelDate");
            case F0701 -> found.requireAll(root, "", "InvoiceDate", "VoidDate");
            case G0401 -> allowance(root, found);
            case G0501 -> found.requireAll(root, "", "AllowanceDate", "CancelDate");
            case E0401 -> found.requireItems(root, "BranchTrackItem");
            case E0402 -> found.requireItems(root, "BranchTrackBlankItem");
            case A0101 -> exchangeInvoice(root, found);
            case A0201 -> found.requireAll(root, "", "InvoiceDate", "CancelDate");
            case A0102 -> found.requireAll(root, "", "InvoiceDate", "ReceiveDate");
            case A0202 -> found.requireAll(root, "", "InvoiceDate", "CancelDate");
            case A0301, A0302 -> found.requireAll(root, "", "InvoiceDate", "RejectDate");
            case B0101 -> allowance(root, found);
            case B0102 -> found.requireAll(root, "", "AllowanceDate", "ReceiveDate");
            case B0201, B0202 -> found.requireAll(root, "", "AllowanceDate", "CancelDate");
        }
        return found.violations();
    }

    private static void invoice(Element root, Found found) {
        Element main = child(root, "Main");
        if (main == null) {
            found.add(REQUIRED.at("Main", "Main"));
        } else {
            invoiceMain(main, found);
        }
        List<Element> items = children(child(root, "Details"), "ProductItem");
        if (items.isEmpty()) {
            found.add(ITEMS_REQUIRED.at("Details/ProductItem"));
        }
        for (int i = 0; i < items.size(); i++) {
            if (MIXED.equals(text(items.get(i), "TaxType"))) {
                String field = "Details/ProductItem[" + (i + 1) + "]/TaxType";
                found.add(ENUM.at(field, field, "1, 2, 3, 4", MIXED));
            }
        }
        Element amount = child(root, "Amount");
        if (amount == null) {
            found.add(REQUIRED.at("Amount", "Amount"));
            return;
        }
        for (String name : AMOUNTS) {
            String value = text(amount, name);
            if (value != null && isFraction(value)) {
                found.add(AMOUNT_FORMAT.at("Amount/" + name, "Amount/" + name, value));
            }
        }
        if (main != null && ZERO_RATED.equals(text(amount, "TaxType"))) {
            if (isBlank(text(main, "CustomsClearanceMark"))) {
                found.add(CUSTOMS_MARK_REQUIRED.at("Main/CustomsClearanceMark"));
            }
            if (isBlank(text(main, "ZeroTaxRateReason"))) {
                found.add(ZERO_TAX_REASON_REQUIRED.at("Main/ZeroTaxRateReason"));
            }
        }
    }

    /**
     * A0101: the exchange is between two businesses, so both parties are BANs; the seller's address and at least one
     * item are required as for F0401. Turnkey's program rules for the exchange set are not published: these are the
     * F0401 ones that apply to a message without carrier, print or donation marks.
     */
    private static void exchangeInvoice(Element root, Found found) {
        Element main = child(root, "Main");
        if (main == null) {
            found.add(REQUIRED.at("Main", "Main"));
        } else {
            Element seller = child(main, "Seller");
            if (isBlank(text(seller, "Address"))) {
                found.add(SELLER_ADDRESS_REQUIRED.at("Main/Seller/Address", text(seller, "Identifier")));
            }
            for (String role : new String[]{"Seller", "Buyer"}) {
                String id = text(child(main, role), "Identifier");
                if (id != null && !isBan(id)) {
                    found.add(PATTERN.at("Main/" + role + "/Identifier", "Main/" + role + "/Identifier",
                            "a BAN (8 digits)", id));
                }
            }
            found.requireAll(main, "Main/", "InvoiceDate");
        }
        if (children(child(root, "Details"), "ProductItem").isEmpty()) {
            found.add(ITEMS_REQUIRED.at("Details/ProductItem"));
        }
        Element amount = child(root, "Amount");
        if (amount == null) {
            found.add(REQUIRED.at("Amount", "Amount"));
        }
    }

    private static void invoiceMain(Element main, Found found) {
        Element seller = child(main, "Seller");
        if (isBlank(text(seller, "Address"))) {
            found.add(SELLER_ADDRESS_REQUIRED.at("Main/Seller/Address", text(seller, "Identifier")));
        }
        Element buyer = child(main, "Buyer");
        String buyerId = text(buyer, "Identifier");
        if (buyerId != null && !DIGITS.matcher(buyerId).matches()) {
            found.add(PATTERN.at("Main/Buyer/Identifier", "Main/Buyer/Identifier", "digits (0000000000 for a consumer)",
                    buyerId));
        }
        if (isConsumer(buyerId)) {
            String name = text(buyer, "Name");
            if (TurnkeyRefusals.isRefusedConsumerName(name)) {
                found.add(CONSUMER_NAME_REFUSED.at("Main/Buyer/Name", name));
            }
            String random = text(main, "RandomNumber");
            if (random == null || !RANDOM_NUMBER.matcher(random).matches()) {
                found.add(PATTERN.at("Main/RandomNumber", "Main/RandomNumber", "4 digits", random == null ? "" : random));
            }
        }
        found.requireAll(main, "Main/", "InvoiceDate");

        String print = text(main, "PrintMark");
        String donate = text(main, "DonateMark");
        String carrierType = text(main, "CarrierType");
        String id1 = text(main, "CarrierId1");
        String id2 = text(main, "CarrierId2");
        if ("Y".equalsIgnoreCase(print)) {
            if (MOBILE_BARCODE.equals(carrierType)) {
                if (!isBan(buyerId)) {
                    found.add(PRINTED_CARRIER_NEEDS_BUSINESS_BUYER.at("Main/Buyer/Identifier", buyerId));
                }
            } else if (!isBlank(id1) || !isBlank(id2)) {
                found.add(PRINT_WITH_CARRIER.at(isBlank(id1) ? "Main/CarrierId2" : "Main/CarrierId1"));
            }
            if (!"0".equals(donate)) {
                found.add(PRINT_WITH_DONATION.at("Main/DonateMark"));
            }
        } else if ("N".equalsIgnoreCase(print) && !"1".equals(donate)) {
            if (isBlank(carrierType) && isBlank(id1) && isBlank(id2)) {
                found.add(PRINT_REQUIRED.at("Main/PrintMark"));
            } else {
                // a carrier is meant, so what is missing is part of it
                found.requireAll(main, "Main/", "CarrierType", "CarrierId1", "CarrierId2");
            }
        }
        if (MOBILE_BARCODE.equals(carrierType)) {
            found.requireAll(main, "Main/", "CarrierId1", "CarrierId2");
        }
        for (String name : new String[]{"CarrierId1", "CarrierId2"}) {
            String id = text(main, name);
            if (!isBlank(id) && TurnkeyRefusals.hasEdgeBlank(id)) {
                found.add(CARRIER_ID_BLANKS.at("Main/" + name, id));
            }
        }
        String npoban = text(main, "NPOBAN");
        if ("1".equals(donate) && isBlank(npoban)) {
            found.add(REQUIRED.at("Main/NPOBAN", "Main/NPOBAN"));
        } else if ("0".equals(donate) && !isBlank(npoban)) {
            found.add(NPOBAN_WITHOUT_DONATION.at("Main/NPOBAN", npoban));
        }
    }

    private static void allowance(Element root, Found found) {
        Element main = child(root, "Main");
        if (main == null) {
            found.add(REQUIRED.at("Main", "Main"));
        } else {
            String buyerId = text(child(main, "Buyer"), "Identifier");
            // type 1 is an allowance the buyer issues, which only a business can (4.1's schema fixes the type at 2,
            // so Turnkey names the type first)
            if ("1".equals(text(main, "AllowanceType")) && isConsumer(buyerId)) {
                found.add(ALLOWANCE_TYPE_NEEDS_BUSINESS_BUYER.at("Main/AllowanceType", buyerId));
            }
            found.requireAll(main, "Main/", "AllowanceDate");
        }
        List<Element> items = found.requireItems(root, "ProductItem");
        for (int i = 0; i < items.size(); i++) {
            found.requireAll(items.get(i), "Details/ProductItem[" + (i + 1) + "]/", "OriginalInvoiceDate");
        }
        if (child(root, "Amount") == null) {
            found.add(REQUIRED.at("Amount", "Amount"));
        }
    }

    /** Violations in the order found, one per field: a second rule broken at the same element would only repeat. */
    private static final class Found {
        private final Map<String, Violation> byField = new LinkedHashMap<>();

        void add(Violation violation) {
            byField.putIfAbsent(violation.field(), violation);
        }

        void requireAll(Element parent, String prefix, String... names) {
            for (String name : names) {
                if (isBlank(text(parent, name))) {
                    add(REQUIRED.at(prefix + name, prefix + name));
                }
            }
        }

        /** The {@code Details/<item>} elements, with a violation when there is none. */
        List<Element> requireItems(Element root, String item) {
            List<Element> items = children(child(root, "Details"), item);
            if (items.isEmpty()) {
                add(REQUIRED.at("Details/" + item, "Details/" + item));
            }
            return items;
        }

        List<Violation> violations() {
            return List.copyOf(byField.values());
        }
    }

    /** Turnkey's test: nothing but zeros and blanks, as in 0000000000 or 00000000. */
    private static boolean isConsumer(String identifier) {
        return identifier != null && identifier.replace("0", "").isBlank();
    }

    /** Turnkey's test for a business: not a consumer, eight characters (the schema and the digit rule do the rest). */
    private static boolean isBan(String identifier) {
        return identifier != null && !isConsumer(identifier) && identifier.length() == 8;
    }

    private static boolean isFraction(String value) {
        try {
            return new BigDecimal(value.strip()).stripTrailingZeros().scale() > 0;
        } catch (NumberFormatException e) {
            return false; // not a number at all: the schema's to report
        }
    }

    private static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** The child's text as written (Turnkey compares it unstripped), or null when the child is absent. */
    private static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
