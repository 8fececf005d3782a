package tw.einvoice.hub.erp;

/**
 * One claimed staging row with its lines: {@code json} is the header's columns (lower-case names) plus
 * {@code lines}, an array of the line rows. Getters, not record accessors, so Camel's simple language reads them.
 */
public final class ErpRecord {

    private final String sourceRef;
    private final String json;

    public ErpRecord(String sourceRef, String json) {
        this.sourceRef = sourceRef;
        this.json = json;
    }

    public String getSourceRef() {
        return sourceRef;
    }

    public String getJson() {
        return json;
    }
}
