package tw.einvoice.hub.runtime;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker's side of {@code hub-errors}: the dead-letter queue exists before anything is sent to
 * it, and the hub's queues ({@code hub.#}) dead-letter into it on the broker's own count too, with the hub's delays.
 * Without this a rolled-back message came back at once, ten times, and then went to the catch-all {@code DLQ} that
 * Spring Boot sets up, where no one looked. An external broker needs the same settings (docs/transmit.md).
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer hubDeadLetterQueue(HubErrorProperties settings) {
        return configuration -> {
            SimpleString deadLetters = SimpleString.of(settings.deadLetterQueue());
            configuration.addAddressSetting("hub.#", new AddressSettings()
                    .setDeadLetterAddress(deadLetters)
                    .setMaxDeliveryAttempts(settings.brokerDeliveryAttempts())
                    .setRedeliveryDelay(settings.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(settings.backoffMultiplier())
                    .setMaxRedeliveryDelay(settings.maximumRedeliveryDelay().toMillis()));
            // what waits in the dead-letter queue stays there until someone moves it
            configuration.addAddressSetting(settings.deadLetterQueue(), new AddressSettings().setMaxDeliveryAttempts(-1));
            configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters).setAddress(deadLetters)
                    .setRoutingType(RoutingType.ANYCAST));
        };
    }
}
