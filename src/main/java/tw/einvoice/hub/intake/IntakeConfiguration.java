package tw.einvoice.hub.intake;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.seller.SellerDirectory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeConfiguration.RuleProperties.class)
class IntakeConfiguration {

    /** {@code hub.rules.*}: the settings behind {@link RuleSettings}; unset values keep its defaults. */
    @ConfigurationProperties("hub.rules")
    record RuleProperties(LocalDate banFiveRuleSince, BigDecimal defaultTaxRate, Integer taxTolerance,
                          Duration futureTolerance, Integer previousPeriodGraceDays, Set<String> memberCarrierTypes) {

        RuleSettings toSettings() {
            RuleSettings d = RuleSettings.defaults();
            return new RuleSettings(
                    banFiveRuleSince != null ? banFiveRuleSince : d.banFiveRuleSince(),
                    defaultTaxRate != null ? defaultTaxRate : d.defaultTaxRate(),
                    taxTolerance != null ? taxTolerance : d.taxTolerance(),
                    futureTolerance != null ? futureTolerance : d.futureTolerance(),
                    previousPeriodGraceDays != null ? previousPeriodGraceDays : d.previousPeriodGraceDays(),
                    memberCarrierTypes != null ? memberCarrierTypes : d.memberCarrierTypes(),
                    d.zone());
        }
    }

    @Bean
    Clock clock() {
        return Clock.system(RuleSettings.TAIPEI);
    }

    /** The merchant's own member-carrier type is accepted wherever the others are, without listing it twice. */
    @Bean
    RuleSettings ruleSettings(RuleProperties properties, tw.einvoice.hub.carrier.CarrierProperties carrier) {
        RuleSettings rules = properties.toSettings();
        if (!carrier.enabled() || rules.memberCarrierTypes().contains(carrier.memberType())) {
            return rules;
        }
        Set<String> types = new java.util.HashSet<>(rules.memberCarrierTypes());
        types.add(carrier.memberType());
        return new RuleSettings(rules.banFiveRuleSince(), rules.defaultTaxRate(), rules.taxTolerance(),
                rules.futureTolerance(), rules.previousPeriodGraceDays(), Set.copyOf(types), rules.zone());
    }

    @Bean
    InvoiceValidator invoiceValidator(RuleSettings settings, SellerDirectory sellers, Clock clock) {
        return new InvoiceValidator(settings, sellers, clock);
    }

    @Bean
    Mappings mappings(@Value("${hub.mappings-dir:mappings}") Path folder) {
        return new Mappings(folder);
    }
}
