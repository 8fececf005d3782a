package tw.einvoice.hub.mig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/** The MIG writer and schema as beans; both are thread-safe singletons. */
@Configuration(proxyBeanMethods = false)
public class MigConfiguration {

    @Bean
    MigWriter migWriter(@Value("${hub.mig.b2c-tax-inclusive:true}") boolean b2cTaxInclusive,
                        @Value("${hub.mig.consumer-name:}") String consumerName) {
        return new MigWriter(new MigWriter.Options(b2cTaxInclusive, consumerName));
    }

    /**
     * The official folder when configured, compiled at start-up so a wrong path or a broken file stops the hub
     * instead of failing the first upload.
     */
    @Bean
    MigSchema migSchema(@Value("${hub.mig.official-xsd-dir:}") String officialXsdDir) {
        if (officialXsdDir == null || officialXsdDir.isBlank()) {
            return MigSchema.bundled();
        }
        return MigSchema.fromFolder(Path.of(officialXsdDir.strip())).preload();
    }
}
