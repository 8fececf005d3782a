package tw.einvoice.hub.rules;

/**
 * One broken rule: the field (JSON path such as {@code items[2].amount}), a stable code for
 * machines, and a message for people in 中文 and English.
 */
public record Violation(String field, String code, String messageZh, String messageEn) {

    @Override
    public String toString() {
        return field + ": " + messageEn;
    }
}
