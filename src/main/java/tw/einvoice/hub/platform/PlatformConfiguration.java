package tw.einvoice.hub.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.numbering.NumberRanges;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorSettings.class)
@ConditionalOnProperty(name = "hub.platform.enabled", havingValue = "true")
class PlatformConfiguration {

    @Bean
    TurnkeySimulator turnkeySimulator(SimulatorSettings settings, TurnkeyDatabase turnkey, NumberRanges ranges,
                                      Clock clock) {
        TurnkeyStage stage = new TurnkeyStage(TurnkeySchemas.of(settings.schemaFolder()));
        TurnkeySimulator simulator = new TurnkeySimulator(settings, stage, turnkey.dataSource(), ranges::covers, clock);
        simulator.install(turnkey.dataSource());
        return simulator;
    }

    @Bean
    PlatformRoutes platformRoutes(SimulatorSettings settings, TurnkeySimulator simulator, TurnkeyDatabase turnkey,
                                  Clock clock) {
        return new PlatformRoutes(settings, simulator, turnkey.jdbc(), clock);
    }
}
