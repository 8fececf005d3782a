package tw.einvoice.hub.lottery;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prize rules of domain.md §7, level by level, with the boundary of each. */
class WinningNumbersTest {

    static final WinningNumbers NUMBERS = new WinningNumbers("11508", "87510041", "32220522",
            List.of("21677046", "31478326", "98223432"), List.of("555", "046"));

    @Nested
    class EachLevelAndItsBoundary {

        @ParameterizedTest(name = "{0} wins {1} (NT${2})")
        @CsvSource({
                // the special and the grand prize need all eight digits
                "AB87510041, SPECIAL, 10000000",
                "AB32220522, GRAND, 2000000",
                // a first-prize number: all 8, then the last 7, 6, 5, 4, 3 digits
                "AB21677046, FIRST, 200000",
                "AB11677046, SECOND, 40000",
                "AB12677046, THIRD, 10000",
                "AB12377046, FOURTH, 4000",
                "AB12347046, FIFTH, 1000",
                "AB12345046, SIXTH, 200",
                // the same levels on the third first-prize number
                "ZZ98223432, FIRST, 200000",
                "ZZ08223432, SECOND, 40000",
                "ZZ00000432, SIXTH, 200",
                "AB12345555, ADDITIONAL_SIXTH, 200",
                "AB12345678, NONE, 0",
        })
        void aNumberWinsItsLevel(String number, Prize prize, long amount) {
            assertThat(NUMBERS.prizeOf(number)).isEqualTo(prize);
            assertThat(NUMBERS.prizeOf(number).amount()).isEqualTo(amount);
        }

        @Test
        void sevenOfTheEightDigitsOfTheSpecialOrGrandPrizeWinNothing() {
            // last seven of the special, a different first digit; its last three 041 end no first-prize number
            assertThat(NUMBERS.prizeOf("AB97510041")).isEqualTo(Prize.NONE);
            // first seven of the special, a different last digit
            assertThat(NUMBERS.prizeOf("AB87510042")).isEqualTo(Prize.NONE);
            assertThat(NUMBERS.prizeOf("AB42220522")).isEqualTo(Prize.NONE);
        }

        @Test
        void sevenOfTheSpecialWinsOnlyWhatAFirstPrizeSuffixPays() {
            WinningNumbers shared = new WinningNumbers("11508", "87510041", "32220522",
                    List.of("99999041", "31478326", "98223432"), List.of());
            assertThat(shared.prizeOf("AB97510041")).isEqualTo(Prize.SIXTH);
        }

        @Test
        void twoDigitsOfAFirstPrizeNumberWinNothing() {
            assertThat(NUMBERS.prizeOf("AB12345646")).isEqualTo(Prize.NONE);
            assertThat(NUMBERS.prizeOf("AB12345676")).isEqualTo(Prize.NONE);
        }

        @Test
        void anAdditionalSixthPrizeNeedsAllThreeDigits() {
            assertThat(NUMBERS.prizeOf("AB12345655")).isEqualTo(Prize.NONE);
            assertThat(NUMBERS.prizeOf("AB12345556")).isEqualTo(Prize.NONE);
        }

        @Test
        void withoutAdditionalSixthPrizesTheirEndingsWinNothing() {
            WinningNumbers recent = new WinningNumbers("11508", "87510041", "32220522",
                    List.of("21677046", "31478326", "98223432"), null);
            assertThat(recent.prizeOf("AB12345555")).isEqualTo(Prize.NONE);
            assertThat(recent.additionalSixth()).isEmpty();
        }
    }

    @Nested
    class HighestPrizeOnly {

        @Test
        void theSpecialPrizeWinsOverAFirstPrizeSuffixItAlsoMatches() {
            WinningNumbers overlapping = new WinningNumbers("11508", "87510041", "32220522",
                    List.of("17510041", "31478326", "98223432"), List.of("041"));
            assertThat(overlapping.prizeOf("AB87510041")).isEqualTo(Prize.SPECIAL);
            assertThat(overlapping.prizeOf("AB17510041")).isEqualTo(Prize.FIRST);
        }

        @Test
        void theLongestSuffixOfAnyFirstPrizeNumberCounts() {
            WinningNumbers two = new WinningNumbers("11508", "87510041", "32220522",
                    List.of("11111046", "22277046", "98223432"), List.of());
            // 046 ends the first number, 77046 the second: the fourth prize, not the sixth, and not both
            assertThat(two.prizeOf("AB99977046")).isEqualTo(Prize.FOURTH);
        }

        @Test
        void aSixthPrizeEndingThatIsAlsoAnAdditionalSixthWinsTheSixthOnce() {
            assertThat(NUMBERS.prizeOf("AB99999046")).isEqualTo(Prize.SIXTH);
        }
    }

    @Test
    void theClaimWindowRunsFromTheSixthOfTheMonthAfterTheDrawForThreeMonths() {
        WinningNumbers.ClaimWindow window = NUMBERS.claimWindow();
        assertThat(window.draw()).isEqualTo(LocalDate.of(2026, 9, 25));
        assertThat(window.from()).isEqualTo(LocalDate.of(2026, 10, 6));
        assertThat(window.to()).isEqualTo(LocalDate.of(2027, 1, 5));
        WinningNumbers december = new WinningNumbers("11512", "87510041", "32220522", NUMBERS.first(), List.of());
        assertThat(december.claimWindow().draw()).isEqualTo(LocalDate.of(2027, 1, 25));
        assertThat(december.claimWindow().from()).isEqualTo(LocalDate.of(2027, 2, 6));
    }

    @Test
    void theMofQryWinningListAnswerReadsAsTheSameNumbers() {
        String answer = """
                {"v":"0.2","code":"200","msg":"查詢成功","invoYm":"11508","superPrizeNo":"87510041","spcPrizeNo":"32220522",
                 "firstPrizeNo1":"21677046","firstPrizeNo2":"31478326","firstPrizeNo3":"98223432","firstPrizeNo4":"",
                 "sixthPrizeNo1":"555","sixthPrizeNo2":"046","sixthPrizeNo3":"","superPrizeAmt":"10000000"}""";
        assertThat(WinningNumbers.fromJson(answer.getBytes(StandardCharsets.UTF_8), "11508")).isEqualTo(NUMBERS);
        assertThat(WinningNumbers.fromJson(NUMBERS.toJson().getBytes(StandardCharsets.UTF_8), null)).isEqualTo(NUMBERS);
    }

    @Test
    void badNumbersAreRefusedNamingEachFieldAndReason() {
        assertThatThrownBy(() -> new WinningNumbers("11507", "8751004", "32220522", List.of("21677046", "x"), List.of("55")))
                .hasMessageContaining("period: closing month must be even")
                .hasMessageContaining("special: 8 digits expected, got 8751004")
                .hasMessageContaining("first: three numbers expected, got 2")
                .hasMessageContaining("first[1]: 8 digits expected, got x")
                .hasMessageContaining("additionalSixth[0]: 3 digits expected, got 55");
        assertThatThrownBy(() -> WinningNumbers.fromJson(NUMBERS.toJson().getBytes(StandardCharsets.UTF_8), "11510"))
                .hasMessageContaining("the file is for period 11508, not 11510");
        assertThatThrownBy(() -> NUMBERS.prizeOf("12345678X")).hasMessageContaining("got 12345678X");
        assertThatThrownBy(() -> WinningNumbers.fromJson("""
                {"period":"11508","special":"87510041","grand":"32220522","first":["21677046",null,"98223432"]}"""
                .getBytes(StandardCharsets.UTF_8), null)).hasMessageContaining("first[1]: 8 digits expected, got null");
    }

    @Test
    void theMatcherFindsTheSamePrizesAsTheRulesReadOneByOne() {
        WinningNumbers.Matcher matcher = NUMBERS.matcher();
        for (int n = 0; n < 100_000_000; n += 997) {
            assertThat(matcher.prizeOf(n)).as("%08d", n).isEqualTo(slow(String.format("%08d", n)));
        }
        for (String winner : List.of("87510041", "32220522", "21677046", "11677046", "12345555")) {
            assertThat(matcher.prizeOf(Integer.parseInt(winner))).isEqualTo(slow(winner));
        }
    }

    /** The rules as written in domain.md, on strings: the reference the fast matcher is held to. */
    private static Prize slow(String digits) {
        if (digits.equals(NUMBERS.special())) {
            return Prize.SPECIAL;
        }
        if (digits.equals(NUMBERS.grand())) {
            return Prize.GRAND;
        }
        Prize[] byLength = {Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.FOURTH, Prize.FIFTH, Prize.SIXTH};
        for (int i = 0; i < byLength.length; i++) {
            int length = 8 - i;
            for (String first : NUMBERS.first()) {
                if (digits.endsWith(first.substring(8 - length))) {
                    return byLength[i];
                }
            }
        }
        return NUMBERS.additionalSixth().stream().anyMatch(digits::endsWith) ? Prize.ADDITIONAL_SIXTH : Prize.NONE;
    }
}
