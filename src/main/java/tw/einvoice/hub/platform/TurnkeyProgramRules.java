package tw.einvoice.hub.platform;

import tw.einvoice.hub.mig.MigMessage;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Turnkey 3.2's program rules (code {@code 7001}): what its UpCast refuses beyond the official schema, checked in
 * Turnkey's order with the message Turnkey prints, since only the first broken rule is reported. Deliberately
 * independent of the hub's own validator: the simulator is the second opinion.
 *
 * <p>Some rules cannot fire on a file that passed the schema (a missing date or an empty item list); they are here
 * anyway, in their place, because Turnkey has them. Turnkey's cross-border seller list is empty here (as it is for
 * any seller not registered as a cross-border supplier), so its rules for those sellers never apply.
 */
final class TurnkeyProgramRules {

    static final String CODE = "7001";
    private static final List<String> CONSUMER_NAMES_REFUSED = List.of("0", "00", "000", "0000");
    private static final String MOBILE_BARCODE = "3J0002";
    private static final String HALF_WIDTH_BLANK = " ";
    private static final String FULL_WIDTH_BLANK = "\u3000";

    private TurnkeyProgramRules() {
    }

    /** The message of the first rule the document breaks, or empty when Turnkey would accept it. */
    static Optional<String> firstViolation(MigMessage type, TurnkeyDocument doc) {
        return Optional.ofNullable(switch (type) {
            case F0401 -> invoice(doc);
            case F0501 -> dates(doc, "InvoiceDate", "CancelDate");
            case F0701 -> dates(doc, "InvoiceDate", "VoidDate");
            case G0401 -> allowance(doc);
            case G0501 -> dates(doc, "AllowanceDate", "CancelDate");
            case E0401 -> items(doc, "BranchTrackItem", "DetailsType is null", "BranchTrackItemList");
            case E0402 -> items(doc, "BranchTrackBlankItem", "DetailsType is null", "BranchTrackBlankItemList");
            // the exchange set's own program rules are not published; the schema's structure is what is known
            case A0101 -> items(doc, "ProductItem", "DetailsType is null", "ProductItemList");
            case A0102 -> dates(doc, "InvoiceDate", "ReceiveDate");
            case A0201, A0202 -> dates(doc, "InvoiceDate", "CancelDate");
            case A0301, A0302 -> dates(doc, "InvoiceDate", "RejectDate");
            case B0101 -> allowance(doc);
            case B0102 -> dates(doc, "AllowanceDate", "ReceiveDate");
            case B0201, B0202 -> dates(doc, "AllowanceDate", "CancelDate");
        });
    }

    /** A buyer is a consumer when the identifier is nothing but zeros and blanks ({@code 0000000000}). */
    static boolean isConsumer(String identifier) {
        return identifier != null && identifier.replace("0", "").replaceAll("\\s", "").isEmpty();
    }

    /** Turnkey's idea of a business number: not a consumer, and eight characters. */
    static boolean isBan(String identifier) {
        return !isConsumer(identifier) && identifier != null && identifier.length() == 8;
    }

    private static String invoice(TurnkeyDocument doc) {
        if (!doc.has("Amount")) {
            return "AmountType is null";
        }
        String seller = doc.value("Main", "Seller", "Identifier");
        String buyer = doc.value("Main", "Buyer", "Identifier");
        if (isConsumer(buyer)) {
            String amounts = consumerAmounts(doc, seller);
            if (amounts != null) {
                return amounts;
            }
        }
        if (doc.has("Main")) {
            String main = mainOfInvoice(doc, buyer);
            if (main != null) {
                return main;
            }
        }
        List<TurnkeyDocument.Item> products = doc.items(new String[]{"Details"}, "ProductItem");
        if (!doc.has("Details")) {
            return "Details is null";
        }
        if (products.isEmpty()) {
            return "ProductItemList size is 0";
        }
        if ("2".equals(doc.value("Amount", "TaxType"))) {
            if (!doc.has("Main")) {
                return "MainType is null";
            }
            if (!doc.has("Main", "CustomsClearanceMark")) {
                return "CustomsClearanceMark invalid! CustomsClearanceMark can not be null when TaxType is ZeroTax";
            }
            if (!doc.has("Main", "ZeroTaxRateReason")) {
                return "ZeroTaxRateReason invalid! ZeroTaxRateReason can not be null when TaxType is ZeroTax";
            }
        }
        for (TurnkeyDocument.Item item : products) {
            if ("9".equals(item.value("TaxType"))) {
                return "TaxType invalid! TaxType can not be ‘9’ in ProductItem";
            }
        }
        return null;
    }

    private static String mainOfInvoice(TurnkeyDocument doc, String buyer) {
        if (doc.has("Main", "Seller") && blank(doc.value("Main", "Seller", "Address"))) {
            return "\"Seller.Address\" is invalid!";
        }
        if (doc.has("Main", "Buyer")) {
            if (buyer != null && !buyer.matches("\\d*")) {
                return "\"Buyer.Identifier\" must be number!";
            }
            if (isConsumer(buyer)) {
                if (CONSUMER_NAMES_REFUSED.contains(text(doc.value("Main", "Buyer", "Name")))) {
                    return "\"Buyer.Name\" is invalid!";
                }
                if (text(doc.value("Main", "RandomNumber")).matches("\\D+|\\d{5,}")) {
                    return "\"RandomNumber\" must be number!";
                }
            }
        }
        if (!doc.has("Main", "InvoiceDate")) {
            return "\"InvoiceDate\" is invalid!";
        }
        String printMark = text(doc.value("Main", "PrintMark"));
        String donateMark = text(doc.value("Main", "DonateMark"));
        String carrierType = text(doc.value("Main", "CarrierType"));
        String carrierId1 = text(doc.value("Main", "CarrierId1"));
        String carrierId2 = text(doc.value("Main", "CarrierId2"));
        if ("Y".equalsIgnoreCase(printMark)) {
            if (MOBILE_BARCODE.equals(carrierType)) {
                // a printed invoice may still name a mobile barcode, but only a business buyer's
                if (!isBan(buyer)) {
                    return "\"Buyer Identifier\" should be a legal BAN, illegal BuyerIdentifier:" + buyer;
                }
                if (carrierId1.isBlank() || carrierId2.isBlank()) {
                    return "\"CarrierId1\", \"CarrierId2\" cannot be empty when PrintMark is \"Y\" and CarrierType "
                            + "uses Phone Carrier Type(3J0002)";
                }
            } else if (!carrierId1.isBlank() || !carrierId2.isBlank()) {
                return "\"CarrierId1\" and \"CarrierId2\" must be null or empty when PrintMark is \"Y\"";
            }
            if (!"0".equals(donateMark)) {
                return "\"DonateMark\" must be 0 when PrintMark is \"Y\"";
            }
        }
        if ("N".equalsIgnoreCase(printMark)) {
            boolean carrier = !carrierType.isBlank() && !carrierId1.isBlank() && !carrierId2.isBlank();
            if (!"1".equals(donateMark) && !carrier) {
                return "\"CarrierType\", \"CarrierId1\" and \"CarrierId2\" cannot be null or empty when PrintMark is \"N\"";
            }
            if (paddedWithBlanks(carrierId2)) {
                return "\"CarrierId2\" There must be no blanks before and after and full-width blanks!";
            }
            if (paddedWithBlanks(carrierId1)) {
                return "\"CarrierId1\" There must be no blanks before and after and full-width blanks!";
            }
        }
        if (MOBILE_BARCODE.equals(carrierType) && (carrierId1.isBlank() || carrierId2.isBlank())) {
            return "\"CarrierId1\" and \"CarrierId2\" both cannot be empty when CarrierType uses Phone Carrier "
                    + "Type(3J0002)";
        }
        String npoban = text(doc.value("Main", "NPOBAN"));
        if ("1".equals(donateMark) && npoban.isBlank()) {
            return "\"NPOBan\" should not be empty when DonateMark is set to \"1\".";
        }
        if ("0".equals(donateMark) && !npoban.isBlank()) {
            return "\"NPOBan\" should be empty when DonateMark is set to \"0\".";
        }
        return null;
    }

    /** A consumer's invoice is in whole NT dollars (the schema alone allows seven decimals). */
    private static String consumerAmounts(TurnkeyDocument doc, String seller) {
        String[] names = {"SalesAmount", "FreeTaxSalesAmount", "ZeroTaxSalesAmount", "TaxAmount", "TotalAmount"};
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            BigDecimal amount = doc.number("Amount", name);
            if (amount != null && amount.scale() > 0 && amount.remainder(BigDecimal.ONE).signum() != 0) {
                // Turnkey's own wording, down to the bracket that only the first message opens
                return i == 0
                        ? name + " is invalid! [SellerId:" + seller + " , " + name + ": " + amount + "]"
                        : name + " is invalid! SellerId:" + seller + ", " + name + ": " + amount + "]";
            }
        }
        return null;
    }

    private static String allowance(TurnkeyDocument doc) {
        if ("1".equals(doc.value("Main", "AllowanceType")) && isConsumer(doc.value("Main", "Buyer", "Identifier"))) {
            // a buyer-issued allowance (type 1) comes from a business
            return "\"Buyer Identifier\" should be a company BAN, illegal BuyerIdentifier:";
        }
        if (!doc.has("Amount")) {
            return "AmountType is null";
        }
        if (doc.has("Main") && !doc.has("Main", "AllowanceDate")) {
            return "\"AllowanceDate\" is invalid!";
        }
        if (!doc.has("Details")) {
            return "Details is null";
        }
        List<TurnkeyDocument.Item> products = doc.items(new String[]{"Details"}, "ProductItem");
        if (products.isEmpty()) {
            return "ProductItemList size is 0";
        }
        for (TurnkeyDocument.Item item : products) {
            if (item.value("OriginalInvoiceDate") == null) {
                return "\"OriginalInvoiceDate\" is invalid! [OriginalInvoiceNumber:" + item.value("OriginalInvoiceNumber")
                        + "]";
            }
        }
        return null;
    }

    private static String dates(TurnkeyDocument doc, String first, String second) {
        if (!doc.has(first)) {
            return "\"" + first + "\" is invalid!";
        }
        if (!doc.has(second)) {
            return "\"" + second + "\" is invalid!";
        }
        return null;
    }

    private static String items(TurnkeyDocument doc, String item, String noDetails, String listName) {
        if (!doc.has("Details")) {
            return noDetails;
        }
        if (doc.items(new String[]{"Details"}, item).isEmpty()) {
            return listName + " size is 0";
        }
        return null;
    }

    private static boolean paddedWithBlanks(String id) {
        return !id.isBlank() && (id.startsWith(HALF_WIDTH_BLANK) || id.startsWith(FULL_WIDTH_BLANK)
                || id.endsWith(HALF_WIDTH_BLANK) || id.endsWith(FULL_WIDTH_BLANK));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
