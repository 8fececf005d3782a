package tw.einvoice.hub.seller;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Sellers are bound from {@code hub.sellers} at start-up, where one Turnkey would refuse stops the hub. */
class SellerPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SellerProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Binding.class)
            .withPropertyValues(
                    "hub.sellers[0].id=04595257", "hub.sellers[0].name=範例商行", "hub.sellers[0].address=臺北市中正區示範路1號",
                    "hub.sellers[1].id=12345676", "hub.sellers[1].name=別家公司");

    @Test
    void configuredSellerWithoutAnAddressStopsTheStartNamingSettingAndSeller() {
        context.run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("hub.sellers[1].address is required")
                    .hasMessageContaining("12345676")
                    .hasMessageContaining("Seller/Address");
        });
    }

    @Test
    void configuredSellerWithABlankAddressStopsTheStart() {
        context.withPropertyValues("hub.sellers[1].address=\u3000").run(started ->
                assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("hub.sellers[1].address"));
    }

    @Test
    void sellersWithAddressesStart() {
        context.withPropertyValues("hub.sellers[1].address=高雄市前鎮區測試路2號").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(SellerProperties.class).sellers()).extracting(SellerProperties.SellerConfig::id)
                    .containsExactly("04595257", "12345676");
        });
    }
}
