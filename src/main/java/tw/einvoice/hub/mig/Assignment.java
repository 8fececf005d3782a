package tw.einvoice.hub.mig;

/**
 * One E0501 {@code InvoiceAssignNo}: numbers the MOF assigned to a business for a period.
 *
 * @param yearMonth ROC yyy + even month, e.g. {@code 11404}
 * @param booklets  {@code InvoiceBooklet}; 0 when absent
 */
public record Assignment(String ban, String invoiceType, String yearMonth, String track, String beginNo,
                         String endNo, long booklets) {
}
