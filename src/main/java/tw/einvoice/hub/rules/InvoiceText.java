package tw.einvoice.hub.rules;

import java.util.Locale;

/**
 * Which characters an invoice's text may hold, and how a value is shown back in messages and logs.
 * <p>
 * Allowed: U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF (as surrogate pairs). That is XML 1.0's
 * {@code Char} production, which is what the MIG can carry at all, less every C0 and C1 control character and DEL.
 * Refused, with the reason:
 * <ul>
 *   <li>U+0000–U+001F, U+007F–U+009F: control characters print as nothing or garble a printed invoice and a CSV
 *   result; U+0000 cannot even be stored (PostgreSQL text and jsonb refuse it) or written in XML. Tab, CR and LF go
 *   too: every MIG field is one line on the printed invoice, and {@code xsd:whiteSpace="collapse"} fields would
 *   silently change what the source sent.</li>
 *   <li>Lone surrogates (U+D800–U+DFFF not forming a pair): not a character; UTF-8 cannot encode one, so the value
 *   would be changed on the way to the database or to Turnkey.</li>
 *   <li>U+FFFE, U+FFFF: not characters, and outside XML 1.0.</li>
 *   <li>U+202A–U+202E and U+2066–U+2069, the bidirectional embeddings, overrides and isolates: invisible, they make
 *   text show in another order than it is stored ({@code 電池\u202Egpj.exe} reads as {@code 電池exe.jpg}), so an
 *   item or a buyer's name would not say on screen what it says on the invoice.</li>
 * </ul>
 * The private use area (U+E000–U+F8FF) stays allowed on purpose: Taiwanese Big5 (Windows EUDC, Big5-UAO) maps
 * 造字, characters of real names missing from the standard sets, there.
 */
public final class InvoiceText {

    /** How many characters of a value a message shows before it cuts the value short. */
    static final int SHOWN = 60;

    private InvoiceText() {
    }

    /** Whether the invoice may carry this code point (see the class comment). */
    public static boolean isAllowed(int codePoint) {
        return codePoint >= 0x20 && codePoint != 0x7F && !(codePoint >= 0x80 && codePoint <= 0x9F)
                && !(codePoint >= 0xD800 && codePoint <= 0xDFFF) && codePoint != 0xFFFE && codePoint != 0xFFFF
                && !(codePoint >= 0x202A && codePoint <= 0x202E) && !(codePoint >= 0x2066 && codePoint <= 0x2069)
                && codePoint <= 0x10FFFF;
    }

    /** Whether every character of {@code value} is allowed; null is. */
    public static boolean isCarriable(String value) {
        return value == null || value.codePoints().allMatch(InvoiceText::isAllowed);
    }

    /**
     * The 0-based code point index of the first character that is not allowed, or -1. A lone surrogate counts as
     * one code point, as {@link String#codePoints()} yields it.
     */
    public static int firstRefused(String value) {
        int index = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!isAllowed(cp)) {
                return index;
            }
            i += Character.charCount(cp);
            index++;
        }
        return -1;
    }

    /** MIG lengths count characters, and a rare CJK character outside the BMP is still one. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** {@code U+0000} style name of a code point. */
    public static String codePoint(int codePoint) {
        return String.format(Locale.ROOT, "U+%04X", codePoint);
    }

    /**
     * The value with every character that is not allowed written as a visible {@code \}{@code uXXXX}, so that a
     * message or log line holding it can be stored, logged and read (a NUL in a message would make the rejected record
     * itself unstorable; a line break in a log line could forge another line).
     */
    public static String escape(String value) {
        if (value == null || isCarriable(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(cp -> {
            if (isAllowed(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            }
        });
        return out.toString();
    }

    /** {@link #escape} and, past {@value #SHOWN} characters, cut short with the full length named. */
    public static String shown(String value) {
        if (value == null) {
            return null;
        }
        int length = length(value);
        if (length <= SHOWN) {
            return escape(value);
        }
        return escape(value.substring(0, value.offsetByCodePoints(0, SHOWN))) + "…(" + length + " characters)";
    }
}
