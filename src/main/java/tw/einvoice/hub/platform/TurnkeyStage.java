package tw.einvoice.hub.platform;

import org.xml.sax.SAXException;
import tw.einvoice.hub.mig.MigMessage;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What Turnkey's UpCast does to one file in {@code <MSG>/SRC} before anything leaves the building: parse it, validate
 * it against the official schema exactly as it is (code {@code 7013}; an embedded XML signature fails here, the
 * schema has no place for one), then apply Turnkey's program rules (code {@code 7001}). A file refused here is never
 * sent. No database and no files: the simulator and the benchmark both call it.
 */
public final class TurnkeyStage {

    /** Turnkey's code for a schema failure. */
    public static final String SCHEMA_CODE = "7013";
    /** Turnkey's code for a file that is not XML ("Payload unmarshal fail"). */
    public static final String UNREADABLE_CODE = "7010";
    /** Turnkey's code for XML that is none of its messages ("Payload is null"). */
    public static final String NOT_THIS_MESSAGE_CODE = "7015";

    private final TurnkeySchemas schemas;

    TurnkeyStage(TurnkeySchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * With the official schema folder (as the MOF ships it), or with the hub's bundled schemas when {@code schemaDir}
     * is null or holds no {@code v41/}.
     */
    public static TurnkeyStage withSchemas(Path schemaDir) {
        return new TurnkeyStage(TurnkeySchemas.of(schemaDir));
    }

    /**
     * Turnkey's verdict on one file.
     *
     * @param stage      {@code ok}, or where it failed: {@code parse}, {@code xsd}, {@code prog}
     * @param code       Turnkey's code for a failure ({@code 7010}, {@code 7015}, {@code 7013}, {@code 7001})
     * @param identifier the INVOICE_IDENTIFIER Turnkey files the message under (also for a refused file, when it has
     *                   the parts), or null
     */
    public record Verdict(String stage, String code, String message, String identifier, String fromPartyId,
                          String toPartyId) {

        public boolean accepted() {
            return "ok".equals(stage);
        }
    }

    /** The verdict and, when the file was XML, the document (for the platform behind Turnkey). */
    record Checked(Verdict verdict, TurnkeyDocument document) {
    }

    public Verdict check(MigMessage type, byte[] file) {
        return inspect(type, file).verdict();
    }

    Checked inspect(MigMessage type, byte[] file) {
        TurnkeyDocument doc;
        try {
            doc = TurnkeyDocument.parse(file);
        } catch (TurnkeyDocument.Unreadable e) {
            return new Checked(new Verdict("parse", UNREADABLE_CODE, e.getMessage(), null, null, null), null);
        }
        // Turnkey reads any of its messages whatever the folder; the folder's schema then refuses the wrong one
        Optional<MigMessage> read = Arrays.stream(MigMessage.values())
                .filter(m -> m.rootElement().equals(doc.rootName()) && m.namespace().equals(doc.rootNamespace()))
                .findFirst();
        if (read.isEmpty()) {
            return new Checked(new Verdict("parse", NOT_THIS_MESSAGE_CODE, "root element {" + doc.rootNamespace() + "}"
                    + doc.rootName() + " is not a MIG 4.1 message (expected {" + type.namespace() + "}"
                    + type.rootElement() + ")", null, null, null), doc);
        }
        Parties parties = Parties.of(read.get(), doc);
        Optional<String> schemaProblem = schemaProblem(type, file);
        if (schemaProblem.isPresent()) {
            return new Checked(parties.verdict("xsd", SCHEMA_CODE, schemaProblem.get()), doc);
        }
        Optional<String> broken = TurnkeyProgramRules.firstViolation(type, doc);
        if (broken.isPresent()) {
            return new Checked(parties.verdict("prog", TurnkeyProgramRules.CODE, broken.get()), doc);
        }
        return new Checked(parties.verdict("ok", null, null), doc);
    }

    /** The first schema error, on the file as Turnkey reads it (UTF-8 after any byte-order mark), or empty. */
    private Optional<String> schemaProblem(MigMessage type, byte[] file) {
        Validator validator = schemas.schema(type).newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("validator cannot be secured", e);
        }
        int start = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF
                ? 3 : 0;
        try {
            validator.validate(new StreamSource(new InputStreamReader(
                    new ByteArrayInputStream(file, start, file.length - start), StandardCharsets.UTF_8)));
            return Optional.empty();
        } catch (SAXException e) {
            // Turnkey's own wording: its label for 7013, then the parser's exception
            return Optional.of("Validator invalid " + e);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory file could not be read", e);
        }
    }

    /** Who a message is from and to, and the identifier, read as Turnkey's payload classes read them. */
    private record Parties(String identifier, String from, String to) {

        Verdict verdict(String stage, String code, String message) {
            return new Verdict(stage, code, message, identifier, from, to);
        }

        static Parties of(MigMessage type, TurnkeyDocument doc) {
            return switch (type) {
                case F0401 -> new Parties(numbered(type, doc.value("Main", "InvoiceNumber"), doc.value("Main", "InvoiceDate")),
                        doc.value("Main", "Seller", "Identifier"), doc.value("Main", "Buyer", "Identifier"));
                case F0501 -> new Parties(numbered(type, doc.value("CancelInvoiceNumber"), doc.value("CancelDate")),
                        doc.value("SellerId"), doc.value("BuyerId"));
                case F0701 -> new Parties(numbered(type, doc.value("VoidInvoiceNumber"), doc.value("VoidDate")),
                        doc.value("SellerId"), doc.value("BuyerId"));
                case G0401 -> allowance(numbered(type, doc.value("Main", "AllowanceNumber"), doc.value("Main", "AllowanceDate")),
                        doc.value("Main", "AllowanceType"), doc.value("Main", "Seller", "Identifier"),
                        doc.value("Main", "Buyer", "Identifier"));
                case G0501 -> allowance(numbered(type, doc.value("CancelAllowanceNumber"), doc.value("CancelDate")),
                        doc.value("AllowanceType"), doc.value("SellerId"), doc.value("BuyerId"));
                case E0401 -> new Parties(branchTrack(doc), doc.value("Main", "HeadBan"), null);
                case E0402 -> new Parties(branchTrackBlank(doc), doc.value("Main", "HeadBan"), null);
            };
        }

        /** {@code <MSG><number><date>}; none without a number or a date. */
        private static String numbered(MigMessage type, String number, String date) {
            return number == null || number.isBlank() || date == null ? null : type.name() + number + date;
        }

        /** An allowance of type 1 is the buyer's (from the buyer to the seller), type 2 the seller's. */
        private static Parties allowance(String identifier, String allowanceType, String seller, String buyer) {
            return switch (String.valueOf(allowanceType)) {
                case "1" -> new Parties(identifier, buyer, seller);
                case "2" -> new Parties(identifier, seller, buyer);
                default -> new Parties(identifier, null, null);
            };
        }

        /*
         * Turnkey tests String.valueOf(part).isBlank(), so a missing part reads "null" rather than stopping it:
         * the identifier is then written with "null" in it, as Turnkey writes it.
         */
        private static String branchTrack(TurnkeyDocument doc) {
            String branch = String.valueOf(doc.value("Main", "BranchBan"));
            String track = String.valueOf(doc.value("Main", "InvoiceTrack"));
            String begin = String.valueOf(doc.value("Main", "InvoiceBeginNo"));
            String end = String.valueOf(doc.value("Main", "InvoiceEndNo"));
            if (branch.isBlank() || track.isBlank() || begin.isBlank() || end.isBlank()) {
                return null;
            }
            return branch + "-" + track + begin + "-" + end;
        }

        private static String branchTrackBlank(TurnkeyDocument doc) {
            String branch = String.valueOf(doc.value("Main", "BranchBan"));
            String track = String.valueOf(doc.value("Main", "InvoiceTrack"));
            String type = String.valueOf(doc.value("Main", "InvoiceType"));
            if (branch.isBlank() || track.isBlank() || type.isBlank()) {
                return null;
            }
            return branch + "-" + track + type;
        }
    }
}
