package tw.einvoice.hub.signing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SigningProperties.class)
class SigningConfiguration {

    @Bean
    SigningKeys signingKeys(SigningProperties properties, @Value("${hub.data-dir}") Path dataDir, SellerDirectory sellers) {
        Path certs = dataDir.toAbsolutePath().normalize().resolve("certs");
        return new SigningKeys(properties, certs, ban -> sellers.find(ban).map(Seller::name));
    }

    @Bean
    MessageArchive messageArchive(SigningProperties properties, SigningKeys keys) {
        return new MessageArchive(properties.enabled(), keys);
    }
}
