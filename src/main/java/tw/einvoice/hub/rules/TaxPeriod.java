package tw.einvoice.hub.rules;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * A two-month tax period (期別): Jan–Feb, Mar–Apr, … Written {@code yyyMM}, the ROC year and the even closing
 * month, e.g. {@code 11512} for Nov–Dec 2026.
 *
 * @param year         Gregorian year
 * @param closingMonth the even month that ends the period, 2..12
 */
public record TaxPeriod(int year, int closingMonth) implements Comparable<TaxPeriod> {

    private static final int ROC_OFFSET = 1911;

    public TaxPeriod {
        if (closingMonth < 2 || closingMonth > 12 || closingMonth % 2 != 0) {
            throw new IllegalArgumentException("closing month must be even 2..12: " + closingMonth);
        }
        if (year <= ROC_OFFSET || year - ROC_OFFSET > 999) {
            throw new IllegalArgumentException("year outside the 3-digit ROC calendar: " + year);
        }
    }

    public static TaxPeriod of(LocalDate date) {
        Objects.requireNonNull(date, "date");
        int month = date.getMonthValue();
        return new TaxPeriod(date.getYear(), month % 2 == 0 ? month : month + 1);
    }

    /** Reads a {@code yyyMM} code such as {@code 11512}. */
    public static TaxPeriod parse(String code) {
        if (code == null || !code.matches("\\d{5}")) {
            throw new IllegalArgumentException("a period code is 5 digits yyyMM: " + code);
        }
        int rocYear = Integer.parseInt(code.substring(0, 3));
        int month = Integer.parseInt(code.substring(3));
        if (rocYear == 0) {
            throw new IllegalArgumentException("ROC year 000 does not exist: " + code);
        }
        return new TaxPeriod(rocYear + ROC_OFFSET, month);
    }

    public String code() {
        return String.format("%03d%02d", year - ROC_OFFSET, closingMonth);
    }

    public int rocYear() {
        return year - ROC_OFFSET;
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, closingMonth - 1, 1);
    }

    public LocalDate lastDay() {
        return YearMonth.of(year, closingMonth).atEndOfMonth();
    }

    public TaxPeriod previous() {
        return closingMonth == 2 ? new TaxPeriod(year - 1, 12) : new TaxPeriod(year, closingMonth - 2);
    }

    public TaxPeriod next() {
        return closingMonth == 12 ? new TaxPeriod(year + 1, 2) : new TaxPeriod(year, closingMonth + 2);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(firstDay()) && !date.isAfter(lastDay());
    }

    public boolean isBefore(TaxPeriod other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(TaxPeriod other) {
        return Integer.compare(year * 100 + closingMonth, other.year * 100 + other.closingMonth);
    }

    @Override
    public String toString() {
        return code();
    }
}
