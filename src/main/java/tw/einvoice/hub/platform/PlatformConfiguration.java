package tw.einvoice.hub.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.numbering.NumberRanges;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.time.Clock;
import java.util.Collection;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorSettings.class)
@ConditionalOnProperty(name = "hub.platform.enabled", havingValue = "true")
class PlatformConfiguration {

    @Bean
    TurnkeySimulator turnkeySimulator(SimulatorSettings settings, TurnkeyDatabase turnkey, NumberRanges ranges,
                                      Clock clock) {
        TurnkeyStage stage = new TurnkeyStage(TurnkeySchemas.of(settings.schemaFolder()));
        TurnkeySimulator simulator = new TurnkeySimulator(settings, stage, turnkey.dataSource(), assignedBy(ranges), clock);
        simulator.install(turnkey.dataSource());
        return simulator;
    }

    /** The hub's ledger as the MOF's record of assigned ranges: one query for a group of files. */
    private static PlatformChecks.AssignedNumbers assignedBy(NumberRanges ranges) {
        return new PlatformChecks.AssignedNumbers() {
            @Override
            public boolean covers(String sellerId, String period, String invoiceNumber) {
                return ranges.covers(sellerId, period, invoiceNumber);
            }

            @Override
            public PlatformChecks.AssignedNumbers forGroup(Collection<String> sellerIds, Collection<String> periods) {
                return ranges.held(sellerIds, periods)::covers;
            }
        };
    }

    @Bean
    PlatformRoutes platformRoutes(SimulatorSettings settings, TurnkeySimulator simulator, TurnkeyDatabase turnkey,
                                  Clock clock) {
        return new PlatformRoutes(settings, simulator, turnkey.jdbc(), clock);
    }
}
