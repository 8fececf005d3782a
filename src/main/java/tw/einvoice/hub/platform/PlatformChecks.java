package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigMessage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    }

    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    /** Lets a test or a demo ask for a rejection: {@code #REJECT:E0501} in MainRemark. */
    private static final Pattern REJECT_MARKER = Pattern.compile("#REJECT:(E\\d{4})");
    private static final int ROC_OFFSET = 1911;

    private final JdbcClient turnkey;
    private final AssignedNumbers assigned;
    private final SimulatorSettings settings;
    private final Clock clock;
    private final Random random = new Random();

    PlatformChecks(JdbcClient turnkey, AssignedNumbers assigned, SimulatorSettings settings, Clock clock) {
        this.turnkey = turnkey;
        this.assigned = assigned;
        this.settings = settings;
        this.clock = clock;
    }

    /** The platform's answer to one message; an accepted one is remembered for later duplicates and references. */
    PlatformAnswer answer(MigMessage type, TurnkeyDocument doc, TurnkeyStage.Verdict turnkey, String seqNo) {
        Facts facts = Facts.of(type, doc, turnkey);
        PlatformAnswer answer = check(type, doc, facts);
        if (answer.confirmedByPlatform()) {
            remember(type, facts, seqNo);
        }
        return answer;
    }

    /** What the platform files a message under: the document number and its date. */
    private record Facts(String sellerId, String reference, String date) {
        static Facts of(MigMessage type, TurnkeyDocument doc, TurnkeyStage.Verdict turnkey) {
            String seller = turnkey.fromPartyId();
            return switch (type) {
                case F0401 -> new Facts(seller, doc.value("Main", "InvoiceNumber"), doc.value("Main", "InvoiceDate"));
                case F0501 -> new Facts(seller, doc.value("CancelInvoiceNumber"), doc.value("CancelDate"));
                case F0701 -> new Facts(seller, doc.value("VoidInvoiceNumber"), doc.value("VoidDate"));
                case G0401 -> new Facts(doc.value("Main", "Seller", "Identifier"), doc.value("Main", "AllowanceNumber"),
                        doc.value("Main", "AllowanceDate"));
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
    }

    private PlatformAnswer check(MigMessage type, TurnkeyDocument doc, Facts facts) {
        LocalDate today = LocalDate.now(clock.withZone(TurnkeySimulator.TAIPEI));
        if (facts.date() != null) {
            LocalDate date;
            try {
                date = LocalDate.parse(facts.date(), YMD);
            } catch (DateTimeParseException e) {
                return PlatformAnswer.rejected("E0305", "日期格式錯誤 bad date " + facts.date());
            }
            if (date.isAfter(today)) {
                return PlatformAnswer.rejected("E0305", "日期晚於今日 date " + facts.date() + " is in the future");
            }
        }
        PlatformAnswer content = switch (type) {
            case F0401 -> invoice(doc, facts);
            case F0501, F0701 -> known(facts.sellerId(), MigMessage.F0401, facts.reference()) ? PlatformAnswer.confirmed()
                    : PlatformAnswer.rejected("E0305", "發票不存在 invoice " + facts.reference() + " is unknown to the platform");
            case G0401 -> {
                String original = doc.items(new String[]{"Details"}, "ProductItem").stream()
                        .map(i -> i.value("OriginalInvoiceNumber")).filter(Objects::nonNull).findFirst().orElse(null);
                yield known(facts.sellerId(), MigMessage.F0401, original) ? PlatformAnswer.confirmed()
                        : PlatformAnswer.rejected("E0305", "原發票不存在 original invoice " + original + " is unknown");
            }
            case G0501 -> known(facts.sellerId(), MigMessage.G0401, facts.reference()) ? PlatformAnswer.confirmed()
                    : PlatformAnswer.rejected("E0305", "折讓單不存在 allowance " + facts.reference() + " is unknown");
            case E0401, E0402 -> PlatformAnswer.confirmed();
            case A0101 -> known(facts.sellerId(), MigMessage.A0101, facts.reference())
                    ? PlatformAnswer.rejected("E0305", "訊息重複 invoice " + facts.reference() + " was exchanged before")
                    : PlatformAnswer.confirmed();
            case A0102, A0201, A0301 -> about(facts, MigMessage.A0101);
            case A0202 -> about(facts, MigMessage.A0201);
            case A0302 -> about(facts, MigMessage.A0301);
            case B0101 -> known(facts.sellerId(), MigMessage.B0101, facts.reference())
                    ? PlatformAnswer.rejected("E0305", "訊息重複 allowance " + facts.reference() + " was exchanged before")
                    : PlatformAnswer.confirmed();
            case B0102, B0201 -> about(facts, MigMessage.B0101);
            case B0202 -> about(facts, MigMessage.B0201);
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
    private PlatformAnswer about(Facts facts, MigMessage earlier) {
        return known(facts.sellerId(), earlier, facts.reference()) ? PlatformAnswer.confirmed()
                : PlatformAnswer.rejected("E0305", "查無原訊息 no " + earlier + " for " + facts.reference());
    }

    private PlatformAnswer invoice(TurnkeyDocument doc, Facts f) {
        if (known(f.sellerId(), MigMessage.F0401, f.reference())) {
            return PlatformAnswer.rejected("E0305", "訊息重複 invoice " + f.reference() + " was uploaded before");
        }
        if (!assigned.covers(f.sellerId(), period(LocalDate.parse(f.date(), YMD)), f.reference())) {
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

    private void remember(MigMessage type, Facts facts, String seqNo) {
        if (facts.reference() == null) {
            return;
        }
        if (type == MigMessage.F0701) {
            // a voided invoice may be issued again under its number
            turnkey.sql("DELETE FROM sim_document WHERE seller_id = ? AND message_type = 'F0401' AND reference = ?")
                    .params(facts.sellerId(), facts.reference()).update();
        }
        turnkey.sql("""
                        INSERT INTO sim_document (seller_id, message_type, reference, doc_date, seqno)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(facts.sellerId(), type.name(), facts.reference(), facts.date(), seqNo).update();
    }

    private boolean known(String sellerId, MigMessage type, String reference) {
        return reference != null && turnkey.sql("""
                        SELECT count(*) FROM sim_document WHERE seller_id = ? AND message_type = ? AND reference = ?""")
                .params(sellerId, type.name(), reference).query(Long.class).single() > 0;
    }

    /** The period code {@code yyyMM}: ROC year and the even month closing the two-month period. */
    static String period(LocalDate date) {
        int month = date.getMonthValue();
        return String.format("%03d%02d", date.getYear() - ROC_OFFSET, month % 2 == 0 ? month : month + 1);
    }

    private static BigDecimal amount(TurnkeyDocument doc, String name) {
        BigDecimal n = doc.number("Amount", name);
        return n == null ? BigDecimal.ZERO : n;
    }
}
