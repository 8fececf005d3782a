package tw.einvoice.hub.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.numbering.NumberRanges;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import javax.sql.DataSource;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorSettings.class)
@ConditionalOnProperty(name = "hub.platform.enabled", havingValue = "true")
class PlatformConfiguration {

    @Bean
    TurnkeySimulator turnkeySimulator(SimulatorSettings settings, TurnkeyDatabase turnkey, MigSchema schema,
                                      NumberRanges ranges, Clock clock) {
        // Turnkey's "自動建立表格": the tables exist before the first message arrives
        new ResourceDatabasePopulator(new ClassPathResource("platform/turnkey-schema.sql")).execute(turnkeyDataSource(turnkey));
        // Turnkey makes its UpCast/<channel>/<MSG>/{SRC,BAK,ERR} folders when installed
        for (var type : tw.einvoice.hub.mig.MigMessage.values()) {
            for (String folder : new String[]{"SRC", "BAK", "ERR"}) {
                try {
                    java.nio.file.Files.createDirectories(settings.upcastDir().resolve(type.channel()).resolve(type.name()).resolve(folder));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return new TurnkeySimulator(settings, turnkey, schema, ranges, clock);
    }

    private static DataSource turnkeyDataSource(TurnkeyDatabase turnkey) {
        return turnkey.dataSource();
    }

    @Bean
    PlatformRoutes platformRoutes(SimulatorSettings settings, TurnkeySimulator simulator, TurnkeyDatabase turnkey, Clock clock,
                                  tw.einvoice.hub.mig.MigWriter writer) {
        return new PlatformRoutes(settings, simulator, turnkey, clock, writer);
    }
}
