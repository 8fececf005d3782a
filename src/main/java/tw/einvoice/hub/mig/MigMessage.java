package tw.einvoice.hub.mig;

/** The MIG 4.1 messages the hub sends, with where Turnkey expects each (UpCast/<channel>/<code>/SRC). */
public enum MigMessage {
    F0401("Invoice", "B2SSTORAGE"),
    F0501("CancelInvoice", "B2SSTORAGE"),
    F0701("VoidInvoice", "B2SSTORAGE"),
    G0401("Allowance", "B2SSTORAGE"),
    G0501("CancelAllowance", "B2SSTORAGE"),
    E0401("BranchTrack", "B2PMESSAGE"),
    E0402("BranchTrackBlank", "B2PMESSAGE");

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

    /** Turnkey's UpCast channel folder. */
    public String channel() {
        return channel;
    }
}
