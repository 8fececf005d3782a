package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.einvoice.hub.reference.TurnkeyValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every B2B exchange message the hub writes, as the official schemas and the real Turnkey validator judge it. */
class ExchangeMessagesConformanceTest {

    @Test
    void everyExchangeMessageTheHubWritesPassesTheOfficialSchemaOurRulesAndTheRealTurnkeyValidator(@TempDir Path dir)
            throws IOException {
        MigSchema official = MigSchema.fromFolder(MigSamples.officialFolder());
        Map<String, List<Path>> byType = new LinkedHashMap<>();
        List<MigMessage> exchange = new ArrayList<>();
        for (Map.Entry<MigMessage, String> e : MigSamples.rendered().entrySet()) {
            if (!e.getKey().exchange()) {
                continue;
            }
            exchange.add(e.getKey());
            assertThat(MigSchema.bundled().validate(e.getKey(), e.getValue())).as("bundled " + e.getKey()).isEmpty();
            assertThat(official.validate(e.getKey(), e.getValue())).as("official " + e.getKey()).isEmpty();
            assertThat(TurnkeyRules.check(e.getKey(), e.getValue())).as("rules " + e.getKey()).isEmpty();
            Path file = dir.resolve(e.getKey() + ".xml");
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            byType.put(e.getKey().name(), List.of(file));
        }
        assertThat(exchange).containsExactlyInAnyOrder(MigMessage.A0101, MigMessage.A0102, MigMessage.A0201,
                MigMessage.A0202, MigMessage.A0301, MigMessage.A0302, MigMessage.B0101, MigMessage.B0102,
                MigMessage.B0201, MigMessage.B0202);

        Map<String, TurnkeyValidator.Verdict> verdicts = TurnkeyValidator.validateAll(byType);

        assertThat(verdicts).hasSize(10);
        assertThat(verdicts.values()).allSatisfy(v -> assertThat(v.ok()).as(v.toString()).isTrue());
        // the identifier Turnkey files each message under, which the simulator must write the same way
        verdicts.values().forEach(v -> System.out.println("turnkey-validator: " + v));
    }
}
