package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigMessage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The MOF platform behind Turnkey, for messages Turnkey accepted and sent: the number lies in the seller's assigned
 * ranges for the period, nothing is uploaded twice (訊息重複), dates are not in the future, amounts add up, and what a
 * cancellation, void or allowance refers to exists. Its answers carry the platform's {@code E####} codes. What it has
 * accepted is kept in the simulator's own table {@code sim_document}, apart from Turnkey's tables.
 */
final class PlatformChecks {

    /** Whether a number lies in a range the MOF assigned to the seller for the period ({@code yyyMM}). */
    @FunctionalInterface
    interface AssignedNumbers {
        boolean covers(String sellerId, String period, String invoiceNumber);

        /**
         * The same answers for a group of messages of these sellers and periods, asked at once where the ledger can
         * (by default one question a number). Asked after the group's files were listed: a number in one of them was
         * assigned before its file was written, so nothing assigned later is missed.
         */
        default AssignedNumbers forGroup(Collection<String> sellerIds, Collection<String> periods) {
            return this;
        }
    }

    /** One message Turnkey accepted, for the platform to answer. */
    record Message(MigMessage type, TurnkeyDocument doc, TurnkeyStage.Verdict turnkey, String seqNo) {
    }

    /** A document the platform files: its seller, its message type and its number. */
    private record Key(String sellerId, MigMessage type, String reference) {
    }

    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    /** Lets a test or a demo ask for a rejection: {@code #REJECT:E0501} in MainRemark. */
    private static final Pattern REJECT_MARKER = Pattern.compile("#REJECT:(E\\d{4})");
    private static final int ROC_OFFSET = 1911;
    private static final int PERIOD_DIGITS = 5;

    private final JdbcClient turnkey;
    private final JdbcTemplate batches;
    private final AssignedNumbers assigned;
    private final SimulatorSettings settings;
    private final Clock clock;
    private final Random random = new Random();

    PlatformChecks(JdbcClient turnkey, JdbcTemplate batches, AssignedNumbers assigned, SimulatorSettings settings,
                   Clock clock) {
        this.turnkey = turnkey;
        this.batches = batches;
        this.assigned = assigned;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The platform's answers to a group of messages, in order, each as if the ones before it had been answered and
     * remembered (an accepted one is remembered for later duplicates and references): what the platform has accepted
     * is read once for the group and what it accepts now written at the end, where a query per message made the
     * simulator's round trips its cost. Runs in the caller's transaction.
     */
    List<PlatformAnswer> answerAll(List<Message> messages) {
        List<Facts> facts = messages.stream().map(m -> Facts.of(m.type(), m.doc(), m.turnkey())).toList();
        Accepted accepted = new Accepted(IntStream.range(0, messages.size())
                .mapToObj(i -> facts.get(i).earlier(messages.get(i).type())).filter(Objects::nonNull).toList());
        AssignedNumbers ranges = rangesFor(messages, facts);
        List<PlatformAnswer> answers = new ArrayList<>(messages.size());
        LocalDate today = LocalDate.now(clock.withZone(TurnkeySimulator.TAIPEI));
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            PlatformAnswer answer = check(m.type(), m.doc(), facts.get(i), accepted, ranges, today);
            if (answer.confirmedByPlatform()) {
                accepted.remember(m.type(), facts.get(i), m.seqNo());
            }
            answers.add(answer);
        }
        accepted.write();
        return answers;
    }

    /** The assigned ranges of the sellers and periods of the group's invoices, asked once. */
    private AssignedNumbers rangesFor(List<Message> messages, List<Facts> facts) {
        Set<String> sellers = new HashSet<>();
        Set<String> periods = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            Facts f = facts.get(i);
            if (messages.get(i).type() == MigMessage.F0401 && f.date() != null) {
                try {
                    periods.add(period(date(f.date())));
                    sellers.add(f.sellerId());
                } catch (DateTimeParseException e) {
                    // refused for its date before its number is asked about
                }
            }
        }
        return sellers.isEmpty() ? assigned : assigned.forGroup(sellers, periods);
    }

    /**
     * What the platform has accepted (table {@code sim_document}) as far as a group of messages asks: the documents
     * they look up, read in one query, and what the group accepts and voids on top, written by {@link #write}.
     */
    private final class Accepted {
        private final Set<Key> stored = new HashSet<>();
        /** Documents accepted in the group (the row to insert) or voided (null): the latest word on each. */
        private final Map<Key, Object[]> changed = new LinkedHashMap<>();
        private final Set<Key> voided = new LinkedHashSet<>();

        Accepted(List<Key> lookedUp) {
            if (!lookedUp.isEmpty()) {
                turnkey.sql("""
                                SELECT seller_id, message_type, reference FROM sim_document
                                WHERE (seller_id, message_type, reference) IN (:keys)""")
                        .param("keys", lookedUp.stream().distinct()
                                .map(k -> new Object[]{k.sellerId(), k.type().name(), k.reference()}).toList())
                        .query(rs -> {
                            stored.add(new Key(rs.getString(1), MigMessage.valueOf(rs.getString(2)), rs.getString(3)));
                        });
            }
        }

        boolean known(String sellerId, MigMessage type, String reference) {
            if (reference == null) {
                return false;
            }
            Key key = new Key(sellerId, type, reference);
            return changed.containsKey(key) ? changed.get(key) != null : stored.contains(key);
        }

        void remember(MigMessage type, Facts facts, String seqNo) {
            if (facts.reference() == null) {
                return;
            }
            if (type == MigMessage.F0701) {
                // a voided invoice may be issued again under its number
                Key invoice = new Key(facts.sellerId(), MigMessage.F0401, facts.reference());
                voided.add(invoice);
                changed.put(invoice, null);
            }
            if (!known(facts.sellerId(), type, facts.reference())) { // a document known stays as it is
                changed.put(new Key(facts.sellerId(), type, facts.reference()),
                        new Object[]{facts.sellerId(), type.name(), facts.reference(), facts.date(), seqNo});
            }
        }

        /**
         * The group's changes, leaving the rows that one statement a message left: an invoice voided in the group is
         * deleted, then what stands accepted at the end inserted (after a void, the first accepted since).
         */
        void write() {
            if (!voided.isEmpty()) {
                batches.batchUpdate("DELETE FROM sim_document WHERE seller_id = ? AND message_type = ? AND reference = ?",
                        voided.stream().map(k -> new Object[]{k.sellerId(), k.type().name(), k.reference()}).toList());
            }
            List<Object[]> rows = changed.values().stream().filter(Objects::nonNull).toList();
            if (!rows.isEmpty()) {
                batches.batchUpdate("""
                        INSERT INTO sim_document (seller_id, message_type, reference, doc_date, seqno)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", rows);
            }
        }
    }

    /**
     * What the platform files a message under: the document number and its date; for an allowance, also the invoice
     * it is about.
     */
    private record Facts(String sellerId, String reference, String date, String original) {

        Facts(String sellerId, String reference, String date) {
            this(sellerId, reference, date, null);
        }

        static Facts of(MigMessage type, TurnkeyDocument doc, TurnkeyStage.Verdict turnkey) {
            String seller = turnkey.fromPartyId();
            return switch (type) {
                case F0401 -> new Facts(seller, doc.value("Main", "InvoiceNumber"), doc.value("Main", "InvoiceDate"));
                case F0501 -> new Facts(seller, doc.value("CancelInvoiceNumber"), doc.value("CancelDate"));
                case F0701 -> new Facts(seller, doc.value("VoidInvoiceNumber"), doc.value("VoidDate"));
                case G0401 -> new Facts(doc.value("Main", "Seller", "Identifier"), doc.value("Main", "AllowanceNumber"),
                        doc.value("Main", "AllowanceDate"), doc.items(new String[]{"Details"}, "ProductItem").stream()
                        .map(i -> i.value("OriginalInvoiceNumber")).filter(Objects::nonNull).findFirst().orElse(null));
                case G0501 -> new Facts(doc.value("SellerId"), doc.value("CancelAllowanceNumber"), doc.value("CancelDate"));
                case E0401, E0402 -> new Facts(seller, null, null);
                // exchange messages are filed under the invoice's seller whichever party sends them
                case A0101 -> new Facts(doc.value("Main", "Seller", "Identifier"), doc.value("Main", "InvoiceNumber"),
                        doc.value("Main", "InvoiceDate"));
                case A0102 -> new Facts(doc.value("SellerId"), doc.value("InvoiceNumber"), doc.value("ReceiveDate"));
                case A0201, A0202 -> new Facts(doc.value("SellerId"), doc.value("CancelInvoiceNumber"), doc.value("CancelDate"));
                case A0301, A0302 -> new Facts(doc.value("SellerId"), doc.value("RejectInvoiceNumber"), doc.value("RejectDate"));
                case B0101 -> new Facts(doc.value("Main", "Seller", "Identifier"), doc.value("Main", "AllowanceNumber"),
                        doc.value("Main", "AllowanceDate"));
                case B0102 -> new Facts(doc.value("SellerId"), doc.value("AllowanceNumber"), doc.value("ReceiveDate"));
                case B0201, B0202 -> new Facts(doc.value("SellerId"), doc.value("CancelAllowanceNumber"), doc.value("CancelDate"));
            };
        }

        /** The document {@link #check} looks up for this message: a duplicate of it, or what it is about. */
        Key earlier(MigMessage type) {
            MigMessage earlier = switch (type) {
                case F0401, F0501, F0701, G0401 -> MigMessage.F0401;
                case G0501 -> MigMessage.G0401;
                case E0401, E0402 -> null;
                case A0101, A0102, A0201, A0301 -> MigMessage.A0101;
                case A0202 -> MigMessage.A0201;
                case A0302 -> MigMessage.A0301;
                case B0101, B0102, B0201 -> MigMessage.B0101;
                case B0202 -> MigMessage.B0201;
            };
            String number = type == MigMessage.G0401 ? original : reference;
            return earlier == null || number == null ? null : new Key(sellerId, earlier, number);
        }
    }

    private PlatformAnswer check(MigMessage type, TurnkeyDocument doc, Facts facts, Accepted accepted,
                                 AssignedNumbers ranges, LocalDate today) {
        if (facts.date() != null) {
            LocalDate date;
            try {
                date = date(facts.date());
            } catch (DateTimeParseException e) {
                return PlatformAnswer.rejected("E0305", "日期格式錯誤 bad date " + facts.date());
            }
            if (date.isAfter(today)) {
                return PlatformAnswer.rejected("E0305", "日期晚於今日 date " + facts.date() + " is in the future");
            }
        }
        PlatformAnswer content = switch (type) {
            case F0401 -> invoice(doc, facts, accepted, ranges);
            case F0501, F0701 -> accepted.known(facts.sellerId(), MigMessage.F0401, facts.reference()) ? PlatformAnswer.confirmed()
                    : PlatformAnswer.rejected("E0305", "發票不存在 invoice " + facts.reference() + " is unknown to the platform");
            case G0401 -> accepted.known(facts.sellerId(), MigMessage.F0401, facts.original()) ? PlatformAnswer.confirmed()
                    : PlatformAnswer.rejected("E0305", "原發票不存在 original invoice " + facts.original() + " is unknown");
            case G0501 -> accepted.known(facts.sellerId(), MigMessage.G0401, facts.reference()) ? PlatformAnswer.confirmed()
                    : PlatformAnswer.rejected("E0305", "折讓單不存在 allowance " + facts.reference() + " is unknown");
            case E0401, E0402 -> PlatformAnswer.confirmed();
            case A0101 -> accepted.known(facts.sellerId(), MigMessage.A0101, facts.reference())
                    ? PlatformAnswer.rejected("E0305", "訊息重複 invoice " + facts.reference() + " was exchanged before")
                    : PlatformAnswer.confirmed();
            case A0102, A0201, A0301 -> about(accepted, facts, MigMessage.A0101);
            case A0202 -> about(accepted, facts, MigMessage.A0201);
            case A0302 -> about(accepted, facts, MigMessage.A0301);
            case B0101 -> accepted.known(facts.sellerId(), MigMessage.B0101, facts.reference())
                    ? PlatformAnswer.rejected("E0305", "訊息重複 allowance " + facts.reference() + " was exchanged before")
                    : PlatformAnswer.confirmed();
            case B0102, B0201 -> about(accepted, facts, MigMessage.B0101);
            case B0202 -> about(accepted, facts, MigMessage.B0201);
        };
        if (!content.confirmedByPlatform()) {
            return content;
        }
        Matcher marker = REJECT_MARKER.matcher(String.valueOf(doc.value("Main", "MainRemark")));
        if (marker.find()) {
            return PlatformAnswer.rejected(marker.group(1), "模擬退件 simulated rejection");
        }
        if (settings.rejectRate() > 0 && random.nextDouble() < settings.rejectRate()) {
            String code = settings.rejectCodes().get(random.nextInt(settings.rejectCodes().size()));
            return PlatformAnswer.rejected(code, "模擬退件 simulated rejection");
        }
        return PlatformAnswer.confirmed();
    }

    /** An exchange answer is taken only about a message the platform passed on. */
    private PlatformAnswer about(Accepted accepted, Facts facts, MigMessage earlier) {
        return accepted.known(facts.sellerId(), earlier, facts.reference()) ? PlatformAnswer.confirmed()
                : PlatformAnswer.rejected("E0305", "查無原訊息 no " + earlier + " for " + facts.reference());
    }

    private PlatformAnswer invoice(TurnkeyDocument doc, Facts f, Accepted accepted, AssignedNumbers ranges) {
        if (accepted.known(f.sellerId(), MigMessage.F0401, f.reference())) {
            return PlatformAnswer.rejected("E0305", "訊息重複 invoice " + f.reference() + " was uploaded before");
        }
        if (!ranges.covers(f.sellerId(), period(date(f.date())), f.reference())) {
            return PlatformAnswer.rejected("E0305", "發票號碼非配號區間 " + f.reference() + " is not assigned to " + f.sellerId());
        }
        BigDecimal sales = amount(doc, "SalesAmount");
        BigDecimal free = amount(doc, "FreeTaxSalesAmount");
        BigDecimal zero = amount(doc, "ZeroTaxSalesAmount");
        BigDecimal tax = amount(doc, "TaxAmount");
        BigDecimal total = amount(doc, "TotalAmount");
        if (sales.add(free).add(zero).add(tax).compareTo(total) != 0) {
            return PlatformAnswer.rejected("E0305", "金額不符 total " + total + " ≠ " + sales + "+" + free + "+" + zero + "+" + tax);
        }
        return PlatformAnswer.confirmed();
    }

    /**
     * A date as {@link DateTimeFormatter#BASIC_ISO_DATE} reads it; the usual eight digits without its parser, whose
     * cost was a sixth of the platform's checks.
     */
    static LocalDate date(String text) {
        if (text.length() == 8 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 4, 6, 10),
                        Integer.parseInt(text, 6, 8, 10));
            } catch (DateTimeException e) {
                throw new DateTimeParseException(e.getMessage(), text, 0, e);
            }
        }
        return LocalDate.parse(text, YMD);
    }

    /** The period code {@code yyyMM}: ROC year and the even month closing the two-month period. */
    static String period(LocalDate date) {
        int month = date.getMonthValue();
        String code = Integer.toString((date.getYear() - ROC_OFFSET) * 100 + (month % 2 == 0 ? month : month + 1));
        return code.length() >= PERIOD_DIGITS ? code : "0".repeat(PERIOD_DIGITS - code.length()) + code;
    }

    private static BigDecimal amount(TurnkeyDocument doc, String name) {
        BigDecimal n = doc.number("Amount", name);
        return n == null ? BigDecimal.ZERO : n;
    }
}
