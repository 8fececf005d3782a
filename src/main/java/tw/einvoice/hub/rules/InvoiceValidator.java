package tw.einvoice.hub.rules;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Carrier;
import tw.einvoice.hub.invoice.CanonicalInvoice.Donation;
import tw.einvoice.hub.invoice.CanonicalInvoice.Item;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static tw.einvoice.hub.rules.ViolationCode.*;

/** Business validation of a canonical invoice. Plain Java so the CLI can use it without Spring. */
public final class InvoiceValidator {

    static final int MAX_ITEMS = 9999;

    private static final Set<String> INVOICE_TYPES = Set.of("07", "08");
    private static final Set<String> INVOICE_TAX_TYPES = Set.of("1", "2", "3", "4", "9");
    private static final Set<String> ITEM_TAX_TYPES = Set.of("1", "2", "3");
    private static final Set<String> ZERO_TAX_REASONS = Set.of("71", "72", "73", "74", "75", "76", "77", "78", "79");
    private static final Set<String> CUSTOMS_MARKS = Set.of("1", "2");
    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");
    private static final Pattern RANDOM_CODE = Pattern.compile("\\d{4}");
    private static final Pattern MOBILE_BARCODE = Pattern.compile("/[0-9A-Z.+-]{7}");
    private static final Pattern CITIZEN_CERTIFICATE = Pattern.compile("[A-Z]{2}\\d{14}");
    private static final Pattern DONATION_CODE = Pattern.compile("\\d{3,7}");
    static final String MOBILE_BARCODE_TYPE = "3J0002";
    static final String CITIZEN_CERTIFICATE_TYPE = "CQ0001";
    private static final String DEFAULT_INVOICE_TYPE = "07";
    private static final String SPECIAL_RATE = "4";
    private static final String MIXED = "9";
    private static final BigDecimal ITEM_AMOUNT_TOLERANCE = new BigDecimal("0.5");

    private final RuleSettings settings;
    private final SellerRegistry sellers;
    private final Clock clock;
    private final AmountRules amountRules;

    public InvoiceValidator(RuleSettings settings, SellerRegistry sellers, Clock clock) {
        this.settings = settings;
        this.sellers = sellers;
        this.clock = clock;
        this.amountRules = new AmountRules(settings.taxTolerance());
    }

    /**
     * Fills defaults and derived amounts in place (see README "Amounts and rounding"), then returns every
     * violation; an empty list means the invoice is valid.
     *
     * <p>Defaults: {@code invoiceType} 07, {@code issuedAt} now, {@code pricesIncludeTax} true, {@code print} true
     * unless the invoice is kept in a carrier or donated (a business buyer's invoice kept in a mobile barcode is
     * printed too), {@code taxType} 1, {@code taxRate} the configured rate for 1 and 9 and 0 for 2 and 3, each
     * item's {@code taxType} the invoice's (1 under a special rate), and any missing invoice-level amount from
     * {@link TaxArithmetic}. A check whose input was already reported missing or malformed is skipped, so one
     * mistake yields one violation. The form comes first ({@link CanonicalShape}: characters, lengths, years), so a
     * value the invoice cannot carry is named for that alone.
     */
    public List<Violation> validate(CanonicalInvoice invoice) {
        return validate(invoice, CanonicalShape.check(invoice));
    }

    /**
     * As {@link #validate(CanonicalInvoice)}, with the form's violations already found on the JSON the invoice was read
     * from (intake checks it before reading; checking again costs a conversion back to JSON per invoice).
     */
    public List<Violation> validate(CanonicalInvoice invoice, List<Violation> shape) {
        Instant now = clock.instant();
        completeDefaults(invoice, now);
        List<Violation> out = new ArrayList<>();
        LocalDate issueDate = invoice.getIssuedAt().atZoneSameInstant(settings.zone()).toLocalDate();
        checkSeller(invoice, issueDate, out);
        checkBuyer(invoice, issueDate, out);
        checkHeader(invoice, out);
        checkCarrierAndDonation(invoice, out);
        checkIssuedAt(invoice, now, out);
        ItemFacts items = checkItems(invoice, out);
        boolean arithmeticPossible = checkTax(invoice, items, out);
        amountRules.check(invoice, arithmeticPossible, out);
        return withoutRepeats(shape, out);
    }

    /**
     * The form's violations first, then the rules' except those about a field whose form is already refused: an
     * over-long or NUL-holding sellerId is one mistake, not also a BAN_FORMAT.
     */
    private static List<Violation> withoutRepeats(List<Violation> shape, List<Violation> rules) {
        if (shape.isEmpty()) {
            return rules;
        }
        Set<String> refused = new HashSet<>();
        shape.forEach(v -> refused.add(v.field()));
        List<Violation> out = new ArrayList<>(shape);
        for (Violation v : rules) {
            if (refused.stream().noneMatch(f -> v.field().equals(f) || v.field().startsWith(f + ".")
                    || v.field().startsWith(f + "["))) {
                out.add(v);
            }
        }
        return out;
    }

    private void completeDefaults(CanonicalInvoice invoice, Instant now) {
        if (invoice.getInvoiceType() == null) {
            invoice.setInvoiceType(DEFAULT_INVOICE_TYPE);
        }
        if (invoice.getIssuedAt() == null) {
            invoice.setIssuedAt(OffsetDateTime.ofInstant(now, settings.zone()));
        }
        if (invoice.getPricesIncludeTax() == null) {
            invoice.setPricesIncludeTax(true);
        }
        if (invoice.getPrint() == null) {
            // Turnkey refuses an unprinted invoice that is neither kept in a carrier nor donated, so such an invoice
            // is printed; a business buyer's proof is printed even when the invoice is also kept in a carrier.
            boolean keptOrDonated = invoice.getCarrier() != null || invoice.getDonation() != null;
            invoice.setPrint(!keptOrDonated || (invoice.hasBusinessBuyer() && invoice.getDonation() == null));
        }
        if (invoice.getTaxType() == null) {
            invoice.setTaxType(TaxArithmetic.TAXABLE);
        }
        String taxType = invoice.getTaxType();
        if (invoice.getTaxRate() == null) {
            switch (taxType) {
                case TaxArithmetic.TAXABLE, MIXED -> invoice.setTaxRate(settings.defaultTaxRate());
                case TaxArithmetic.ZERO_RATED, TaxArithmetic.EXEMPT -> invoice.setTaxRate(BigDecimal.ZERO);
                default -> {
                    // a special rate (4) is whatever the seller was granted: there is nothing safe to assume
                }
            }
        }
        String itemDefault = ITEM_TAX_TYPES.contains(taxType) ? taxType
                : SPECIAL_RATE.equals(taxType) ? TaxArithmetic.TAXABLE : null;
        if (itemDefault != null && invoice.getItems() != null
                && invoice.getItems().stream().anyMatch(i -> i != null && i.taxType() == null)) {
            List<Item> completed = new ArrayList<>(invoice.getItems().size());
            for (Item i : invoice.getItems()) {
                completed.add(i == null || i.taxType() != null ? i : new Item(i.description(), i.quantity(),
                        i.unit(), i.unitPrice(), i.amount(), itemDefault, i.remark()));
            }
            invoice.setItems(completed);
        }
    }

    private void checkSeller(CanonicalInvoice invoice, LocalDate issueDate, List<Violation> out) {
        String sellerId = invoice.getSellerId();
        if (isBlank(sellerId)) {
            out.add(REQUIRED.at("sellerId", "sellerId"));
            return;
        }
        if (!checkBan("sellerId", sellerId, issueDate, out)) {
            return;
        }
        if (!sellers.isKnownSeller(sellerId)) {
            out.add(SELLER_UNKNOWN.at("sellerId", sellerId));
            return;
        }
        Party seller = invoice.getSeller();
        if ((seller == null || isBlank(seller.address())) && !sellers.hasAddress(sellerId)) {
            out.add(SELLER_ADDRESS_REQUIRED.at("seller.address", sellerId));
        }
        String branchId = invoice.getBranchId();
        if (!isBlank(branchId) && !sellers.isKnownBranch(sellerId, branchId)) {
            out.add(BRANCH_UNKNOWN.at("branchId", branchId, sellerId));
        }
    }

    private void checkBuyer(CanonicalInvoice invoice, LocalDate issueDate, List<Violation> out) {
        Party buyer = invoice.getBuyer();
        if (!invoice.hasBusinessBuyer()) {
            // the MIG carries the name stripped, and an absent one becomes the configured placeholder
            String name = buyer == null || buyer.name() == null ? null : buyer.name().strip();
            if (TurnkeyRefusals.isRefusedConsumerName(name)) {
                out.add(CONSUMER_NAME_REFUSED.at("buyer.name", name));
            }
            return;
        }
        checkBan("buyer.id", buyer.id(), issueDate, out);
        if (isBlank(buyer.name())) {
            out.add(REQUIRED.at("buyer.name", "buyer.name"));
        }
    }

    private boolean checkBan(String field, String ban, LocalDate issueDate, List<Violation> out) {
        if (!Ban.hasFormat(ban)) {
            out.add(BAN_FORMAT.at(field, ban));
            return false;
        }
        if (!Ban.isValid(ban, issueDate, settings.banFiveRuleSince())) {
            out.add(BAN_CHECKSUM.at(field, ban));
            return false;
        }
        return true;
    }

    private static void checkHeader(CanonicalInvoice invoice, List<Violation> out) {
        if (!INVOICE_TYPES.contains(invoice.getInvoiceType())) {
            out.add(ENUM.at("invoiceType", "invoiceType", "07, 08", invoice.getInvoiceType()));
        }
        String number = invoice.getInvoiceNumber();
        if (number != null && !INVOICE_NUMBER.matcher(number).matches()) {
            out.add(PATTERN.at("invoiceNumber", "invoiceNumber", "AB12345678", number));
        }
        String randomCode = invoice.getRandomCode();
        if (randomCode != null && !RANDOM_CODE.matcher(randomCode).matches()) {
            out.add(PATTERN.at("randomCode", "randomCode", "0123", randomCode));
        }
    }

    private void checkCarrierAndDonation(CanonicalInvoice invoice, List<Violation> out) {
        Carrier carrier = invoice.getCarrier();
        Donation donation = invoice.getDonation();
        if (carrier != null) {
            checkCarrier(carrier, out);
        }
        if (donation != null) {
            if (isBlank(donation.npoban())) {
                out.add(REQUIRED.at("donation.npoban", "donation.npoban"));
            } else if (!DONATION_CODE.matcher(donation.npoban()).matches()) {
                out.add(DONATION_CODE_FORMAT.at("donation.npoban", donation.npoban()));
            }
        }
        if (carrier != null && donation != null) {
            out.add(CARRIER_WITH_DONATION.at("donation"));
        }
        boolean print = Boolean.TRUE.equals(invoice.getPrint());
        if (invoice.hasBusinessBuyer()) {
            String buyerId = invoice.getBuyer().id();
            // Turnkey lets a business buyer's printed invoice sit in a mobile barcode too (PrintMark Y, 3J0002);
            // the hub also wants that proof printed, as every business buyer's is.
            if (carrier != null && (!MOBILE_BARCODE_TYPE.equals(carrier.type()) || !print)) {
                out.add(BUSINESS_BUYER_WITH_CARRIER.at("carrier", buyerId));
            }
            if (donation != null) {
                out.add(BUSINESS_BUYER_WITH_DONATION.at("donation", buyerId));
            }
        } else if (print) {
            if (carrier != null) {
                out.add(PRINT_WITH_CARRIER.at("print"));
            }
            if (donation != null) {
                out.add(PRINT_WITH_DONATION.at("print"));
            }
        }
        if (!print && carrier == null && donation == null) {
            out.add(PRINT_REQUIRED.at("print"));
        }
    }

    private void checkCarrier(Carrier carrier, List<Violation> out) {
        String type = carrier.type();
        if (isBlank(type)) {
            out.add(REQUIRED.at("carrier.type", "carrier.type"));
            return;
        }
        boolean member = settings.memberCarrierTypes().contains(type);
        if (!MOBILE_BARCODE_TYPE.equals(type) && !CITIZEN_CERTIFICATE_TYPE.equals(type) && !member) {
            out.add(CARRIER_TYPE_UNKNOWN.at("carrier.type", type));
            return;
        }
        String id = carrier.id();
        if (isBlank(id)) {
            out.add(REQUIRED.at("carrier.id", "carrier.id"));
            return;
        }
        if (TurnkeyRefusals.hasEdgeBlank(id)) {
            out.add(CARRIER_ID_BLANKS.at("carrier.id", id));
            return;
        }
        boolean valid = switch (type) {
            case MOBILE_BARCODE_TYPE -> MOBILE_BARCODE.matcher(id).matches();
            case CITIZEN_CERTIFICATE_TYPE -> CITIZEN_CERTIFICATE.matcher(id).matches();
            default -> length(id) <= 64;
        };
        if (!valid) {
            out.add(CARRIER_ID_FORMAT.at("carrier.id", type, id));
        }
    }

    private void checkIssuedAt(CanonicalInvoice invoice, Instant now, List<Violation> out) {
        OffsetDateTime issuedAt = invoice.getIssuedAt();
        if (issuedAt.toInstant().isAfter(now.plus(settings.futureTolerance()))) {
            out.add(ISSUED_IN_FUTURE.at("issuedAt", issuedAt, OffsetDateTime.ofInstant(now, settings.zone())));
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, settings.zone());
        LocalDate issueDate = issuedAt.atZoneSameInstant(settings.zone()).toLocalDate();
        TaxPeriod current = TaxPeriod.of(today);
        // A period later than the current one can only be clock skew within futureTolerance, so it passes.
        if (!issueDate.isBefore(current.firstDay())) {
            return;
        }
        boolean inGrace = current.previous().contains(issueDate)
                && today.isBefore(current.firstDay().plusDays(settings.previousPeriodGraceDays()));
        if (!inGrace) {
            // TaxPeriod cannot represent dates before the ROC calendar; such a date is still plainly closed.
            Object issued = issueDate.getYear() > 1911 ? TaxPeriod.of(issueDate).code() : issueDate;
            out.add(PERIOD_CLOSED.at("issuedAt", issued, current.code()));
        }
    }

    /** What the item checks learned that the tax and amount checks depend on. */
    private record ItemFacts(boolean amountsUsable, boolean typesKnown, Set<String> types) {
    }

    private ItemFacts checkItems(CanonicalInvoice invoice, List<Violation> out) {
        List<Item> items = invoice.getItems();
        if (items == null || items.isEmpty()) {
            out.add(ITEMS_REQUIRED.at("items"));
            return new ItemFacts(false, false, Set.of());
        }
        if (items.size() > MAX_ITEMS) {
            out.add(TOO_MANY_ITEMS.at("items", MAX_ITEMS, items.size()));
        }
        boolean invoiceTaxTypeValid = INVOICE_TAX_TYPES.contains(invoice.getTaxType());
        boolean amountsUsable = true;
        boolean typesKnown = true;
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "items[" + i + "]";
            Item item = items.get(i);
            if (item == null) {
                out.add(REQUIRED.at(at, at));
                amountsUsable = false;
                typesKnown = false;
                continue;
            }
            if (isBlank(item.description())) {
                out.add(REQUIRED.at(at + ".description", at + ".description"));
            }
            boolean quantityOk = checkDecimal(at + ".quantity", item.quantity(), out);
            boolean unitPriceOk = checkDecimal(at + ".unitPrice", item.unitPrice(), out);
            boolean amountOk = checkDecimal(at + ".amount", item.amount(), out);
            amountsUsable &= amountOk;
            if (quantityOk && unitPriceOk && amountOk) {
                BigDecimal product = item.quantity().multiply(item.unitPrice());
                if (item.amount().subtract(product).abs().compareTo(ITEM_AMOUNT_TOLERANCE) > 0) {
                    out.add(ITEM_AMOUNT_MISMATCH.at(at + ".amount", item.amount(), item.quantity(), item.unitPrice(),
                            product.stripTrailingZeros()));
                }
            }
            String taxType = item.taxType();
            if (taxType == null) {
                // Only a mixed invoice leaves item tax types without a default; an invalid invoice tax type is
                // reported once at the invoice level instead of once per item.
                if (invoiceTaxTypeValid) {
                    out.add(REQUIRED.at(at + ".taxType", at + ".taxType"));
                }
                typesKnown = false;
            } else if (!ITEM_TAX_TYPES.contains(taxType)) {
                out.add(ENUM.at(at + ".taxType", at + ".taxType", "1, 2, 3", taxType));
                typesKnown = false;
            } else {
                types.add(taxType);
            }
        }
        return new ItemFacts(amountsUsable, typesKnown, types);
    }

    /** Checks tax type, rate and zero-rating; true when the amounts can be derived from the items. */
    private boolean checkTax(CanonicalInvoice invoice, ItemFacts items, List<Violation> out) {
        String taxType = invoice.getTaxType();
        if (!INVOICE_TAX_TYPES.contains(taxType)) {
            out.add(ENUM.at("taxType", "taxType", "1, 2, 3, 4, 9", taxType));
            return false;
        }
        boolean structureOk = items.typesKnown();
        if (items.typesKnown()) {
            boolean mixedItems = items.types().size() > 1;
            if (MIXED.equals(taxType) != mixedItems) {
                out.add(TAX_TYPE_MIXED.at("taxType", taxType, String.join(", ", items.types())));
                structureOk = false;
            } else if (!mixedItems) {
                String expected = SPECIAL_RATE.equals(taxType) ? TaxArithmetic.TAXABLE : taxType;
                List<Item> list = invoice.getItems();
                for (int i = 0; i < list.size(); i++) {
                    if (!expected.equals(list.get(i).taxType())) {
                        out.add(ITEM_TAX_TYPE_MISMATCH.at("items[" + i + "].taxType", list.get(i).taxType(),
                                expected, taxType));
                        structureOk = false;
                    }
                }
            }
        }
        boolean rateOk = checkTaxRate(invoice, taxType, out);
        // Without every item's tax type a mixed invoice cannot tell whether it is zero-rated.
        if (!MIXED.equals(taxType) || items.typesKnown()) {
            boolean zeroRated = TaxArithmetic.ZERO_RATED.equals(taxType)
                    || (MIXED.equals(taxType) && items.types().contains(TaxArithmetic.ZERO_RATED));
            checkZeroRating(invoice, zeroRated, out);
        }
        return structureOk && rateOk && items.amountsUsable();
    }

    private static boolean checkTaxRate(CanonicalInvoice invoice, String taxType, List<Violation> out) {
        BigDecimal rate = invoice.getTaxRate();
        if (rate == null) {
            out.add(REQUIRED.at("taxRate", "taxRate"));
            return false;
        }
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            out.add(TAX_RATE.at("taxRate", rate, taxType, "[0, 1)"));
            return false;
        }
        boolean untaxed = TaxArithmetic.ZERO_RATED.equals(taxType) || TaxArithmetic.EXEMPT.equals(taxType);
        if (untaxed && rate.signum() != 0) {
            out.add(TAX_RATE.at("taxRate", rate, taxType, "{0}"));
            return false;
        }
        return true;
    }

    private static void checkZeroRating(CanonicalInvoice invoice, boolean zeroRated, List<Violation> out) {
        String reason = invoice.getZeroTaxRateReason();
        String mark = invoice.getCustomsClearanceMark();
        if (zeroRated) {
            if (isBlank(reason)) {
                out.add(ZERO_TAX_REASON_REQUIRED.at("zeroTaxRateReason"));
            } else if (!ZERO_TAX_REASONS.contains(reason)) {
                out.add(ENUM.at("zeroTaxRateReason", "zeroTaxRateReason", "71–79", reason));
            }
            if (isBlank(mark)) {
                out.add(CUSTOMS_MARK_REQUIRED.at("customsClearanceMark"));
            } else if (!CUSTOMS_MARKS.contains(mark)) {
                out.add(ENUM.at("customsClearanceMark", "customsClearanceMark", "1, 2", mark));
            }
        } else {
            if (reason != null) {
                out.add(ZERO_TAX_FIELDS_NOT_ALLOWED.at("zeroTaxRateReason", "zeroTaxRateReason", reason));
            }
            if (mark != null) {
                out.add(ZERO_TAX_FIELDS_NOT_ALLOWED.at("customsClearanceMark", "customsClearanceMark", mark));
            }
        }
    }

    /** MIG decimal(20,7): at most 7 decimals and 20 digits in all. */
    private static boolean checkDecimal(String field, BigDecimal value, List<Violation> out) {
        if (value == null) {
            out.add(REQUIRED.at(field, field));
            return false;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int decimals = Math.max(stripped.scale(), 0);
        int integerDigits = Math.max(stripped.precision() - stripped.scale(), 0);
        if (decimals > 7 || integerDigits + decimals > 20) {
            out.add(DECIMAL_FORMAT.at(field, field, value));
            return false;
        }
        return true;
    }

    private static int length(String value) {
        return InvoiceText.length(value);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
