package tw.einvoice.hub.rules;

/**
 * One broken rule: the field (JSON path such as {@code items[2].amount}), a stable code for
 * machines, and a message for people in 中文 and English.
 */
public record Violation(String field, String code, String messageZh, String messageEn) {

    /**
     * A field or message may quote what the source sent (an unknown field's name, a mapping's error): characters an
     * invoice cannot carry are written out as {@code \}{@code uXXXX}, so the violation can always be stored with the
     * rejected record, logged and shown.
     */
    public Violation {
        field = InvoiceText.escape(field);
        messageZh = InvoiceText.escape(messageZh);
        messageEn = InvoiceText.escape(messageEn);
    }

    @Override
    public String toString() {
        return field + ": " + messageEn;
    }
}
