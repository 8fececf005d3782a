package tw.einvoice.hub.mig;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

import java.util.ArrayList;
import java.util.List;

/**
 * JAXB model of the MIG 4.1 messages the hub sends. The classes carry no namespace: every message puts all
 * its elements in one default namespace, which {@link NamespacedWriter} adds while marshalling, so shared parts
 * (Seller/Buyer) need one class rather than one per message. Values are pre-formatted strings because the MIG
 * wants exact lexical forms (whole NTD, no exponent, zero-padded sequence numbers); null means "omit".
 * {@code propOrder} is the documented element order; the schemas accept any order where the official ones say
 * {@code xsd:all}, so MigWriterTest holds the model to it.
 */
final class MigModel {

    private MigModel() {
    }

    static final Class<?>[] ROOTS = {Invoice.class, CancelInvoice.class, VoidInvoice.class, Allowance.class,
            CancelAllowance.class, BranchTrack.class, BranchTrackBlank.class, InvoiceConfirm.class,
            CancelInvoiceConfirm.class, RejectInvoice.class, RejectInvoiceConfirm.class, AllowanceConfirm.class,
            CancelAllowanceConfirm.class};

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Role", propOrder = {"identifier", "name", "address", "personInCharge", "telephoneNumber",
            "facsimileNumber", "emailAddress", "customerNumber", "roleRemark"})
    static final class Role {
        @XmlElement(name = "Identifier", required = true) String identifier;
        @XmlElement(name = "Name", required = true) String name;
        @XmlElement(name = "Address") String address;
        @XmlElement(name = "PersonInCharge") String personInCharge;
        @XmlElement(name = "TelephoneNumber") String telephoneNumber;
        @XmlElement(name = "FacsimileNumber") String facsimileNumber;
        @XmlElement(name = "EmailAddress") String emailAddress;
        @XmlElement(name = "CustomerNumber") String customerNumber;
        @XmlElement(name = "RoleRemark") String roleRemark;
    }

    // ---- F0401 ----

    @XmlRootElement(name = "Invoice")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Invoice", propOrder = {"main", "items", "amount"})
    static final class Invoice {
        @XmlElement(name = "Main", required = true) InvoiceMain main;
        @XmlElementWrapper(name = "Details", required = true)
        @XmlElement(name = "ProductItem") List<InvoiceItem> items = new ArrayList<>();
        @XmlElement(name = "Amount", required = true) InvoiceAmount amount;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "InvoiceMain", propOrder = {"invoiceNumber", "invoiceDate", "invoiceTime", "seller", "buyer",
            "buyerRemark", "mainRemark", "customsClearanceMark", "category", "relateNumber", "invoiceType",
            "groupMark", "donateMark", "carrierType", "carrierId1", "carrierId2", "printMark", "npoban",
            "randomNumber", "bondedAreaConfirm", "zeroTaxRateReason", "reserved1", "reserved2"})
    static final class InvoiceMain {
        @XmlElement(name = "InvoiceNumber") String invoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "InvoiceTime") String invoiceTime;
        @XmlElement(name = "Seller") Role seller;
        @XmlElement(name = "Buyer") Role buyer;
        @XmlElement(name = "BuyerRemark") String buyerRemark;
        @XmlElement(name = "MainRemark") String mainRemark;
        @XmlElement(name = "CustomsClearanceMark") String customsClearanceMark;
        @XmlElement(name = "Category") String category;
        @XmlElement(name = "RelateNumber") String relateNumber;
        @XmlElement(name = "InvoiceType") String invoiceType;
        @XmlElement(name = "GroupMark") String groupMark;
        @XmlElement(name = "DonateMark") String donateMark;
        @XmlElement(name = "CarrierType") String carrierType;
        @XmlElement(name = "CarrierId1") String carrierId1;
        @XmlElement(name = "CarrierId2") String carrierId2;
        @XmlElement(name = "PrintMark") String printMark;
        @XmlElement(name = "NPOBAN") String npoban;
        @XmlElement(name = "RandomNumber") String randomNumber;
        @XmlElement(name = "BondedAreaConfirm") String bondedAreaConfirm;
        @XmlElement(name = "ZeroTaxRateReason") String zeroTaxRateReason;
        @XmlElement(name = "Reserved1") String reserved1;
        @XmlElement(name = "Reserved2") String reserved2;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "InvoiceItem", propOrder = {"description", "quantity", "unit", "unitPrice", "taxType", "amount",
            "sequenceNumber", "remark", "relateNumber"})
    static final class InvoiceItem {
        @XmlElement(name = "Description") String description;
        @XmlElement(name = "Quantity") String quantity;
        @XmlElement(name = "Unit") String unit;
        @XmlElement(name = "UnitPrice") String unitPrice;
        @XmlElement(name = "TaxType") String taxType;
        @XmlElement(name = "Amount") String amount;
        @XmlElement(name = "SequenceNumber") String sequenceNumber;
        @XmlElement(name = "Remark") String remark;
        @XmlElement(name = "RelateNumber") String relateNumber;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "InvoiceAmount", propOrder = {"salesAmount", "freeTaxSalesAmount", "zeroTaxSalesAmount", "taxType",
            "taxRate", "taxAmount", "totalAmount", "discountAmount", "originalCurrencyAmount", "exchangeRate",
            "currency"})
    static final class InvoiceAmount {
        @XmlElement(name = "SalesAmount") String salesAmount;
        @XmlElement(name = "FreeTaxSalesAmount") String freeTaxSalesAmount;
        @XmlElement(name = "ZeroTaxSalesAmount") String zeroTaxSalesAmount;
        @XmlElement(name = "TaxType") String taxType;
        @XmlElement(name = "TaxRate") String taxRate;
        @XmlElement(name = "TaxAmount") String taxAmount;
        @XmlElement(name = "TotalAmount") String totalAmount;
        @XmlElement(name = "DiscountAmount") String discountAmount;
        @XmlElement(name = "OriginalCurrencyAmount") String originalCurrencyAmount;
        @XmlElement(name = "ExchangeRate") String exchangeRate;
        @XmlElement(name = "Currency") String currency;
    }

    // ---- F0501 / F0701 ----

    @XmlRootElement(name = "CancelInvoice")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "CancelInvoice", propOrder = {"cancelInvoiceNumber", "invoiceDate", "buyerId", "sellerId",
            "cancelDate", "cancelTime", "cancelReason", "returnTaxDocumentNumber", "remark", "reserved1", "reserved2"})
    static final class CancelInvoice {
        @XmlElement(name = "CancelInvoiceNumber") String cancelInvoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "CancelDate") String cancelDate;
        @XmlElement(name = "CancelTime") String cancelTime;
        @XmlElement(name = "CancelReason") String cancelReason;
        @XmlElement(name = "ReturnTaxDocumentNumber") String returnTaxDocumentNumber;
        @XmlElement(name = "Remark") String remark;
        @XmlElement(name = "Reserved1") String reserved1;
        @XmlElement(name = "Reserved2") String reserved2;
    }

    @XmlRootElement(name = "VoidInvoice")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "VoidInvoice", propOrder = {"voidInvoiceNumber", "invoiceDate", "buyerId", "sellerId",
            "voidDate", "voidTime", "voidReason", "remark", "reserved1", "reserved2"})
    static final class VoidInvoice {
        @XmlElement(name = "VoidInvoiceNumber") String voidInvoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "VoidDate") String voidDate;
        @XmlElement(name = "VoidTime") String voidTime;
        @XmlElement(name = "VoidReason") String voidReason;
        @XmlElement(name = "Remark") String remark;
        @XmlElement(name = "Reserved1") String reserved1;
        @XmlElement(name = "Reserved2") String reserved2;
    }

    // ---- G0401 / G0501 ----

    @XmlRootElement(name = "Allowance")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Allowance", propOrder = {"main", "items", "amount"})
    static final class Allowance {
        @XmlElement(name = "Main") AllowanceMain main;
        @XmlElementWrapper(name = "Details", required = true)
        @XmlElement(name = "ProductItem") List<AllowanceItem> items = new ArrayList<>();
        @XmlElement(name = "Amount") AllowanceAmount amount;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "AllowanceMain", propOrder = {"allowanceNumber", "allowanceDate", "seller", "buyer",
            "allowanceType", "originalInvoiceSellerId", "originalInvoiceBuyerId"})
    static final class AllowanceMain {
        @XmlElement(name = "AllowanceNumber") String allowanceNumber;
        @XmlElement(name = "AllowanceDate") String allowanceDate;
        @XmlElement(name = "Seller") Role seller;
        @XmlElement(name = "Buyer") Role buyer;
        @XmlElement(name = "AllowanceType") String allowanceType;
        @XmlElement(name = "OriginalInvoiceSellerId") String originalInvoiceSellerId;
        @XmlElement(name = "OriginalInvoiceBuyerId") String originalInvoiceBuyerId;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "AllowanceItem", propOrder = {"originalInvoiceDate", "originalInvoiceNumber",
            "originalSequenceNumber", "originalDescription", "quantity", "unit", "unitPrice", "amount", "tax",
            "allowanceSequenceNumber", "taxType"})
    static final class AllowanceItem {
        @XmlElement(name = "OriginalInvoiceDate") String originalInvoiceDate;
        @XmlElement(name = "OriginalInvoiceNumber") String originalInvoiceNumber;
        @XmlElement(name = "OriginalSequenceNumber") String originalSequenceNumber;
        @XmlElement(name = "OriginalDescription") String originalDescription;
        @XmlElement(name = "Quantity") String quantity;
        @XmlElement(name = "Unit") String unit;
        @XmlElement(name = "UnitPrice") String unitPrice;
        @XmlElement(name = "Amount") String amount;
        @XmlElement(name = "Tax") String tax;
        @XmlElement(name = "AllowanceSequenceNumber") String allowanceSequenceNumber;
        @XmlElement(name = "TaxType") String taxType;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "AllowanceAmount", propOrder = {"taxAmount", "totalAmount"})
    static final class AllowanceAmount {
        @XmlElement(name = "TaxAmount") String taxAmount;
        @XmlElement(name = "TotalAmount") String totalAmount;
    }

    @XmlRootElement(name = "CancelAllowance")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "CancelAllowance", propOrder = {"cancelAllowanceNumber", "allowanceType", "allowanceDate",
            "buyerId", "sellerId", "cancelDate", "cancelTime", "cancelReason", "remark"})
    static final class CancelAllowance {
        @XmlElement(name = "CancelAllowanceNumber") String cancelAllowanceNumber;
        @XmlElement(name = "AllowanceType") String allowanceType;
        @XmlElement(name = "AllowanceDate") String allowanceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "CancelDate") String cancelDate;
        @XmlElement(name = "CancelTime") String cancelTime;
        @XmlElement(name = "CancelReason") String cancelReason;
        @XmlElement(name = "Remark") String remark;
    }

    // ---- E0401 / E0402 ----

    @XmlRootElement(name = "BranchTrack")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrack", propOrder = {"main", "items"})
    static final class BranchTrack {
        @XmlElement(name = "Main") BranchTrackMain main;
        @XmlElementWrapper(name = "Details", required = true)
        @XmlElement(name = "BranchTrackItem") List<BranchTrackItem> items = new ArrayList<>();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrackMain", propOrder = {"headBan", "branchBan", "invoiceType", "yearMonth",
            "invoiceTrack", "invoiceBeginNo", "invoiceEndNo"})
    static final class BranchTrackMain {
        @XmlElement(name = "HeadBan") String headBan;
        @XmlElement(name = "BranchBan") String branchBan;
        @XmlElement(name = "InvoiceType") String invoiceType;
        @XmlElement(name = "YearMonth") String yearMonth;
        @XmlElement(name = "InvoiceTrack") String invoiceTrack;
        @XmlElement(name = "InvoiceBeginNo") String invoiceBeginNo;
        @XmlElement(name = "InvoiceEndNo") String invoiceEndNo;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrackItem", propOrder = {"invoiceBeginNo", "invoiceEndNo", "invoiceBooklet"})
    static final class BranchTrackItem {
        @XmlElement(name = "InvoiceBeginNo") String invoiceBeginNo;
        @XmlElement(name = "InvoiceEndNo") String invoiceEndNo;
        @XmlElement(name = "InvoiceBooklet") String invoiceBooklet;
    }

    @XmlRootElement(name = "BranchTrackBlank")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrackBlank", propOrder = {"main", "items"})
    static final class BranchTrackBlank {
        @XmlElement(name = "Main") BranchTrackBlankMain main;
        @XmlElementWrapper(name = "Details", required = true)
        @XmlElement(name = "BranchTrackBlankItem") List<BranchTrackBlankItem> items = new ArrayList<>();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrackBlankMain", propOrder = {"headBan", "branchBan", "invoiceType", "yearMonth",
            "invoiceTrack"})
    static final class BranchTrackBlankMain {
        @XmlElement(name = "HeadBan") String headBan;
        @XmlElement(name = "BranchBan") String branchBan;
        @XmlElement(name = "InvoiceType") String invoiceType;
        @XmlElement(name = "YearMonth") String yearMonth;
        @XmlElement(name = "InvoiceTrack") String invoiceTrack;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "BranchTrackBlankItem", propOrder = {"invoiceBeginNo", "invoiceEndNo"})
    static final class BranchTrackBlankItem {
        @XmlElement(name = "InvoiceBeginNo") String invoiceBeginNo;
        @XmlElement(name = "InvoiceEndNo") String invoiceEndNo;
    }

    // ---- B2B exchange answers (A0101 is Invoice, A0201 is CancelInvoice, each in its own namespace) ----

    @XmlRootElement(name = "InvoiceConfirm")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "InvoiceConfirm", propOrder = {"invoiceNumber", "invoiceDate", "buyerId", "sellerId", "receiveDate",
            "receiveTime", "buyerRemark", "remark", "bondedAreaConfirm"})
    static final class InvoiceConfirm {
        @XmlElement(name = "InvoiceNumber") String invoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "ReceiveDate") String receiveDate;
        @XmlElement(name = "ReceiveTime") String receiveTime;
        @XmlElement(name = "BuyerRemark") String buyerRemark;
        @XmlElement(name = "Remark") String remark;
        @XmlElement(name = "BondedAreaConfirm") String bondedAreaConfirm;
    }

    @XmlRootElement(name = "CancelInvoiceConfirm")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "CancelInvoiceConfirm", propOrder = {"cancelInvoiceNumber", "invoiceDate", "buyerId", "sellerId",
            "cancelDate", "cancelTime", "remark"})
    static final class CancelInvoiceConfirm {
        @XmlElement(name = "CancelInvoiceNumber") String cancelInvoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "CancelDate") String cancelDate;
        @XmlElement(name = "CancelTime") String cancelTime;
        @XmlElement(name = "Remark") String remark;
    }

    @XmlRootElement(name = "RejectInvoice")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "RejectInvoice", propOrder = {"rejectInvoiceNumber", "invoiceDate", "buyerId", "sellerId",
            "rejectDate", "rejectTime", "rejectReason", "remark", "reserved1", "reserved2"})
    static final class RejectInvoice {
        @XmlElement(name = "RejectInvoiceNumber") String rejectInvoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "RejectDate") String rejectDate;
        @XmlElement(name = "RejectTime") String rejectTime;
        @XmlElement(name = "RejectReason") String rejectReason;
        @XmlElement(name = "Remark") String remark;
        @XmlElement(name = "Reserved1") String reserved1;
        @XmlElement(name = "Reserved2") String reserved2;
    }

    @XmlRootElement(name = "AllowanceConfirm")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "AllowanceConfirm", propOrder = {"allowanceNumber", "allowanceDate", "buyerId", "sellerId",
            "receiveDate", "receiveTime", "allowanceType", "remark"})
    static final class AllowanceConfirm {
        @XmlElement(name = "AllowanceNumber") String allowanceNumber;
        @XmlElement(name = "AllowanceDate") String allowanceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "ReceiveDate") String receiveDate;
        @XmlElement(name = "ReceiveTime") String receiveTime;
        @XmlElement(name = "AllowanceType") String allowanceType;
        @XmlElement(name = "Remark") String remark;
    }

    @XmlRootElement(name = "CancelAllowanceConfirm")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "CancelAllowanceConfirm", propOrder = {"cancelAllowanceNumber", "allowanceDate", "buyerId",
            "sellerId", "cancelDate", "cancelTime", "allowanceType", "remark"})
    static final class CancelAllowanceConfirm {
        @XmlElement(name = "CancelAllowanceNumber") String cancelAllowanceNumber;
        @XmlElement(name = "AllowanceDate") String allowanceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "CancelDate") String cancelDate;
        @XmlElement(name = "CancelTime") String cancelTime;
        @XmlElement(name = "AllowanceType") String allowanceType;
        @XmlElement(name = "Remark") String remark;
    }

    @XmlRootElement(name = "RejectInvoiceConfirm")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "RejectInvoiceConfirm", propOrder = {"rejectInvoiceNumber", "invoiceDate", "buyerId", "sellerId",
            "rejectDate", "rejectTime", "remark"})
    static final class RejectInvoiceConfirm {
        @XmlElement(name = "RejectInvoiceNumber") String rejectInvoiceNumber;
        @XmlElement(name = "InvoiceDate") String invoiceDate;
        @XmlElement(name = "BuyerId") String buyerId;
        @XmlElement(name = "SellerId") String sellerId;
        @XmlElement(name = "RejectDate") String rejectDate;
        @XmlElement(name = "RejectTime") String rejectTime;
        @XmlElement(name = "Remark") String remark;
    }
}
