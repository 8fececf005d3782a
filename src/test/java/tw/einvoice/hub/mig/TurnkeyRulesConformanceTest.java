package tw.einvoice.hub.mig;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tw.einvoice.hub.mig.TurnkeyRuleCases.CannotArise;
import tw.einvoice.hub.mig.TurnkeyRuleCases.Intake;
import tw.einvoice.hub.mig.TurnkeyRuleCases.RuleCase;
import tw.einvoice.hub.mig.TurnkeyRuleCases.Writer;
import tw.einvoice.hub.reference.Reference;
import tw.einvoice.hub.reference.TurnkeyValidator;
import tw.einvoice.hub.reference.TurnkeyValidator.Verdict;
import tw.einvoice.hub.rules.Violation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Turnkey's program rules, held by the hub and by Turnkey alike: each rule broken once (TurnkeyRuleCases) is refused
 * by the hub before a number is taken, and the matching XML by both {@link TurnkeyRules} and Turnkey's own validator
 * (../shared/reference/turnkey-validator, one run per message type), naming the same element; every kind of message
 * the hub renders is accepted by both, under the identifier the hub files it by. Fails under CI=true without the
 * reference, skips elsewhere.
 */
class TurnkeyRulesConformanceTest {

    @TempDir
    static Path dir;

    private static final Map<String, Verdict> verdicts = new HashMap<>();

    @BeforeAll
    static void askTurnkey() throws IOException {
        Reference.folder("turnkey-validator");
        Map<MigMessage, List<Path>> byType = new EnumMap<>(MigMessage.class);
        List<RuleCase> cases = TurnkeyRuleCases.all();
        for (int i = 0; i < cases.size(); i++) {
            RuleCase c = cases.get(i);
            byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(write(c.fileName(i), c.xml()));
        }
        TurnkeyRuleCases.samples().forEach((name, xml) -> byType.computeIfAbsent(TurnkeyRuleCases.typeOf(name),
                t -> new ArrayList<>()).add(write(name + ".xml", xml)));
        byType.forEach((type, files) -> verdicts.putAll(TurnkeyValidator.validate(type.name(), files)));
    }

    private static Path write(String name, String xml) {
        try {
            return Files.writeString(dir.resolve(name), xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<RuleCase> cases = TurnkeyRuleCases.all();
        return IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(cases.get(i), cases.get(i).fileName(i)));
    }

    static Stream<Arguments> samples() {
        return TurnkeyRuleCases.samples().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hubAndTurnkeyBothRefuseTheBrokenRuleNamingTheSameElement(RuleCase c, String file) {
        if (c.hub() instanceof Intake intake) {
            assertThat(intake.violations())
                    .as("intake, before a number is taken")
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(tuple(intake.field(), intake.code().name()));
        } else if (c.hub() instanceof Writer writer) {
            assertThatThrownBy(writer.render()::run)
                    .as("the hub's writer")
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().startsWith(writer.field());
        } else if (c.hub() instanceof CannotArise cannot) {
            cannot.proof().run();
        }

        assertThat(TurnkeyRules.check(c.type(), c.xml()))
                .as("the hub's Turnkey rules")
                .extracting(Violation::field, Violation::code)
                .containsExactly(tuple(c.field(), c.code().name()));

        Verdict turnkey = verdicts.get(file);
        assertThat(turnkey).as("Turnkey's verdict on " + file).isNotNull();
        assertThat(turnkey.ok()).as(turnkey.toString()).isFalse();
        assertThat(turnkey.stage()).as(turnkey.toString()).isEqualTo(c.turnkeyStage());
        assertThat(turnkey.code()).isEqualTo("xsd".equals(c.turnkeyStage()) ? "7013" : "7001");
        assertThat(turnkey.message()).as("Turnkey names the element").containsIgnoringCase(c.turnkeyNames());
        assertThat(elementPath(c.field())).as("the hub names the element Turnkey names")
                .endsWith(elementPath(c.turnkeyNames()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyKindOfMessageTheHubRendersIsAcceptedByBothUnderTheHubsIdentifier(String name, String xml) {
        MigMessage type = TurnkeyRuleCases.typeOf(name);

        assertThat(TurnkeyRules.check(type, xml)).as("the hub's Turnkey rules").isEmpty();
        assertThat(MigSchema.bundled().validate(type, xml)).as("the hub's schema").isEmpty();
        Verdict turnkey = verdicts.get(name + ".xml");
        assertThat(turnkey.ok()).as(turnkey.toString()).isTrue();
        assertThat(turnkey.identifier()).isEqualTo(identifier(type, xml));
    }

    /** {@code Main/Buyer/Identifier}, {@code Buyer.Identifier} and {@code Buyer Identifier} alike: buyer.identifier. */
    private static String elementPath(String name) {
        return name.replaceAll("\\[\\d+]", "").replaceAll("[/ ]", ".").toLowerCase(Locale.ROOT);
    }

    /** What the hub files the message under (MigMessage), from the message's own values. */
    private static String identifier(MigMessage type, String xml) {
        return switch (type) {
            case F0401 -> type.identifier(first(xml, "InvoiceNumber"), date(first(xml, "InvoiceDate")));
            case F0501 -> type.identifier(first(xml, "CancelInvoiceNumber"), date(first(xml, "CancelDate")));
            case F0701 -> type.identifier(first(xml, "VoidInvoiceNumber"), date(first(xml, "VoidDate")));
            case G0401 -> type.identifier(first(xml, "AllowanceNumber"), date(first(xml, "AllowanceDate")));
            case G0501 -> type.identifier(first(xml, "CancelAllowanceNumber"), date(first(xml, "CancelDate")));
            case E0401 -> MigMessage.branchTrackIdentifier(first(xml, "BranchBan"), first(xml, "InvoiceTrack"),
                    first(xml, "InvoiceBeginNo"), first(xml, "InvoiceEndNo"));
            case E0402 -> MigMessage.branchTrackBlankIdentifier(first(xml, "BranchBan"), first(xml, "InvoiceTrack"),
                    first(xml, "InvoiceType"));
            case A0101 -> type.identifier(first(xml, "InvoiceNumber"), date(first(xml, "InvoiceDate")));
            case A0102 -> type.identifier(first(xml, "InvoiceNumber"), date(first(xml, "ReceiveDate")));
            case A0201, A0202 -> type.identifier(first(xml, "CancelInvoiceNumber"), date(first(xml, "CancelDate")));
            case A0301, A0302 -> type.identifier(first(xml, "RejectInvoiceNumber"), date(first(xml, "RejectDate")));
            case B0101 -> type.identifier(first(xml, "AllowanceNumber"), date(first(xml, "AllowanceDate")));
            case B0102 -> type.identifier(first(xml, "AllowanceNumber"), date(first(xml, "ReceiveDate")));
            case B0201, B0202 -> type.identifier(first(xml, "CancelAllowanceNumber"), date(first(xml, "CancelDate")));
        };
    }

    private static String first(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
        assertThat(m.find()).as(element).isTrue();
        return m.group(1);
    }

    private static LocalDate date(String yyyymmdd) {
        return LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE);
    }
}
