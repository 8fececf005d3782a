package tw.einvoice.hub.invoice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The public canonical invoice (docs: canonical-invoice.md). Every source is mapped to this shape.
 * Amounts are BigDecimal so that a fractional or oversized value reaches validation and gets a
 * clear violation instead of failing in the JSON parser.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"connector", "sourceRef", "sellerId", "seller", "branchId", "invoiceType", "issuedAt",
        "invoiceNumber", "randomCode", "buyer", "carrier", "donation", "print", "taxType", "taxRate",
        "pricesIncludeTax", "items", "salesAmount", "freeTaxSalesAmount", "zeroTaxSalesAmount", "taxAmount",
        "totalAmount", "zeroTaxRateReason", "customsClearanceMark", "remark", "member"})
public class CanonicalInvoice {

    /** A consumer buyer has no BAN; MIG XML writes ten zeros. */
    public static final String CONSUMER_BUYER_ID = "0000000000";

    private String connector;
    private String sourceRef;
    private String sellerId;
    private Party seller;
    private String branchId;
    private String invoiceType;
    private OffsetDateTime issuedAt;
    private String invoiceNumber;
    private String randomCode;
    private Party buyer;
    private Carrier carrier;
    private Donation donation;
    private Boolean print;
    private String taxType;
    private BigDecimal taxRate;
    private Boolean pricesIncludeTax;
    private List<Item> items = new ArrayList<>();
    private BigDecimal salesAmount;
    private BigDecimal freeTaxSalesAmount;
    private BigDecimal zeroTaxSalesAmount;
    private BigDecimal taxAmount;
    private BigDecimal totalAmount;
    private String zeroTaxRateReason;
    private String customsClearanceMark;
    private String remark;
    private Member member;

    /** Seller or buyer. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Party(String id, String name, String email, String phone, String address) {
    }

    /**
     * 載具: mobile barcode 3J0002, citizen certificate CQ0001, or a merchant's member carrier. {@code hiddenId} is the
     * member carrier's verification code (隱碼, MIG CarrierId2); absent, CarrierId2 repeats the id, as for a barcode.
     */
    public record Carrier(String type, String id, String hiddenId) {
        public Carrier(String type, String id) {
            this(type, id, null);
        }
    }

    /**
     * The buyer as a member of the seller: {@code source} says what {@code id} is ({@code erp} member number,
     * {@code shopee} buyer, {@code email}). The hub keeps the invoice on the member's carrier (docs/members.md).
     */
    public record Member(String source, String id) {
    }

    /** 捐贈: the charity's 愛心碼. */
    public record Donation(String npoban) {
    }

    public record Item(String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
                       BigDecimal amount, String taxType, String remark) {
    }

    /**
     * A deep copy, so a stage can change a document without touching the one it was given. Field by field rather
     * than through JSON: the parts are immutable records, BigDecimals, Strings and an OffsetDateTime, so only the
     * item list needs a copy of its own, and the issue stage copies every invoice it checks.
     */
    public CanonicalInvoice copy() {
        CanonicalInvoice c = new CanonicalInvoice();
        c.connector = connector;
        c.sourceRef = sourceRef;
        c.sellerId = sellerId;
        c.seller = seller;
        c.branchId = branchId;
        c.invoiceType = invoiceType;
        c.issuedAt = issuedAt;
        c.invoiceNumber = invoiceNumber;
        c.randomCode = randomCode;
        c.buyer = buyer;
        c.carrier = carrier;
        c.donation = donation;
        c.print = print;
        c.taxType = taxType;
        c.taxRate = taxRate;
        c.pricesIncludeTax = pricesIncludeTax;
        c.items = items == null ? null : new ArrayList<>(items);
        c.salesAmount = salesAmount;
        c.freeTaxSalesAmount = freeTaxSalesAmount;
        c.zeroTaxSalesAmount = zeroTaxSalesAmount;
        c.taxAmount = taxAmount;
        c.totalAmount = totalAmount;
        c.zeroTaxRateReason = zeroTaxRateReason;
        c.customsClearanceMark = customsClearanceMark;
        c.remark = remark;
        c.member = member;
        return c;
    }

    /** True when the buyer is a business (an 8-digit BAN rather than none or ten zeros). */
    public boolean hasBusinessBuyer() {
        return buyer != null && buyer.id() != null && !buyer.id().isBlank()
                && !CONSUMER_BUYER_ID.equals(buyer.id()) && !"00000000".equals(buyer.id());
    }

    public String getConnector() { return connector; }
    public void setConnector(String connector) { this.connector = connector; }
    public String getSourceRef() { return sourceRef; }
    public void setSourceRef(String sourceRef) { this.sourceRef = sourceRef; }
    public String getSellerId() { return sellerId; }
    public void setSellerId(String sellerId) { this.sellerId = sellerId; }
    public Party getSeller() { return seller; }
    public void setSeller(Party seller) { this.seller = seller; }
    public String getBranchId() { return branchId; }
    public void setBranchId(String branchId) { this.branchId = branchId; }
    public String getInvoiceType() { return invoiceType; }
    public void setInvoiceType(String invoiceType) { this.invoiceType = invoiceType; }
    public OffsetDateTime getIssuedAt() { return issuedAt; }
    public void setIssuedAt(OffsetDateTime issuedAt) { this.issuedAt = issuedAt; }
    public String getInvoiceNumber() { return invoiceNumber; }
    public void setInvoiceNumber(String invoiceNumber) { this.invoiceNumber = invoiceNumber; }
    public String getRandomCode() { return randomCode; }
    public void setRandomCode(String randomCode) { this.randomCode = randomCode; }
    public Party getBuyer() { return buyer; }
    public void setBuyer(Party buyer) { this.buyer = buyer; }
    public Carrier getCarrier() { return carrier; }
    public void setCarrier(Carrier carrier) { this.carrier = carrier; }
    public Donation getDonation() { return donation; }
    public void setDonation(Donation donation) { this.donation = donation; }
    public Boolean getPrint() { return print; }
    public void setPrint(Boolean print) { this.print = print; }
    public String getTaxType() { return taxType; }
    public void setTaxType(String taxType) { this.taxType = taxType; }
    public BigDecimal getTaxRate() { return taxRate; }
    public void setTaxRate(BigDecimal taxRate) { this.taxRate = taxRate; }
    public Boolean getPricesIncludeTax() { return pricesIncludeTax; }
    public void setPricesIncludeTax(Boolean pricesIncludeTax) { this.pricesIncludeTax = pricesIncludeTax; }
    public List<Item> getItems() { return items; }
    public void setItems(List<Item> items) { this.items = items; }
    public BigDecimal getSalesAmount() { return salesAmount; }
    public void setSalesAmount(BigDecimal salesAmount) { this.salesAmount = salesAmount; }
    public BigDecimal getFreeTaxSalesAmount() { return freeTaxSalesAmount; }
    public void setFreeTaxSalesAmount(BigDecimal freeTaxSalesAmount) { this.freeTaxSalesAmount = freeTaxSalesAmount; }
    public BigDecimal getZeroTaxSalesAmount() { return zeroTaxSalesAmount; }
    public void setZeroTaxSalesAmount(BigDecimal zeroTaxSalesAmount) { this.zeroTaxSalesAmount = zeroTaxSalesAmount; }
    public BigDecimal getTaxAmount() { return taxAmount; }
    public void setTaxAmount(BigDecimal taxAmount) { this.taxAmount = taxAmount; }
    public BigDecimal getTotalAmount() { return totalAmount; }
    public void setTotalAmount(BigDecimal totalAmount) { this.totalAmount = totalAmount; }
    public String getZeroTaxRateReason() { return zeroTaxRateReason; }
    public void setZeroTaxRateReason(String zeroTaxRateReason) { this.zeroTaxRateReason = zeroTaxRateReason; }
    public String getCustomsClearanceMark() { return customsClearanceMark; }
    public void setCustomsClearanceMark(String customsClearanceMark) { this.customsClearanceMark = customsClearanceMark; }
    public String getRemark() { return remark; }
    public void setRemark(String remark) { this.remark = remark; }
    public Member getMember() { return member; }
    public void setMember(Member member) { this.member = member; }
}
