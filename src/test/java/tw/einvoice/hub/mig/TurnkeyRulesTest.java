package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tw.einvoice.hub.mig.TurnkeyRuleCases.RuleCase;
import tw.einvoice.hub.rules.Violation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static tw.einvoice.hub.mig.TurnkeyRuleCases.drop;
import static tw.einvoice.hub.mig.TurnkeyRuleCases.mobileBarcode;
import static tw.einvoice.hub.mig.TurnkeyRuleCases.rendered;
import static tw.einvoice.hub.mig.TurnkeyRuleCases.set;
import static tw.einvoice.hub.rules.ViolationCode.*;

/** Turnkey's program rules on MIG XML, one rule broken per case (the conformance test runs the same cases past Turnkey). */
class TurnkeyRulesTest {

    static List<RuleCase> cases() {
        return TurnkeyRuleCases.all();
    }

    static List<Map.Entry<String, String>> samples() {
        return List.copyOf(TurnkeyRuleCases.samples().entrySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleBrokenOnceIsTheOnlyViolation(RuleCase c) {
        assertThat(TurnkeyRules.check(c.type(), c.xml()))
                .extracting(Violation::field, Violation::code)
                .containsExactly(tuple(c.field(), c.code().name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void typeIsTakenFromTheNamespace(RuleCase c) {
        assertThat(TurnkeyRules.check(c.xml())).extracting(Violation::field).containsExactly(c.field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyKindOfMessageTheHubRendersBreaksNoRule(Map.Entry<String, String> sample) {
        assertThat(TurnkeyRules.check(TurnkeyRuleCases.typeOf(sample.getKey()), sample.getValue())).isEmpty();
    }

    @Nested
    class WhereTurnkeyIsLaxer {

        @Test
        void consumerNameOfZerosWithBlanksPassesAsInTurnkey() {
            String xml = MigSamples.replace(rendered(mobileBarcode()), "<Name>消費者</Name>", "<Name> 0 </Name>");

            assertThat(TurnkeyRules.check(MigMessage.F0401, xml)).isEmpty();
        }

        @Test
        void businessBuyerNamedZeroPasses() {
            String xml = MigSamples.replace(rendered(TurnkeyRuleCases.business()), "<Name>好買股份有限公司</Name>",
                    "<Name>0</Name>");

            assertThat(TurnkeyRules.check(MigMessage.F0401, xml)).isEmpty();
        }

        @Test
        void consumerWithoutRandomNumberIsRefusedAlthoughTurnkeyLetsItThrough() {
            assertThat(TurnkeyRules.check(MigMessage.F0401, drop("RandomNumber").apply(rendered(mobileBarcode()))))
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("Main/RandomNumber", PATTERN.name()));
        }

        @Test
        void businessBuyerWithoutRandomNumberPasses() {
            assertThat(TurnkeyRules.check(MigMessage.F0401,
                    drop("RandomNumber").apply(rendered(TurnkeyRuleCases.business())))).isEmpty();
        }

        @Test
        void blanksAroundTheCarrierIdOfAPrintedInvoiceAreRefusedToo() {
            String xml = set("CarrierId1", "/ABC+123 ").apply(rendered(TurnkeyRuleCases.businessInMobileBarcode()));

            assertThat(TurnkeyRules.check(MigMessage.F0401, xml))
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("Main/CarrierId1", CARRIER_ID_BLANKS.name()));
        }
    }

    @Nested
    class Messages {

        @Test
        void violationNamesTheValueInBothLanguages() {
            String xml = MigSamples.replace(rendered(mobileBarcode()), "<Name>消費者</Name>", "<Name>000</Name>");

            Violation v = TurnkeyRules.check(MigMessage.F0401, xml).get(0);

            assertThat(v.messageEn()).contains("'000'").contains("Turnkey");
            assertThat(v.messageZh()).contains("「000」").contains("Turnkey");
        }

        @Test
        void severalRulesBrokenAreReportedTogether() {
            String xml = drop("Address").apply(MigSamples.replace(rendered(mobileBarcode()),
                    "<Name>消費者</Name>", "<Name>0</Name>"));

            assertThat(TurnkeyRules.check(MigMessage.F0401, xml)).extracting(Violation::field)
                    .containsExactlyInAnyOrder("Main/Seller/Address", "Main/Buyer/Name");
        }
    }

    @Nested
    class Input {

        @Test
        void xmlThatIsNotWellFormedIsAFormatError() {
            assertThatThrownBy(() -> TurnkeyRules.check(MigMessage.F0401, "<Invoice"))
                    .isInstanceOf(MigFormatException.class);
        }

        @Test
        void doctypeIsRefusedNeverResolved() {
            assertThatThrownBy(() -> TurnkeyRules.check(MigMessage.F0401, """
                    <?xml version="1.0"?>
                    <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                    <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1">&e;</Invoice>
                    """)).isInstanceOf(MigFormatException.class).hasMessageContaining("DOCTYPE");
        }

        @Test
        void messageOfAnotherTypeIsAFormatError() {
            String cancel = MigSamples.WRITER.cancel(MigSamples.cancel());

            assertThatThrownBy(() -> TurnkeyRules.check(MigMessage.F0401, cancel))
                    .isInstanceOf(MigFormatException.class).hasMessageContaining("CancelInvoice");
        }

        @Test
        void documentThatIsNoMigMessageHasNothingToSayByTheRules() {
            assertThat(TurnkeyRules.check("<Invoice xmlns=\"urn:other\"/>")).isEmpty();
        }
    }
}
