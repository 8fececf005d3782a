package tw.einvoice.hub.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.time.Duration;

/**
 * {@code hub.errors.*}: what happens to a queue message whose processing fails ({@code hub-errors}).
 *
 * @param maximumRedeliveries    attempts after the first, in the same consumer, before the message is dead-lettered
 * @param redeliveryDelay        wait before the first redelivery
 * @param backoffMultiplier      each further wait is this many times the previous one
 * @param maximumRedeliveryDelay no wait is longer than this
 * @param deadLetterQueue        where a message goes when every attempt failed; finance hears of each
 * @param brokerDeliveryAttempts the embedded broker's own limit: a message whose transaction is rolled back this often
 *                               (the hub died while working on it, or dead-lettering itself failed) goes to the same
 *                               dead-letter queue
 * @param outageRetryDelay       the longest wait between attempts of a step that failed because a part was away
 *                               ({@link Outages#isOutage}): such a step is tried again until the part is back, never
 *                               dead-lettered, since the same work succeeds then; short, so the backlog drains soon after
 */
@ConfigurationProperties("hub.errors")
public record HubErrorProperties(Integer maximumRedeliveries, Duration redeliveryDelay, Double backoffMultiplier,
                                 Duration maximumRedeliveryDelay, String deadLetterQueue, Integer brokerDeliveryAttempts,
                                 Duration outageRetryDelay) {

    public HubErrorProperties {
        maximumRedeliveries = maximumRedeliveries == null || maximumRedeliveries < 0 ? 5 : maximumRedeliveries;
        redeliveryDelay = redeliveryDelay == null || redeliveryDelay.isNegative() ? Duration.ofSeconds(1) : redeliveryDelay;
        backoffMultiplier = backoffMultiplier == null || backoffMultiplier < 1 ? 2.0 : backoffMultiplier;
        maximumRedeliveryDelay = maximumRedeliveryDelay == null ? Duration.ofSeconds(30) : maximumRedeliveryDelay;
        if (maximumRedeliveryDelay.compareTo(redeliveryDelay) < 0) {
            maximumRedeliveryDelay = redeliveryDelay;
        }
        deadLetterQueue = StringUtils.hasText(deadLetterQueue) ? deadLetterQueue.strip() : "hub.DLQ";
        brokerDeliveryAttempts = brokerDeliveryAttempts == null || brokerDeliveryAttempts <= 0 ? 10 : brokerDeliveryAttempts;
        outageRetryDelay = outageRetryDelay == null || outageRetryDelay.isNegative() || outageRetryDelay.isZero()
                ? Duration.ofSeconds(5) : outageRetryDelay;
    }
}
