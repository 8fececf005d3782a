package tw.einvoice.hub.rules;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class BanTest {

    private static final LocalDate SINCE = Ban.DEFAULT_FIVE_RULE_SINCE;
    private static final LocalDate UNDER_FIVE_RULE = LocalDate.of(2026, 11, 25);
    private static final LocalDate UNDER_TEN_RULE = LocalDate.of(2023, 3, 31);

    @Nested
    class DomainExamples {

        @Test
        void banWithSumDivisibleByTenIsValid() {
            assertThat(Ban.isValid("04595257", UNDER_FIVE_RULE, SINCE)).isTrue();
        }

        @Test
        void banWithSumDivisibleOnlyByFiveIsValidUnderTheFiveRule() {
            assertThat(Ban.isValid("04595252", UNDER_FIVE_RULE, SINCE)).isTrue();
        }

        @Test
        void sequentialDigitsAreInvalid() {
            assertThat(Ban.isValid("12345678", UNDER_FIVE_RULE, SINCE)).isFalse();
        }
    }

    @Nested
    class RuleInForce {

        @Test
        void banWithSumDivisibleOnlyByFiveIsInvalidBeforeTheSinceDate() {
            assertThat(Ban.isValid("04595252", UNDER_TEN_RULE, SINCE)).isFalse();
        }

        @Test
        void banWithSumDivisibleByTenStaysValidBeforeTheSinceDate() {
            assertThat(Ban.isValid("04595257", UNDER_TEN_RULE, SINCE)).isTrue();
        }

        @Test
        void theFiveRuleAppliesOnTheSinceDateItself() {
            assertThat(Ban.isValid("04595252", SINCE, SINCE)).isTrue();
        }

        @Test
        void twoArgumentFormUsesTheDefaultSinceDate() {
            assertThat(Ban.isValid("04595252", SINCE)).isTrue();
            assertThat(Ban.isValid("04595252", SINCE.minusDays(1))).isFalse();
        }
    }

    @Nested
    class SeventhDigitSeven {

        // 1,0,4,5,8,5,7,4 → digit sums 1+0+4+1+8+1+10+4 = 29: only 29 + 1 is divisible.
        @Test
        void sumPlusOneCountsUnderTheTenRuleWhenTheSeventhDigitIsSeven() {
            assertThat(Ban.isValid("10458574", UNDER_TEN_RULE, SINCE)).isTrue();
        }

        // 1,2,3,4,5,6,7,5 → 1+4+3+8+5+3+10+5 = 39
        @Test
        void sumPlusOneCountsUnderTheFiveRuleWhenTheSeventhDigitIsSeven() {
            assertThat(Ban.isValid("12345675", UNDER_FIVE_RULE, SINCE)).isTrue();
        }

        // 0,4,5,9,5,2,5,6 → 39 as well, but the seventh digit is 5
        @Test
        void sumPlusOneDoesNotCountForOtherSeventhDigits() {
            assertThat(Ban.isValid("04595256", UNDER_FIVE_RULE, SINCE)).isFalse();
        }

        // 1,0,4,5,8,5,7,3 → 28; neither 28 nor 29 is divisible
        @Test
        void seventhDigitSevenDoesNotRescueEveryNumber() {
            assertThat(Ban.isValid("10458573", UNDER_FIVE_RULE, SINCE)).isFalse();
        }
    }

    @Nested
    class Format {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"0459525", "045952570", "0459525A", " 4595257", "０４５９５２５７"})
        void anythingButEightAsciiDigitsIsInvalid(String ban) {
            assertThat(Ban.hasFormat(ban)).isFalse();
            assertThat(Ban.isValid(ban, UNDER_FIVE_RULE, SINCE)).isFalse();
        }
    }
}
