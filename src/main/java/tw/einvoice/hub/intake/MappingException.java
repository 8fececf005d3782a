package tw.einvoice.hub.intake;

/**
 * A mapping that does not compile or fails while running. Carries where in the .jsonata file it broke
 * so the person editing the mapping can find the spot without reading a stack trace.
 */
public class MappingException extends RuntimeException {

    private final String mapping;
    private final int position;
    private final String errorCode;

    /**
     * @param source the expression text, used to turn {@code position} into line and column; may be null
     */
    public MappingException(String mapping, String source, int position, String errorCode, String reason,
                            Throwable cause) {
        super(describe(mapping, source, position, errorCode, reason), cause);
        this.mapping = mapping;
        this.position = position;
        this.errorCode = errorCode;
    }

    /** The mapping's name or file. */
    public String mapping() {
        return mapping;
    }

    /** Character offset in the expression the JSONata engine reported, or -1 when it gave none. */
    public int position() {
        return position;
    }

    /** JSONata error code such as {@code S0202} or {@code T0410}, or null. */
    public String errorCode() {
        return errorCode;
    }

    private static String describe(String mapping, String source, int position, String errorCode, String reason) {
        StringBuilder text = new StringBuilder("mapping ").append(mapping).append(" failed");
        if (position >= 0 && source != null && position <= source.length()) {
            // JSONata reports a character offset (usually just past the offending token); editors think in lines.
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < position; i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            text.append(" at line ").append(line).append(", column ").append(position - lineStart)
                    .append(" (position ").append(position).append(')');
        } else if (position >= 0) {
            text.append(" at position ").append(position);
        }
        text.append(": ");
        if (errorCode != null) {
            text.append(errorCode).append(' ');
        }
        return text.append(reason).toString();
    }
}
