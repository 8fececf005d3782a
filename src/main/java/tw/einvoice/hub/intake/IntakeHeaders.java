package tw.einvoice.hub.intake;

/** Headers a route sets before {@code direct:intake}. */
public final class IntakeHeaders {

    /** The endpoint every source ends in. */
    public static final String INTAKE = "direct:intake";

    /** Name of the integration the record came from; with the source reference, the idempotency key. */
    public static final String CONNECTOR = "hub.connector";
    /** The record's reference at its source (order number, row key), when the payload does not carry it. */
    public static final String SOURCE_REF = "hub.sourceRef";
    /**
     * For a delivery of several source records: the field of each that holds its own key (Shopee's {@code order_sn}),
     * so one the mapping cannot read is still kept, and recognised when it comes again, under that key.
     */
    public static final String SOURCE_REF_FIELD = "hub.sourceRefField";
    /** JSONata mapping (file name under mappings/, without .jsonata) that turns the record into canonical JSON. */
    public static final String MAPPING = "hub.mapping";
    /** Who or what delivered the record, for the audit trail. */
    public static final String ACTOR = "hub.actor";
    /** Set by replay: the rejected record being retried. */
    public static final String REPLAY_OF = "hub.replayOf";

    private IntakeHeaders() {
    }
}
