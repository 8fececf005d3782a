package tw.einvoice.hub.invoice;

/** A document that cannot be read as a canonical invoice; {@link #field()} names where it broke. */
public class InvoiceFormatException extends RuntimeException {

    private final String field;

    public InvoiceFormatException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
