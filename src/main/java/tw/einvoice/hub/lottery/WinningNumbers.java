package tw.einvoice.hub.lottery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One period's winning numbers and the MOF's lottery rules: the special and grand prizes need all eight digits,
 * a first-prize number pays by how many of its last digits match (8 … 3), an additional sixth prize by the last
 * three. An invoice wins its highest prize only. Plain Java: the CLI and the benchmark use it without Spring.
 *
 * @param period          {@code yyyMM}, ROC year and even closing month, e.g. {@code 11508} for Jul–Aug 2026
 * @param special         特別獎, 8 digits
 * @param grand           特獎, 8 digits
 * @param first           頭獎, three numbers of 8 digits
 * @param additionalSixth 增開六獎, 3 digits each; none in recent periods
 */
public record WinningNumbers(String period, String special, String grand, List<String> first, List<String> additionalSixth) {

    private static final Pattern EIGHT = Pattern.compile("\\d{8}");
    private static final Pattern THREE = Pattern.compile("\\d{3}");
    private static final Pattern INVOICE_NUMBER = Pattern.compile("(?:[A-Z]{2})?(\\d{8})");
    private static final ObjectMapper JSON = new ObjectMapper();

    public WinningNumbers {
        // not List.copyOf: a null in the list must reach the checks below and be named, not end in a NullPointerException
        additionalSixth = additionalSixth == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(additionalSixth));
        first = first == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(first));
        List<String> wrong = new ArrayList<>();
        try {
            TaxPeriod.parse(period);
        } catch (IllegalArgumentException e) {
            wrong.add("period: " + e.getMessage());
        }
        if (special == null || !EIGHT.matcher(special).matches()) {
            wrong.add("special: 8 digits expected, got " + special);
        }
        if (grand == null || !EIGHT.matcher(grand).matches()) {
            wrong.add("grand: 8 digits expected, got " + grand);
        }
        if (first.size() != 3) {
            wrong.add("first: three numbers expected, got " + first.size());
        }
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i) == null || !EIGHT.matcher(first.get(i)).matches()) {
                wrong.add("first[" + i + "]: 8 digits expected, got " + first.get(i));
            }
        }
        for (int i = 0; i < additionalSixth.size(); i++) {
            if (additionalSixth.get(i) == null || !THREE.matcher(additionalSixth.get(i)).matches()) {
                wrong.add("additionalSixth[" + i + "]: 3 digits expected, got " + additionalSixth.get(i));
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("winning numbers" + (period == null ? "" : " of period " + period) + ": "
                    + String.join("; ", wrong));
        }
    }

    public TaxPeriod taxPeriod() {
        return TaxPeriod.parse(period);
    }

    /** The highest prize of a full invoice number ({@code AB12345678}) or its eight digits. */
    public Prize prizeOf(String invoiceNumber) {
        var m = invoiceNumber == null ? null : INVOICE_NUMBER.matcher(invoiceNumber);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("invoice number: two capital letters and 8 digits expected (AB12345678), got " + invoiceNumber);
        }
        return matcher().prizeOf(Integer.parseInt(m.group(1)));
    }

    /** The numbers as ints, for matching millions of invoices without a string per invoice. */
    public Matcher matcher() {
        return new Matcher(this);
    }

    /** Matching prepared once per period; immutable, safe to share between threads. */
    public static final class Matcher {
        private final int special;
        private final int grand;
        private final int[] first;
        private final boolean[] additionalSixth = new boolean[1000];
        private final boolean[] sixthSuffix = new boolean[1000];

        private Matcher(WinningNumbers numbers) {
            special = Integer.parseInt(numbers.special());
            grand = Integer.parseInt(numbers.grand());
            first = numbers.first().stream().mapToInt(Integer::parseInt).toArray();
            for (int f : first) {
                sixthSuffix[f % 1000] = true;
            }
            for (String a : numbers.additionalSixth()) {
                additionalSixth[Integer.parseInt(a)] = true;
            }
        }

        /** The highest prize of the invoice number's eight digits (0 … 99,999,999). */
        public Prize prizeOf(int digits) {
            if (digits == special) {
                return Prize.SPECIAL;
            }
            if (digits == grand) {
                return Prize.GRAND;
            }
            int last3 = digits % 1000;
            // every first-prize level needs at least the last three digits: most invoices stop here
            if (sixthSuffix[last3]) {
                int best = 0;
                for (int f : first) {
                    best = Math.max(best, commonSuffix(digits, f));
                }
                return Prize.ofFirstSuffix(best);
            }
            return additionalSixth[last3] ? Prize.ADDITIONAL_SIXTH : Prize.NONE;
        }

        private static int commonSuffix(int a, int b) {
            int digits = 0;
            while (digits < 8 && a % 10 == b % 10) {
                digits++;
                a /= 10;
                b /= 10;
            }
            return digits;
        }

        /** The last three digits any prize but the special and grand needs: a database can filter on them first. */
        public List<String> winningEndings() {
            List<String> endings = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (sixthSuffix[i] || additionalSixth[i]) {
                    endings.add(String.format("%03d", i));
                }
            }
            return endings;
        }
    }

    /**
     * When prizes of this period are drawn and claimed (the MOF's lottery rules): the draw on the 25th of the odd month after
     * the period, claims from the 6th of the next month for three months.
     */
    public ClaimWindow claimWindow() {
        return ClaimWindow.of(taxPeriod());
    }

    /** @param draw the draw date; @param from first claim day; @param to last claim day (inclusive) */
    public record ClaimWindow(LocalDate draw, LocalDate from, LocalDate to) {

        public static ClaimWindow of(TaxPeriod period) {
            LocalDate draw = period.lastDay().plusMonths(1).withDayOfMonth(25);
            LocalDate from = draw.plusMonths(1).withDayOfMonth(6);
            return new ClaimWindow(draw, from, from.plusMonths(3).minusDays(1));
        }
    }

    /**
     * Reads the winning numbers from JSON, in either of two shapes: the hub's own
     * ({@code {"period","special","grand","first":[…],"additionalSixth":[…]}}, as the CLI and the upload take it) or
     * the MOF e-invoice App API {@code QryWinningList} answer ({@code invoYm, superPrizeNo, spcPrizeNo,
     * firstPrizeNo1…10, sixthPrizeNo1…6}, blanks ignored). {@code period}, when given, must agree with the file.
     */
    public static WinningNumbers fromJson(byte[] json, String period) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("winning numbers: not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("winning numbers: a JSON object expected");
        }
        WinningNumbers numbers;
        if (root.has("superPrizeNo") || root.has("invoYm")) {
            String code = root.path("code").asText("200");
            if (!code.equals("200")) {
                throw new IllegalArgumentException("winning numbers: QryWinningList answered code " + code + " " + root.path("msg").asText(""));
            }
            numbers = new WinningNumbers(root.path("invoYm").asText(null), text(root, "superPrizeNo"), text(root, "spcPrizeNo"),
                    numbered(root, "firstPrizeNo", 10), numbered(root, "sixthPrizeNo", 6));
        } else {
            numbers = new WinningNumbers(text(root, "period") == null ? period : text(root, "period"), text(root, "special"),
                    text(root, "grand"), list(root, "first"), list(root, "additionalSixth"));
        }
        if (period != null && !period.equals(numbers.period())) {
            throw new IllegalArgumentException("winning numbers: the file is for period " + numbers.period() + ", not " + period);
        }
        return numbers;
    }

    /** The hub's own JSON shape (what {@link #fromJson} reads back). */
    public String toJson() {
        var node = JSON.createObjectNode();
        node.put("period", period).put("special", special).put("grand", grand);
        first.forEach(node.putArray("first")::add);
        additionalSixth.forEach(node.putArray("additionalSixth")::add);
        return node.toString();
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
    }

    private static List<String> list(JsonNode root, String field) {
        List<String> values = new ArrayList<>();
        JsonNode v = root.get(field);
        if (v != null && v.isArray()) {
            v.forEach(n -> values.add(n.isNull() ? null : n.asText().strip()));
        } else if (v != null && !v.isNull()) {
            throw new IllegalArgumentException("winning numbers: " + field + " must be an array");
        }
        return values;
    }

    private static List<String> numbered(JsonNode root, String prefix, int max) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= max; i++) {
            String v = text(root, prefix + i);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }
}
