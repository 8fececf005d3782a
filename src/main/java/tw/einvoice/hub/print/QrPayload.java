package tw.einvoice.hub.print;

import tw.einvoice.hub.invoice.CanonicalInvoice;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a proof's codes carry (the MOF's proof layout): the Code39 barcode, the left QR (77 fixed characters, then the colon
 * fields and the first items) and the right QR ({@code **} and the items that follow).
 *
 * <p>Each QR code holds at most {@link #MAX_BYTES_PER_CODE} UTF-8 bytes: that fits QR version 8 at error-correction
 * level L (192 bytes in byte mode), whose 49 modules still print at 3 dots a module in the 2.5 cm a code gets on 5.7 cm
 * paper at 203 dpi. Items that do not fit are left out, in order, as the spec says: the third colon field then
 * counts the items the codes do carry, the fourth all the invoice's items.
 *
 * @param itemsInQr how many items the two codes carry
 */
public record QrPayload(String barcode, String left, String right, int itemsInQr, int itemsTotal) {

    public static final int MAX_BYTES_PER_CODE = 180;
    /** The MOF's fixed IV for the verification field. */
    static final byte[] IV = Base64.getDecoder().decode("Dt8lyToo17X/XkXaQvihuA==");
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final String MERCHANT_AREA = "**********";
    private static final String UTF8_FLAG = "1";
    private static final String NO_BUYER = "00000000";
    private static final Pattern KEY = Pattern.compile("[0-9A-Fa-f]{32}");
    private static final Pattern NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");
    private static final Pattern RANDOM = Pattern.compile("\\d{4}");
    private static final Pattern BAN = Pattern.compile("\\d{8}");

    /**
     * The payload of an issued invoice, printed or not.
     *
     * @param keyHex the seller's 32-hex-digit QR key (hub.sellers[].qr-aes-key)
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static QrPayload of(CanonicalInvoice invoice, String keyHex) {
        String number = required("invoiceNumber", invoice.getInvoiceNumber());
        if (!NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("invoiceNumber: '" + number + "' is not two letters and eight digits");
        }
        String random = required("randomCode", invoice.getRandomCode());
        if (!RANDOM.matcher(random).matches()) {
            throw new IllegalArgumentException("randomCode: '" + random + "' is not four digits");
        }
        if (invoice.getIssuedAt() == null) {
            throw new IllegalArgumentException("issuedAt: required for a QR code");
        }
        String seller = required("sellerId", invoice.getSellerId() != null ? invoice.getSellerId()
                : invoice.getSeller() == null ? null : invoice.getSeller().id());
        if (!BAN.matcher(seller).matches()) {
            throw new IllegalArgumentException("sellerId: '" + seller + "' is not an 8-digit BAN");
        }
        String buyer = invoice.hasBusinessBuyer() ? invoice.getBuyer().id() : NO_BUYER;
        BigDecimal total = amount("totalAmount", invoice.getTotalAmount());
        BigDecimal tax = invoice.getTaxAmount() == null ? BigDecimal.ZERO : amount("taxAmount", invoice.getTaxAmount());
        LocalDate date = invoice.getIssuedAt().atZoneSameInstant(TAIPEI).toLocalDate();

        String fixed = number + rocDate(date) + random + hex(total.subtract(tax)) + hex(total) + buyer + seller
                + verification(keyHex, number, random);
        List<String> triples = invoice.getItems() == null ? List.of()
                : invoice.getItems().stream().map(QrPayload::triple).toList();
        int all = triples.size();
        // The count is not known until the items are placed; reserve as many digits as the total has.
        String widest = header(fixed, all, all);
        int inLeft = fit(widest, ":", triples, 0);
        int inRight = fit("**", "", triples, inLeft);
        int carried = inLeft + inRight;
        String left = join(header(fixed, carried, all), ":", triples.subList(0, inLeft));
        String right = join("**", "", triples.subList(inLeft, carried));
        return new QrPayload(period(date) + number + random, left, right, carried, all);
    }

    /** AES-128-CBC/PKCS5 of invoice number + random code under the seller's key and the MOF's IV, in Base64 (24 chars). */
    public static String verification(String keyHex, String invoiceNumber, String randomCode) {
        if (keyHex == null || !KEY.matcher(keyHex).matches()) {
            throw new IllegalArgumentException("key: the QR key must be 32 hexadecimal digits (the platform's QR seed)");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(keyHex), "AES"), new IvParameterSpec(IV));
            return Base64.getEncoder().encodeToString(aes.doFinal((invoiceNumber + randomCode).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC is not available in this JVM", e);
        }
    }

    /** The lottery period {@code yyyMM}: ROC year and the period's even month. */
    public static String period(LocalDate date) {
        int evenMonth = date.getMonthValue() + date.getMonthValue() % 2;
        return String.format("%03d%02d", date.getYear() - 1911, evenMonth);
    }

    static String rocDate(LocalDate date) {
        return String.format("%03d%02d%02d", date.getYear() - 1911, date.getMonthValue(), date.getDayOfMonth());
    }

    /** An item's name may not hold the separator; the full-width colon keeps what the name says. */
    static String sanitise(String name) {
        return name == null ? "" : name.replace(':', '：').replaceAll("[\\r\\n\\t]", " ");
    }

    private static String triple(CanonicalInvoice.Item item) {
        return sanitise(item.description()) + ":" + plain(item.quantity()) + ":" + plain(item.unitPrice());
    }

    private static String plain(BigDecimal value) {
        return value == null ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static String header(String fixed, int carried, int all) {
        return fixed + ":" + MERCHANT_AREA + ":" + carried + ":" + all + ":" + UTF8_FLAG;
    }

    private static int fit(String start, String firstSeparator, List<String> triples, int from) {
        int bytes = start.getBytes(StandardCharsets.UTF_8).length;
        int n = 0;
        for (int i = from; i < triples.size(); i++) {
            int add = (n == 0 ? firstSeparator : ":").getBytes(StandardCharsets.UTF_8).length
                    + triples.get(i).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + add > MAX_BYTES_PER_CODE) {
                break;
            }
            bytes += add;
            n++;
        }
        return n;
    }

    private static String join(String start, String firstSeparator, List<String> triples) {
        return triples.isEmpty() ? start : start + firstSeparator + String.join(":", triples);
    }

    private static String hex(BigDecimal amount) {
        return String.format("%08x", amount.longValueExact());
    }

    private static BigDecimal amount(String field, BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required for a QR code");
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(0xffffffffL)) > 0) {
            throw new IllegalArgumentException(field + ": " + value.toPlainString()
                    + " is not a whole amount of at most 8 hexadecimal digits");
        }
        return value.setScale(0);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required for a QR code");
        }
        return value;
    }

    /** The items the codes carry, for a reader that wants them back (name, quantity, unit price). */
    public static List<String[]> items(String left, String right) {
        String[] l = left.split(":", -1);
        List<String> fields = new ArrayList<>(List.of(l).subList(Math.min(5, l.length), l.length));
        if (right.length() > 2) {
            fields.addAll(List.of(right.substring(2).split(":", -1)));
        }
        List<String[]> items = new ArrayList<>();
        for (int i = 0; i + 2 < fields.size(); i += 3) {
            items.add(new String[]{fields.get(i), fields.get(i + 1), fields.get(i + 2)});
        }
        return items;
    }
}
