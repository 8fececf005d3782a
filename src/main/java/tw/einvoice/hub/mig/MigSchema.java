package tw.einvoice.hub.mig;

import java.util.List;

/** STUB: XSD validation of MIG messages (implemented on the mig branch). */
public final class MigSchema {

    public record Problem(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    public static MigSchema bundled() {
        return new MigSchema();
    }

    public List<Problem> validate(MigMessage type, String xml) {
        throw new UnsupportedOperationException("stub");
    }
}
