package tw.einvoice.hub.issue;

import tw.einvoice.hub.mig.MigWriter;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The F0401 the render check passed, finished into the issued one: its placeholder number, random code and time give
 * way to the real ones, so the issued XML is the one held to the schema and Turnkey's rules, rendered once. Our own
 * writer put each placeholder alone in its element, where escaped text cannot reach, so each occurs exactly once;
 * anything else is a defect of ours and undoes the batch.
 */
final class CheckedRendering {

    static final String NUMBER_PLACEHOLDER = "AA00000000";
    static final String RANDOM_CODE_PLACEHOLDER = "0000";

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private CheckedRendering() {
    }

    /**
     * Whether the rendering checked at {@code checkedAt} can be issued at {@code issuedAt}: on the same day in Taiwan
     * the checks saw the date the invoice is issued on; only the time of day differs, which no rule looks at.
     */
    static boolean sameDay(OffsetDateTime checkedAt, OffsetDateTime issuedAt) {
        return day(checkedAt).equals(day(issuedAt));
    }

    /** {@code checked} with the real number, random code and time of day in place of the placeholders. */
    static String issued(String checked, OffsetDateTime checkedAt, String number, String randomCode,
                         OffsetDateTime issuedAt) {
        if (!sameDay(checkedAt, issuedAt)) {
            throw new IllegalArgumentException("checked on " + day(checkedAt) + ", issued on " + day(issuedAt));
        }
        String xml = replaceOnce(checked, element("InvoiceNumber", NUMBER_PLACEHOLDER), element("InvoiceNumber", number));
        xml = replaceOnce(xml, element("RandomNumber", RANDOM_CODE_PLACEHOLDER), element("RandomNumber", randomCode));
        return replaceOnce(xml, element("InvoiceTime", time(checkedAt)), element("InvoiceTime", time(issuedAt)));
    }

    private static String element(String name, String text) {
        return "<" + name + ">" + text + "</" + name + ">";
    }

    private static String replaceOnce(String xml, String placeholder, String value) {
        int at = xml.indexOf(placeholder);
        if (at < 0 || xml.indexOf(placeholder, at + 1) >= 0) {
            throw new IllegalStateException("the checked F0401 holds " + placeholder
                    + (at < 0 ? " nowhere" : " more than once") + "; it cannot be finished without rendering it again");
        }
        return xml.substring(0, at) + value + xml.substring(at + placeholder.length());
    }

    private static String day(OffsetDateTime at) {
        return DATE.format(at.atZoneSameInstant(MigWriter.TAIWAN));
    }

    private static String time(OffsetDateTime at) {
        return TIME.format(at.atZoneSameInstant(MigWriter.TAIWAN));
    }
}
