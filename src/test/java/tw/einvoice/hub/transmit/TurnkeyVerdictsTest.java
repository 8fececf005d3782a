package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Confirmed;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.InFlight;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.LogRow;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Rejected;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Rejection;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.SysEvent;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Unanswered;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.Verdict;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Turnkey's verdict rules, one rule per test, on rows as Turnkey writes them. */
class TurnkeyVerdictsTest {

    private static final String ID = "F0401ZZ0000000120261201";
    private static final String HANDED_OVER = "20261201101500000";

    private static LogRow row(String seqNo, String status, String messageDts) {
        return new LogRow(seqNo, "00001", ID, status, messageDts);
    }

    private static SysEvent entry(String eventDts, String errorCode, String... messages) {
        List<String> six = Arrays.asList(new String[6]);
        for (int i = 0; i < messages.length; i++) {
            six.set(i, messages[i]);
        }
        return new SysEvent(eventDts, "04595257", "QC10001A", "00001", errorCode, null, Arrays.asList(null, null, null), six);
    }

    private static Verdict decide(LogRow... rows) {
        return TurnkeyVerdicts.decide(List.of(rows), HANDED_OVER);
    }

    @Nested
    class WhichRowsCount {

        @Test
        void noRowSinceTheHandOverLeavesTheMessageUnanswered() {
            assertThat(decide()).isInstanceOf(Unanswered.class);
        }

        @Test
        void aRowFromBeforeTheHandOverIsIgnoredEvenWhenItIsAnError() {
            // E0402's identifier names no period: last period's rejection is not this message's
            assertThat(decide(row("Q610001A", "E", "20260705020000000"))).isInstanceOf(Unanswered.class);
        }

        @Test
        void aRowWrittenAtTheHandOverItselfCounts() {
            assertThat(decide(row("QC10001A", "C", HANDED_OVER))).isInstanceOf(Confirmed.class);
        }

        @Test
        void aConfirmationOfTheVoidedInvoiceDoesNotConfirmItsReissue() {
            LogRow voided = row("QC10001A", "C", "20261201093000000");
            LogRow reissue = row("QC10002B", "P", "20261201101501000");

            assertThat(decide(voided, reissue)).isEqualTo(new InFlight(reissue));
        }

        @Test
        void aRowWithoutMessageDtsCannotBePlacedAfterTheHandOverAndIsIgnored() {
            assertThat(decide(row("QC10001A", "C", null))).isInstanceOf(Unanswered.class);
        }

        @Test
        void aMessageDtsWithoutMillisecondsCountsWithinItsSecond() {
            assertThat(TurnkeyVerdicts.decide(List.of(row("QC10001A", "C", "20261201101500")), "20261201101500000"))
                    .isInstanceOf(Confirmed.class);
        }

        @Test
        void sinceIsTheHandOverLessTheClockSlackInTaipeiTime() {
            OffsetDateTime handedOver = OffsetDateTime.parse("2026-12-01T02:15:00.250Z");

            assertThat(TurnkeyVerdicts.since(handedOver, Duration.ofMinutes(2))).isEqualTo("20261201101300250");
        }
    }

    @Nested
    class WhichRowDecides {

        @Test
        void processingAtUpCastIsInFlight() {
            assertThat(decide(row("QC10001A", "P", "20261201101502000"))).isEqualTo(
                    new InFlight(row("QC10001A", "P", "20261201101502000")));
        }

        @Test
        void sentButNotYetAnsweredIsInFlight() {
            assertThat(decide(row("QC10001A", "G", "20261201101503000"))).extracting(v -> ((InFlight) v).status()).isEqualTo("G");
        }

        @Test
        void interruptedIsInFlight() {
            assertThat(decide(row("QC10001A", "I", "20261201101503000"))).extracting(v -> ((InFlight) v).status()).isEqualTo("I");
        }

        @Test
        void aStatusTheHubDoesNotKnowDecidesNothing() {
            assertThat(decide(row("QC10001A", "Agree", "20261201101503000"))).isInstanceOf(InFlight.class);
        }

        @Test
        void confirmedIsConfirmed() {
            assertThat(decide(row("QC10001A", "C", "20261201101509000"))).isInstanceOf(Confirmed.class);
        }

        @Test
        void anErrorIsARejection() {
            LogRow e = row("QC10001A", "E", "20261201101501000");

            assertThat(decide(e)).isEqualTo(new Rejected(e));
        }

        @Test
        void aConfirmationWinsOverALaterErrorOfADuplicateUpload() {
            LogRow confirmed = row("QC10001A", "C", "20261201101510000");
            LogRow duplicate = row("QC10009Z", "E", "20261201120000000");

            assertThat(decide(duplicate, confirmed)).isEqualTo(new Confirmed(confirmed));
        }

        @Test
        void otherwiseTheLatestRowDecides() {
            LogRow refused = row("QC10001A", "E", "20261201101501000");
            LogRow resent = row("QC10002B", "G", "20261201110000000");

            assertThat(decide(resent, refused)).isEqualTo(new InFlight(resent));
        }

        @Test
        void anErrorAfterAnInFlightRowDecides() {
            LogRow sent = row("QC10001A", "G", "20261201101501000");
            LogRow refused = row("QC10002B", "E", "20261201110000000");

            assertThat(decide(sent, refused)).isEqualTo(new Rejected(refused));
        }

        @Test
        void rowsWrittenInTheSameMillisecondAreOrderedBySeqNo() {
            LogRow first = row("QC10001A", "E", "20261201101501000");
            LogRow second = row("QC10001B", "G", "20261201101501000");

            assertThat(decide(second, first)).isEqualTo(new InFlight(second));
        }
    }

    @Nested
    class WhatARejectionSays {

        @Test
        void thePlatformsCodeInAnyMessageColumnIsTheCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101600000", "", "平台回覆錯誤", null, "E0305 XML原文資料內容檢核失敗")));

            assertThat(r.code()).isEqualTo("E0305");
        }

        @Test
        void thePlatformsCodeWinsOverTurnkeysValidationCodeInAnEarlierEntry() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101600000", "-008", "7001"),
                    entry("20261201101700000", "-013", "E0501 發票號碼重複")));

            assertThat(r.code()).isEqualTo("E0501");
        }

        @Test
        void theFirstPlatformCodeByEventTimeIsTheCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101700000", "", "E0612 發票號碼區間已存在重疊區間"),
                    entry("20261201101600000", "", "E0613 發票號碼區間非配號區間")));

            assertThat(r.code()).isEqualTo("E0613");
        }

        @Test
        void aFileTurnkeyRefusedByItsProgramRulesHasTheValidationCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101600000", "-008", "7001", "\"Buyer.Name\" is invalid!")));

            assertThat(r).isEqualTo(new Rejection("7001", "7001 \"Buyer.Name\" is invalid!"));
        }

        @Test
        void aFileTurnkeyRefusedByTheSchemaHasTheValidationCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101600000", "-008", "[7013] cvc-complex-type.2.4.a: Invalid content was found")));

            assertThat(r.code()).isEqualTo("7013");
        }

        @Test
        void digitsInsideAnInvoiceNumberAreNotAValidationCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(entry("20261201101600000", "-008", "ZZ00007013 已存在")));

            assertThat(r.code()).isEqualTo("-008");
        }

        @Test
        void lettersBeforeAnEAndFourDigitsAreNotAPlatformCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(entry("20261201101600000", "-004", "CODE0305 parse error")));

            assertThat(r.code()).isEqualTo("-004");
        }

        @Test
        void withoutACodeInTheMessagesTurnkeysErrorCodeIsTheCode() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(entry("20261201101600000", "-007", "簽章失敗")));

            assertThat(r).isEqualTo(new Rejection("-007", "簽章失敗"));
        }

        @Test
        void withoutAnyEntryTheCodeIsUnknown() {
            assertThat(TurnkeyVerdicts.rejection(List.of()))
                    .isEqualTo(new Rejection(TurnkeyVerdicts.UNKNOWN_CODE, "Turnkey reported status E"));
        }

        @Test
        void theTextJoinsEveryMessageOfEveryEntryInEventOrder() {
            Rejection r = TurnkeyVerdicts.rejection(List.of(
                    entry("20261201101700000", "", "E0305", "第二筆"),
                    entry("20261201101600000", "-008", "第一筆", "", null, "  ")));

            assertThat(r.message()).isEqualTo("第一筆 E0305 第二筆");
        }
    }
}
