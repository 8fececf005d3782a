package tw.einvoice.hub.digitize;

import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.Word;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vouchers without codes: Tesseract's LSTM models (Debian tesseract-ocr + tesseract-ocr-chi-tra, nothing downloaded)
 * over the cleaned image, then the fields located line by line by their labels (賣方, 買方, 銷售額, 稅額, 總計) and
 * patterns, each with the confidence Tesseract gave its line.
 */
final class OcrReading {

    static final String DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";
    private static final String LANGUAGES = "chi_tra+eng";

    private static final Pattern NUMBER = Pattern.compile("(?<![A-Z])([A-Z]{2})\\s*[-–—_~]?\\s*(\\d{8})(?!\\d)");
    private static final Pattern ROC_DATE = Pattern.compile("(?<!\\d)(\\d{2,3})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日?");
    private static final Pattern GREGORIAN_DATE = Pattern.compile("(?<!\\d)(20\\d{2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{2}|\\d(?!\\d))");
    private static final Pattern ROC_NUMERIC_DATE = Pattern.compile("(?<!\\d)(1\\d{2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})(?!\\d)");
    /** A ROC date whose 年 月 日 came out as other signs: two-digit month and day after a three-digit year. */
    private static final Pattern ROC_GARBLED_DATE = Pattern.compile("(?<!\\d)(1\\d{2})\\s*[^\\d\\s]+\\s*(\\d{2})\\s*[^\\d\\s]+\\s*(\\d{2})");
    /** Track letters in the wrong case or S read as $, only where the hyphen and eight digits make it a number. */
    private static final Pattern NUMBER_GARBLED = Pattern.compile("(?<![A-Za-z$])([A-Za-z$]{2})\\s*[-–—]\\s*(\\d{8})(?!\\d)");
    /** What a field found only by a garbled pattern is worth: always below review, so a person looks. */
    private static final double GARBLED_CONFIDENCE = 0.5;
    private static final Pattern BAN = Pattern.compile("(?<!\\d)(\\d{8})(?!\\d)");
    private static final Pattern AMOUNT = Pattern.compile("(?<![\\d,.])(\\d{1,3}(?:[,.]\\d{3})+|\\d+)(?![\\d,.])");

    private final ThreadLocal<Tesseract> engines;

    OcrReading(String tessdata) {
        String path = tessdata == null || tessdata.isBlank() ? defaultTessdata() : tessdata;
        if (!Files.isRegularFile(Path.of(path, "chi_tra.traineddata"))) {
            throw new IllegalStateException("no Tesseract models in " + path
                    + ": install the Debian packages tesseract-ocr and tesseract-ocr-chi-tra (nothing is downloaded at run time)");
        }
        this.engines = ThreadLocal.withInitial(() -> {
            Tesseract t = new Tesseract();
            t.setDatapath(path);
            t.setLanguage(LANGUAGES);
            t.setOcrEngineMode(ITessAPI.TessOcrEngineMode.OEM_LSTM_ONLY);
            t.setPageSegMode(ITessAPI.TessPageSegMode.PSM_AUTO);
            // scans carry no resolution Tesseract trusts; without this it guesses and warns on every page
            t.setVariable("user_defined_dpi", "300");
            return t;
        });
    }

    static String defaultTessdata() {
        String prefix = System.getenv("TESSDATA_PREFIX");
        return prefix != null && !prefix.isBlank() ? prefix : DEFAULT_TESSDATA;
    }

    record Line(String text, double confidence) {
    }

    private record Amount(long value, double confidence) {
    }

    /** Found by sales + tax = total and tax = 5 % of sales rather than by label: sure enough to need no review. */
    private static final double ARITHMETIC_CONFIDENCE = 0.9;

    VoucherReading read(BufferedImage image) {
        BufferedImage grey = ImageCleanup.stretch(ImageCleanup.median(ImageCleanup.atLeast(ImageCleanup.grey(image), 1200)));
        BufferedImage level = ImageCleanup.rotate(grey, -ImageCleanup.skew(grey));
        List<Word> words = engines.get().getWords(level, ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE);
        List<Line> lines = new ArrayList<>();
        for (Word w : words) {
            String text = w.getText() == null ? "" : w.getText().strip();
            if (!text.isEmpty()) {
                lines.add(new Line(text, Math.max(0, Math.min(1, w.getConfidence() / 100.0))));
            }
        }
        return parse(lines);
    }

    /** The fields out of recognised lines; separate from Tesseract so the rules can be tested on text. */
    static VoucherReading parse(List<Line> lines) {
        StringBuilder all = new StringBuilder();
        Map<String, Double> confidence = new LinkedHashMap<>();
        String number = null;
        LocalDate date = null;
        String seller = null;
        String buyer = null;
        Long sales = null;
        Long tax = null;
        Long total = null;
        List<Line> unlabelledBans = new ArrayList<>();
        List<Amount> unlabelledAmounts = new ArrayList<>();
        List<Line> segments = new ArrayList<>();
        for (Line raw : lines) {
            all.append(raw.text()).append('\n');
            // a wide gap separates two fields printed side by side (the seller's BAN beside the tax on 三聯式)
            for (String part : raw.text().split("\\s{3,}")) {
                segments.add(new Line(part, raw.confidence()));
            }
        }
        for (Line raw : segments) {
            String text = normalise(raw.text());
            double c = raw.confidence();
            String rest = text;
            if (number == null) {
                Matcher m = NUMBER.matcher(text);
                if (m.find()) {
                    number = m.group(1) + m.group(2);
                    confidence.put(VoucherFields.INVOICE_NUMBER, c);
                    rest = text.substring(0, m.start()) + " " + text.substring(m.end());
                }
            }
            if (number == null) {
                Matcher m = NUMBER_GARBLED.matcher(text);
                if (m.find()) {
                    number = m.group(1).toUpperCase().replace('$', 'S') + m.group(2);
                    confidence.put(VoucherFields.INVOICE_NUMBER, Math.min(c, GARBLED_CONFIDENCE));
                    rest = text.substring(0, m.start()) + " " + text.substring(m.end());
                }
            }
            if (date == null) {
                LocalDate d = date(rest);
                if (d != null) {
                    date = d;
                    confidence.put(VoucherFields.DATE, c);
                    continue;
                }
                Matcher m = ROC_GARBLED_DATE.matcher(rest);
                if ((text.contains("民") || text.contains("國")) && m.find()) {
                    d = of(Integer.parseInt(m.group(1)) + 1911, m.group(2), m.group(3));
                    if (d != null) {
                        date = d;
                        confidence.put(VoucherFields.DATE, Math.min(c, GARBLED_CONFIDENCE));
                        continue;
                    }
                }
            }
            String compact = text.replace(" ", "");
            Matcher ban = BAN.matcher(rest.replace(" ", ""));
            if (ban.find()) {
                if (seller == null && compact.contains("賣")) {
                    seller = ban.group(1);
                    confidence.put(VoucherFields.SELLER_ID, c);
                    continue;
                }
                if (buyer == null && (compact.contains("買") || compact.contains("受"))) {
                    buyer = ban.group(1);
                    confidence.put(VoucherFields.BUYER_ID, c);
                    continue;
                }
            }
            Long amount = lastAmount(rest);
            if (amount != null) {
                if (sales == null && (compact.contains("銷售") || compact.contains("小計"))) {
                    sales = amount;
                    confidence.put(VoucherFields.SALES_AMOUNT, c);
                    continue;
                }
                if (tax == null && compact.contains("稅") && !compact.contains("統")) {
                    tax = amount;
                    confidence.put(VoucherFields.TAX_AMOUNT, c);
                    continue;
                }
                if (total == null && (compact.contains("總計") || compact.contains("合計"))) {
                    total = amount;
                    confidence.put(VoucherFields.TOTAL_AMOUNT, c);
                    continue;
                }
            }
            if (ban.reset(rest.replace(" ", "")).find()) {
                unlabelledBans.add(new Line(ban.group(1), c));
            } else if (amount != null) {
                unlabelledAmounts.add(new Amount(amount, c));
            }
        }
        // a garbled label leaves its amount unlabelled; the two equations find it among the others
        if (sales == null || tax == null || total == null) {
            Long[] found = arithmetic(sales, tax, total, unlabelledAmounts);
            if (found != null) {
                if (sales == null) {
                    confidence.put(VoucherFields.SALES_AMOUNT, ARITHMETIC_CONFIDENCE);
                }
                if (tax == null) {
                    confidence.put(VoucherFields.TAX_AMOUNT, ARITHMETIC_CONFIDENCE);
                }
                if (total == null) {
                    confidence.put(VoucherFields.TOTAL_AMOUNT, ARITHMETIC_CONFIDENCE);
                }
                sales = found[0];
                tax = found[1];
                total = found[2];
            }
        }
        // a label Tesseract garbled leaves its BAN unlabelled; the seller's comes first on every layout we read
        for (Line l : unlabelledBans) {
            if (seller == null) {
                seller = l.text();
                confidence.put(VoucherFields.SELLER_ID, Math.min(l.confidence(), 0.7));
            } else if (buyer == null && !l.text().equals(seller)) {
                buyer = l.text();
                confidence.put(VoucherFields.BUYER_ID, Math.min(l.confidence(), 0.7));
            }
        }
        String text = all.toString();
        VoucherKind kind = text.contains("三聯") ? VoucherKind.THREE_PART
                : text.contains("收銀機") ? VoucherKind.RECEIPT : VoucherKind.UNKNOWN;
        VoucherFields fields = new VoucherFields(number, date, seller, buyer, sales, tax, total);
        if (sales != null && tax != null && total != null && sales + tax == total && Math.abs(Math.round(sales * 0.05) - tax) <= 1) {
            // three figures read apart that agree on two equations: a misread digit would have to fall just so twice
            for (String f : List.of(VoucherFields.SALES_AMOUNT, VoucherFields.TAX_AMOUNT, VoucherFields.TOTAL_AMOUNT)) {
                confidence.put(f, Math.max(confidence.get(f), 0.95));
            }
        }
        Map<String, String> flags = FieldChecks.flags(fields, confidence, kind == VoucherKind.THREE_PART);
        return new VoucherReading("ocr", kind, fields, confidence, flags, text);
    }

    /** Full-width digits and letters to ASCII, and the look-alikes Tesseract gives for digits between digits. */
    static String normalise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch >= '０' && ch <= '９') {
                b.append((char) (ch - '０' + '0'));
            } else if (ch >= 'Ａ' && ch <= 'Ｚ') {
                b.append((char) (ch - 'Ａ' + 'A'));
            } else if (ch == '，') {
                b.append(',');
            } else if (ch == '：') {
                b.append(':');
            } else if (ch == '－') {
                b.append('-');
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static LocalDate date(String text) {
        Matcher m = ROC_DATE.matcher(text);
        if (m.find()) {
            return of(Integer.parseInt(m.group(1)) + 1911, m.group(2), m.group(3));
        }
        m = GREGORIAN_DATE.matcher(text);
        if (m.find()) {
            return of(Integer.parseInt(m.group(1)), m.group(2), m.group(3));
        }
        m = ROC_NUMERIC_DATE.matcher(text);
        if (m.find()) {
            return of(Integer.parseInt(m.group(1)) + 1911, m.group(2), m.group(3));
        }
        return null;
    }

    private static LocalDate of(int year, String month, String day) {
        try {
            return LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Sales, tax and total where the labelled ones are kept and the missing ones taken from {@code candidates}. */
    private static Long[] arithmetic(Long sales, Long tax, Long total, List<Amount> candidates) {
        List<Long> s = sales != null ? List.of(sales) : candidates.stream().map(Amount::value).toList();
        List<Long> t = tax != null ? List.of(tax) : candidates.stream().map(Amount::value).toList();
        Long[] hit = null;
        for (long si : s) {
            for (long ti : t) {
                if (si <= 0 || Math.abs(Math.round(si * 0.05) - ti) > 1) {
                    continue;
                }
                long sum = si + ti;
                boolean totalOk = total != null ? total == sum : candidates.stream().anyMatch(a -> a.value() == sum);
                if (totalOk) {
                    if (hit != null && (hit[0] != si || hit[1] != ti)) {
                        return null; // two ways to agree: not for a machine to choose
                    }
                    hit = new Long[]{si, ti, sum};
                }
            }
        }
        return hit;
    }

    private static Long lastAmount(String text) {
        Matcher m = AMOUNT.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return null;
        }
        try {
            return Long.parseLong(last.replace(",", "").replace(".", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
