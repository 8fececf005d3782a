package tw.einvoice.hub.platform;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;

import javax.xml.parsers.DocumentBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
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
    /*
     * A parser with its validator costs more to make than checking a whole file with it, and the simulator checks
     * every file the hub hands over, so each thread keeps one per message; reset() restores it between files.
     */
    private final ThreadLocal<Map<MigMessage, DocumentBuilder>> builders =
            ThreadLocal.withInitial(() -> new EnumMap<>(MigMessage.class));

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
        Document valid;
        try {
            valid = parseValidating(type, file);
        } catch (Unreadable e) {
            return unreadable(e.getMessage());
        } catch (SchemaProblem e) {
            return refusedBySchema(type, file, e.getCause());
        }
        TurnkeyDocument doc = TurnkeyDocument.of(valid);
        Parties parties = Parties.of(type, doc);
        Optional<String> broken = TurnkeyProgramRules.firstViolation(type, doc);
        if (broken.isPresent()) {
            return new Checked(parties.verdict("prog", TurnkeyProgramRules.CODE, broken.get()), doc);
        }
        return new Checked(parties.verdict("ok", null, null), doc);
    }

    /**
     * One pass over the file as Turnkey's schema check reads it (UTF-8 after any byte-order mark): well-formedness,
     * the folder's schema, and the document built at the same time.
     */
    private Document parseValidating(MigMessage type, byte[] file) throws Unreadable, SchemaProblem {
        DocumentBuilder builder = builders.get().computeIfAbsent(type,
                // no nesting limit of the hub's own: the simulator reads what the parser Turnkey runs on reads
                t -> MigSchema.validatingBuilder(schemas.schema(t), 0));
        builder.reset();
        builder.setErrorHandler(STOP_AT_FIRST_ERROR);
        try {
            int start = TurnkeyDocument.startsWithBom(file) ? 3 : 0;
            return builder.parse(new InputSource(new InputStreamReader(
                    new ByteArrayInputStream(file, start, file.length - start), StandardCharsets.UTF_8)));
        } catch (SchemaProblem e) {
            throw e;
        } catch (SAXParseException e) {
            throw new Unreadable(e);
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("in-memory file could not be checked: " + e.getMessage(), e);
        }
    }

    /* The parser reports what is not XML as fatal and the schema's findings as errors; the first of either ends
       the pass. */
    private static final ErrorHandler STOP_AT_FIRST_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw new SchemaProblem(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /*
     * The schema stopped the pass: Turnkey has read the whole file first, so read it again for a file that is not
     * XML after all, for the message it really is, and for the identifier it is filed under.
     */
    private Checked refusedBySchema(MigMessage type, byte[] file, SAXParseException problem) {
        TurnkeyDocument doc;
        try {
            doc = TurnkeyDocument.parse(file);
        } catch (TurnkeyDocument.Unreadable e) {
            return unreadable(e.getMessage());
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
        // Turnkey's own wording: its label for 7013, then the parser's exception
        return new Checked(Parties.of(read.get(), doc).verdict("xsd", SCHEMA_CODE, "Validator invalid " + problem), doc);
    }

    private static Checked unreadable(String message) {
        return new Checked(new Verdict("parse", UNREADABLE_CODE, message, null, null, null), null);
    }

    /** A schema error, told apart from the parser's own (a file that is not XML). */
    private static final class SchemaProblem extends SAXException {
        SchemaProblem(SAXParseException cause) {
            super(cause);
        }

        @Override
        public synchronized SAXParseException getCause() {
            return (SAXParseException) super.getCause();
        }
    }

    private static final class Unreadable extends Exception {
        Unreadable(SAXParseException e) {
            super("not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "): "
                    + (String.valueOf(e.getMessage()).contains("DOCTYPE") ? "a DOCTYPE is not accepted: " : "")
                    + e.getMessage(), e);
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
                case A0101 -> new Parties(numbered(type, doc.value("Main", "InvoiceNumber"), doc.value("Main", "InvoiceDate")),
                        doc.value("Main", "Seller", "Identifier"), doc.value("Main", "Buyer", "Identifier"));
                // answers travel from the buyer to the seller, except the seller's acknowledgement of a rejection
                case A0102 -> new Parties(numbered(type, doc.value("InvoiceNumber"), doc.value("ReceiveDate")),
                        doc.value("BuyerId"), doc.value("SellerId"));
                case A0201 -> new Parties(numbered(type, doc.value("CancelInvoiceNumber"), doc.value("CancelDate")),
                        doc.value("SellerId"), doc.value("BuyerId"));
                case A0202 -> new Parties(numbered(type, doc.value("CancelInvoiceNumber"), doc.value("CancelDate")),
                        doc.value("BuyerId"), doc.value("SellerId"));
                case A0301 -> new Parties(numbered(type, doc.value("RejectInvoiceNumber"), doc.value("RejectDate")),
                        doc.value("BuyerId"), doc.value("SellerId"));
                case A0302 -> new Parties(numbered(type, doc.value("RejectInvoiceNumber"), doc.value("RejectDate")),
                        doc.value("SellerId"), doc.value("BuyerId"));
                case B0101 -> allowance(numbered(type, doc.value("Main", "AllowanceNumber"), doc.value("Main", "AllowanceDate")),
                        doc.value("Main", "AllowanceType"), doc.value("Main", "Seller", "Identifier"),
                        doc.value("Main", "Buyer", "Identifier"));
                case B0102 -> new Parties(numbered(type, doc.value("AllowanceNumber"), doc.value("ReceiveDate")),
                        doc.value("BuyerId"), doc.value("SellerId"));
                case B0201 -> new Parties(numbered(type, doc.value("CancelAllowanceNumber"), doc.value("CancelDate")),
                        doc.value("SellerId"), doc.value("BuyerId"));
                case B0202 -> new Parties(numbered(type, doc.value("CancelAllowanceNumber"), doc.value("CancelDate")),
                        doc.value("BuyerId"), doc.value("SellerId"));
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
