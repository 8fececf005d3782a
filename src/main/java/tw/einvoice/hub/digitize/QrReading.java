package tw.einvoice.hub.digitize;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import tw.einvoice.hub.print.QrPayload;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The e-invoice proof's path: both QR codes and the Code39 barcode (the MOF's proof layout). The left QR's plain part gives
 * number, date, random code, amounts and BANs; its verification field is AES under the seller's key, which a buyer
 * does not have, so it is kept, not checked. The barcode (period + number + random code) is read to cross-check.
 */
final class QrReading {

    /** number 10, ROC date 7, random 4, sales and total hex 8 + 8, buyer 8, seller 8 (verification 24 follows). */
    private static final Pattern LEFT = Pattern.compile("([A-Z]{2}\\d{8})(\\d{7})(\\d{4})([0-9a-fA-F]{8})([0-9a-fA-F]{8})(\\d{8})(\\d{8}).{24}(?s:.*)");
    private static final Map<DecodeHintType, Object> QR_HINTS = hints(BarcodeFormat.QR_CODE);
    private static final Map<DecodeHintType, Object> CODE39_HINTS = hints(BarcodeFormat.CODE_39);

    record Codes(String left, String right, String barcode) {
    }

    private QrReading() {
    }

    /** The proof's codes, trying the image as it is, contrast-stretched, and with noise taken out. */
    static Optional<Codes> find(BufferedImage image) {
        BufferedImage grey = ImageCleanup.grey(image);
        List<java.util.function.Supplier<BufferedImage>> tries = List.of(
                () -> grey,
                () -> ImageCleanup.stretch(grey),
                () -> ImageCleanup.stretch(ImageCleanup.median(grey)),
                () -> ImageCleanup.rotate(ImageCleanup.stretch(grey), -ImageCleanup.skew(ImageCleanup.stretch(grey))));
        String left = null;
        String right = null;
        String barcode = null;
        for (var attempt : tries) {
            BufferedImage candidate = attempt.get();
            for (String text : qrTexts(candidate)) {
                if (left == null && LEFT.matcher(text).matches()) {
                    left = text;
                } else if (right == null && text.startsWith("**")) {
                    right = text;
                }
            }
            if (barcode == null) {
                barcode = code39(candidate);
            }
            if (left != null && right != null && barcode != null) {
                break;
            }
        }
        return left == null ? Optional.empty() : Optional.of(new Codes(left, right, barcode));
    }

    static VoucherReading read(Codes codes) {
        var m = LEFT.matcher(codes.left());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a left QR code of an e-invoice proof");
        }
        String number = m.group(1);
        LocalDate date = rocDate(m.group(2));
        String random = m.group(3);
        long sales = Long.parseLong(m.group(4), 16);
        long total = Long.parseLong(m.group(5), 16);
        String buyer = "00000000".equals(m.group(6)) ? null : m.group(6);
        String seller = m.group(7);
        // A consumer proof may carry sales 00000000 when tax cannot be separated; the tax is then in the total.
        Long salesAmount = sales == 0 && total > 0 ? null : sales;
        Long taxAmount = salesAmount == null ? null : total - sales;
        VoucherFields fields = new VoucherFields(number, date, seller, buyer, salesAmount, taxAmount, total);

        Map<String, Double> confidence = new LinkedHashMap<>();
        for (String name : VoucherFields.NAMES) {
            if (fields.asText().get(name) != null) {
                confidence.put(name, 1.0);
            }
        }
        Map<String, String> flags = new LinkedHashMap<>(FieldChecks.flags(fields, confidence, false));
        if (codes.barcode() != null && date != null) {
            String expected = QrPayload.period(date) + number + random;
            if (!expected.equals(codes.barcode())) {
                flags.putIfAbsent(VoucherFields.INVOICE_NUMBER, "the barcode " + codes.barcode() + " disagrees with the QR code ("
                        + expected + ")");
                confidence.put(VoucherFields.INVOICE_NUMBER, 0.5);
            }
        }
        if (salesAmount == null) {
            // the flag from FieldChecks says "not found"; the reason is the proof's, say so
            flags.put(VoucherFields.SALES_AMOUNT, "the QR code carries no untaxed amount (consumer proof); enter it from the paper");
        }
        StringBuilder text = new StringBuilder(codes.left());
        if (codes.right() != null) {
            text.append('\n').append(codes.right());
        }
        if (codes.barcode() != null) {
            text.append('\n').append(codes.barcode());
        }
        for (String[] item : QrPayload.items(codes.left(), codes.right() == null ? "**" : codes.right())) {
            text.append('\n').append(String.join(" ", item));
        }
        return new VoucherReading("qr", VoucherKind.E_INVOICE, fields, confidence, flags, text.toString());
    }

    private static List<String> qrTexts(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        List<String> texts = new ArrayList<>();
        try {
            for (Result r : new QRCodeMultiReader().decodeMultiple(bitmap, QR_HINTS)) {
                texts.add(r.getText());
            }
        } catch (NotFoundException e) {
            // none found in this try; the next preprocessing may find them
        }
        return texts;
    }

    private static String code39(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        MultiFormatReader reader = new MultiFormatReader();
        reader.setHints(CODE39_HINTS);
        try {
            String text = reader.decodeWithState(bitmap).getText();
            return text.length() == 19 ? text : null;
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static LocalDate rocDate(String yyyMMdd) {
        try {
            return LocalDate.of(Integer.parseInt(yyyMMdd.substring(0, 3)) + 1911,
                    Integer.parseInt(yyyMMdd.substring(3, 5)), Integer.parseInt(yyyMMdd.substring(5, 7)));
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Map<DecodeHintType, Object> hints(BarcodeFormat format) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(format));
        hints.put(DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        return hints;
    }

}
