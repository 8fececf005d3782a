package tw.einvoice.hub.mig;

/** The MIG 4.1 messages the hub sends, with where Turnkey expects each (UpCast/<channel>/<code>/SRC). */
public enum MigMessage {
    F0401("Invoice", "B2SSTORAGE"),
    F0501("CancelInvoice", "B2SSTORAGE"),
    F0701("VoidInvoice", "B2SSTORAGE"),
    G0401("Allowance", "B2SSTORAGE"),
    G0501("CancelAllowance", "B2SSTORAGE"),
    E0401("BranchTrack", "B2PMESSAGE"),
    E0402("BranchTrackBlank", "B2PMESSAGE"),
    /** B2B exchange (B2B交換): issue to a buyer who receives through the platform, and the answers. */
    A0101("Invoice", "B2BEXCHANGE"),
    A0102("InvoiceConfirm", "B2BEXCHANGE"),
    A0201("CancelInvoice", "B2BEXCHANGE"),
    A0202("CancelInvoiceConfirm", "B2BEXCHANGE"),
    A0301("RejectInvoice", "B2BEXCHANGE"),
    A0302("RejectInvoiceConfirm", "B2BEXCHANGE"),
    B0101("Allowance", "B2BEXCHANGE"),
    B0102("AllowanceConfirm", "B2BEXCHANGE"),
    B0201("CancelAllowance", "B2BEXCHANGE"),
    B0202("CancelAllowanceConfirm", "B2BEXCHANGE");

    public static final String VERSION = "4.1";

    private final String rootElement;
    private final String channel;

    MigMessage(String rootElement, String channel) {
        this.rootElement = rootElement;
        this.channel = channel;
    }

    public String namespace() {
        return "urn:GEINV:eInvoiceMessage:" + name() + ":" + VERSION;
    }

    public String rootElement() {
        return rootElement;
    }

    /**
     * The UpCast file name of one message: unique, and traceable by eye (type, seller, reference, time of making).
     */
    public String fileName(String sellerId, String reference, java.time.OffsetDateTime at) {
        return name() + "_" + sellerId + "_" + reference + "_"
                + at.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "_"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".xml";
    }

    /**
     * The INVOICE_IDENTIFIER Turnkey writes for a message about one invoice or allowance: the type, the number and
     * the message's own date (F0401 InvoiceDate, F0501 CancelDate, F0701 VoidDate, G0401 AllowanceDate, G0501
     * CancelDate). Results are matched by it, so it must be Turnkey's to the character.
     */
    public String identifier(String number, java.time.LocalDate date) {
        if (this == E0401 || this == E0402) {
            throw new IllegalArgumentException(this + " is not filed by number and date");
        }
        return name() + number + date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** E0401's identifier in Turnkey: {@code <BranchBan>-<Track><InvoiceBeginNo>-<InvoiceEndNo>} of its Main. */
    public static String branchTrackIdentifier(String branchBan, String track, String beginNo, String endNo) {
        return branchBan + "-" + track + beginNo + "-" + endNo;
    }

    /** E0402's identifier in Turnkey: {@code <BranchBan>-<Track><InvoiceType>}, the same in every period. */
    public static String branchTrackBlankIdentifier(String branchBan, String track, String invoiceType) {
        return branchBan + "-" + track + invoiceType;
    }

    /** Whether the message travels between two businesses through the platform rather than to storage. */
    public boolean exchange() {
        return "B2BEXCHANGE".equals(channel);
    }

    /** Turnkey's UpCast channel folder. */
    public String channel() {
        return channel;
    }
}
