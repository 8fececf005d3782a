package tw.einvoice.hub.rules;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaxPeriodTest {

    @Nested
    class FromADate {

        @Test
        void novemberFallsInThePeriodClosingInDecember() {
            assertThat(TaxPeriod.of(LocalDate.of(2026, 11, 25)).code()).isEqualTo("11512");
        }

        @Test
        void anEvenMonthClosesItsOwnPeriod() {
            assertThat(TaxPeriod.of(LocalDate.of(2026, 12, 31)).code()).isEqualTo("11512");
        }

        @Test
        void januaryFallsInThePeriodClosingInFebruary() {
            assertThat(TaxPeriod.of(LocalDate.of(2027, 1, 1)).code()).isEqualTo("11602");
        }

        @Test
        void earlyRocYearsArePaddedToThreeDigits() {
            assertThat(TaxPeriod.of(LocalDate.of(2010, 3, 1)).code()).isEqualTo("09904");
        }
    }

    @Nested
    class Bounds {

        @Test
        void periodRunsFromTheFirstOfTheOddMonthToTheEndOfTheEvenMonth() {
            TaxPeriod period = TaxPeriod.parse("11512");
            assertThat(period.firstDay()).isEqualTo(LocalDate.of(2026, 11, 1));
            assertThat(period.lastDay()).isEqualTo(LocalDate.of(2026, 12, 31));
        }

        @Test
        void februaryOfALeapYearEndsOnThe29th() {
            assertThat(TaxPeriod.parse("11702").lastDay()).isEqualTo(LocalDate.of(2028, 2, 29));
        }

        @Test
        void periodContainsItsFirstAndLastDayOnly() {
            TaxPeriod period = TaxPeriod.parse("11512");
            assertThat(period.contains(LocalDate.of(2026, 11, 1))).isTrue();
            assertThat(period.contains(LocalDate.of(2026, 12, 31))).isTrue();
            assertThat(period.contains(LocalDate.of(2026, 10, 31))).isFalse();
            assertThat(period.contains(LocalDate.of(2027, 1, 1))).isFalse();
        }
    }

    @Nested
    class Navigation {

        @Test
        void nextOfDecemberIsFebruaryOfTheNextYear() {
            assertThat(TaxPeriod.parse("11512").next().code()).isEqualTo("11602");
        }

        @Test
        void previousOfFebruaryIsDecemberOfThePreviousYear() {
            assertThat(TaxPeriod.parse("11602").previous().code()).isEqualTo("11512");
        }

        @Test
        void periodsCompareInTimeOrder() {
            assertThat(TaxPeriod.parse("11512").isBefore(TaxPeriod.parse("11602"))).isTrue();
            assertThat(TaxPeriod.parse("11602").isBefore(TaxPeriod.parse("11512"))).isFalse();
        }
    }

    @Nested
    class Parsing {

        @Test
        void parsedCodeEqualsThePeriodOfADateInIt() {
            assertThat(TaxPeriod.parse("11512")).isEqualTo(TaxPeriod.of(LocalDate.of(2026, 11, 3)))
                    .hasSameHashCodeAs(TaxPeriod.of(LocalDate.of(2026, 12, 3)));
        }

        @Test
        void codeRoundTrips() {
            assertThat(TaxPeriod.parse("11504").code()).isEqualTo("11504");
        }

        @ParameterizedTest
        @ValueSource(strings = {"11511", "11500", "11514", "1151", "115120", "abcde", "00012"})
        void malformedCodesAreRefused(String code) {
            assertThatIllegalArgumentException().isThrownBy(() -> TaxPeriod.parse(code));
        }
    }
}
