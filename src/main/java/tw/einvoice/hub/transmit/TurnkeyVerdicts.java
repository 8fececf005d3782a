package tw.einvoice.hub.transmit;

import tw.einvoice.hub.rules.RuleSettings;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turnkey's verdict on one message, read from its TURNKEY_MESSAGE_LOG rows and TURNKEY_SYSEVENT_LOG entries.
 * Only {@code C} is success and {@code E} a definite error; {@code P}, {@code G} and {@code I} are still on their way.
 * <ul>
 *   <li>Only rows written since the hand-over count: Turnkey reuses identifiers (E0402's names no period, E0401's
 *       repeats for every allocation from one assignment, a void and its re-issue share an F0401's).</li>
 *   <li>A {@code C} wins over any later {@code E}: a duplicate upload of a confirmed message is answered with an error
 *       the original does not deserve. Otherwise the latest row decides.</li>
 *   <li>A rejection's code is the platform's ({@code E####}) when Turnkey's entries name one, else Turnkey's own
 *       validation code ({@code 7013} schema, {@code 7001} program rules; written with ERRORCODE {@code -008}), else
 *       Turnkey's ERRORCODE.</li>
 * </ul>
 */
final class TurnkeyVerdicts {

    /** Turnkey's MESSAGE_DTS and EVENTDTS: Taipei time to the millisecond. */
    static final DateTimeFormatter DTS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    static final String UNKNOWN_CODE = "UNKNOWN";

    // not inside a longer word or number: "E0305", "[E0305]", "E0305:…", but not "CODE0305" or "E03051"
    private static final Pattern PLATFORM_CODE = Pattern.compile("(?<![A-Za-z0-9])E\\d{4}(?!\\d)");
    // "7001", "[7013]", but not the digits of an invoice number or an amount
    private static final Pattern VALIDATION_CODE = Pattern.compile("(?<![A-Za-z0-9])7\\d{3}(?!\\d)");
    private static final Comparator<LogRow> WRITTEN = Comparator.comparing((LogRow r) -> dts(r.messageDts()))
            .thenComparing(LogRow::seqNo, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(LogRow::subSeqNo, Comparator.nullsFirst(Comparator.naturalOrder()));

    private TurnkeyVerdicts() {
    }

    /** One TURNKEY_MESSAGE_LOG row, values trimmed. */
    record LogRow(String seqNo, String subSeqNo, String identifier, String status, String messageDts) {

        Key key() {
            return new Key(seqNo, subSeqNo);
        }
    }

    /** TURNKEY_MESSAGE_LOG's key, by which TURNKEY_SYSEVENT_LOG names the message an entry is about. */
    record Key(String seqNo, String subSeqNo) {
    }

    /** One TURNKEY_SYSEVENT_LOG entry, values trimmed; {@code information} and {@code messages} keep their order. */
    record SysEvent(String eventDts, String partyId, String seqNo, String subSeqNo, String errorCode, String uuid,
                    List<String> information, List<String> messages) {

        Key key() {
            return new Key(seqNo, subSeqNo);
        }

        /** The non-blank MESSAGE1..6, joined. */
        String text() {
            return String.join(" ", messages.stream().filter(m -> m != null && !m.isBlank()).toList());
        }
    }

    /** What Turnkey says about a message so far. */
    sealed interface Verdict {
    }

    /** No row since the hand-over: Turnkey has not picked the file up yet. */
    record Unanswered() implements Verdict {
    }

    /** Still on its way (P, G, I, or a status the hub does not know): noted, nothing decided. */
    record InFlight(LogRow row) implements Verdict {
        String status() {
            return row.status();
        }
    }

    record Confirmed(LogRow row) implements Verdict {
    }

    /** Refused; the code and text come from the row's TURNKEY_SYSEVENT_LOG entries ({@link #rejection}). */
    record Rejected(LogRow row) implements Verdict {
    }

    /** Why Turnkey or the platform refused a message. */
    record Rejection(String code, String message) {
    }

    /** Turnkey's MESSAGE_DTS of the earliest row that may answer a message handed over at {@code handedOver}. */
    static String since(OffsetDateTime handedOver, Duration clockSlack) {
        return handedOver.minus(clockSlack).atZoneSameInstant(RuleSettings.TAIPEI).format(DTS);
    }

    /** The verdict of a message's rows (any order) written at or after {@code since}. */
    static Verdict decide(Collection<LogRow> rows, String since) {
        List<LogRow> answering = rows.stream()
                .filter(r -> r.messageDts() != null && dts(r.messageDts()).compareTo(since) >= 0)
                .toList();
        Optional<LogRow> confirmed = answering.stream().filter(r -> is(r, "C")).min(WRITTEN);
        if (confirmed.isPresent()) {
            return new Confirmed(confirmed.get());
        }
        return answering.stream().max(WRITTEN)
                .<Verdict>map(latest -> is(latest, "E") ? new Rejected(latest) : new InFlight(latest))
                .orElseGet(Unanswered::new);
    }

    /** The code and text of a rejection from the rejected row's entries (any order; they are read by EVENTDTS). */
    static Rejection rejection(Collection<SysEvent> entries) {
        List<SysEvent> inOrder = entries.stream()
                .sorted(Comparator.comparing(SysEvent::eventDts, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        String code = first(inOrder, PLATFORM_CODE)
                .or(() -> first(inOrder, VALIDATION_CODE))
                .or(() -> inOrder.stream().map(SysEvent::errorCode).filter(c -> c != null && !c.isBlank()).findFirst())
                .orElse(UNKNOWN_CODE);
        String text = String.join(" ", inOrder.stream().map(SysEvent::text).filter(t -> !t.isEmpty()).toList());
        return new Rejection(code, text.isEmpty() ? "Turnkey reported status E" : text);
    }

    private static Optional<String> first(List<SysEvent> entries, Pattern code) {
        for (SysEvent e : entries) {
            for (String m : e.messages()) {
                if (m != null) {
                    Matcher matcher = code.matcher(m);
                    if (matcher.find()) {
                        return Optional.of(matcher.group());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean is(LogRow row, String status) {
        return status.equalsIgnoreCase(Objects.requireNonNullElse(row.status(), ""));
    }

    // a MESSAGE_DTS written without milliseconds still sorts within its second
    private static String dts(String value) {
        return value.length() >= 17 ? value : value + "0".repeat(17 - value.length());
    }
}
