package tw.einvoice.hub.callback.internal;

import tw.einvoice.hub.callback.Callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One file per outcome for the folder sinks ({@code file} with {@code directory}, {@code sftp}):
 * {@code <invoiceNumber>_<STATUS>.json}, or {@code <sourceRef>_<STATUS>.json} while there is no number. A repeated
 * delivery of the same outcome has the same name, so it overwrites its file instead of adding a second one.
 */
final class ResultFiles {

    /** Written first under this prefix, then renamed: a reader of the folder never sees half a file. */
    static final String TEMP_PREFIX = ".part-";

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int MAX_REF = 100;

    private ResultFiles() {
    }

    static String name(Callback c) {
        String number = c.text("invoiceNumber");
        String ref = number != null ? number : c.sourceRef() != null ? c.sourceRef() : c.invoiceId().toString();
        return safe(ref) + "_" + c.status() + ".json";
    }

    /** The webhook's JSON body, one line. */
    static byte[] content(Callback c) {
        return (c.payload().toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A sourceRef is the source's text: path separators, a leading dot (hidden, or mistaken for a temp file) or
     * a very long one must not reach a file name. Whenever it is changed, a hash of the original keeps two refs
     * that clean up alike (a/b, a_b) apart.
     */
    static String safe(String ref) {
        String cleaned = UNSAFE.matcher(ref).replaceAll("_");
        if (cleaned.startsWith(".")) {
            cleaned = "_" + cleaned.substring(1);
        }
        if (cleaned.length() > MAX_REF) {
            cleaned = cleaned.substring(0, MAX_REF);
        }
        return cleaned.equals(ref) ? ref : cleaned + "~" + sha256(ref).substring(0, 8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
