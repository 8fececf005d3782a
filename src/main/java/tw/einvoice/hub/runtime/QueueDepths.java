package tw.einvoice.hub.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code einvoice_queue_messages{queue}}: messages waiting in the hub's queues and its dead-letter queue, asked of the
 * broker through Artemis's management address (the embedded broker and an external one alike; an external broker's
 * user needs the {@code manage} permission on {@code activemq.management}). Asked at most once per
 * {@code hub.metrics.refresh}; a broker that does not answer shows NaN, not a stale figure.
 */
@Component
class QueueDepths implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);
    private static final long ANSWER_WITHIN_MS = 2000;

    private final ConnectionFactory connections;
    private final Set<String> queues;
    private final Duration refresh;
    private final String managementAddress;
    private volatile Map<String, Double> depths = Map.of();
    private volatile long readAt;

    QueueDepths(ConnectionFactory connections, HubErrorProperties errors,
                @Value("${hub.metrics.queues:hub.issue,hub.transmit}") List<String> queues,
                @Value("${hub.metrics.refresh:PT10S}") Duration refresh,
                @Value("${hub.metrics.broker-management-address:activemq.management}") String managementAddress) {
        this.connections = connections;
        this.queues = new LinkedHashSet<>(queues);
        this.queues.add(errors.deadLetterQueue());
        this.refresh = refresh;
        this.managementAddress = managementAddress;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String queue : queues) {
            Gauge.builder("einvoice.queue.messages", this, q -> q.depths().getOrDefault(queue, Double.NaN))
                    .description("Messages waiting in a queue of the hub's broker").tag("queue", queue).register(registry);
        }
    }

    private Map<String, Double> depths() {
        long now = System.nanoTime();
        if (readAt != 0 && now - readAt <= refresh.toNanos()) {
            return depths;
        }
        synchronized (this) {
            if (readAt == 0 || System.nanoTime() - readAt > refresh.toNanos()) {
                depths = read();
                readAt = System.nanoTime();
            }
            return depths;
        }
    }

    /** Every queue's count, asked over one connection; a queue not made yet (nothing sent to it) holds 0. */
    Map<String, Double> read() {
        Map<String, Double> found = new LinkedHashMap<>();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            try (var producer = session.createProducer(ActiveMQJMSClient.createQueue(managementAddress));
                 MessageConsumer answers = session.createConsumer(replies)) {
                for (String queue : queues) {
                    Message ask = session.createMessage();
                    ask.setJMSReplyTo(replies);
                    JMSManagementHelper.putAttribute(ask, ResourceNames.QUEUE + queue, "messageCount");
                    producer.send(ask);
                    Message answer = answers.receive(ANSWER_WITHIN_MS);
                    if (answer == null) {
                        log.warn("The broker did not answer how many messages wait in {} within {} ms", queue, ANSWER_WITHIN_MS);
                        found.put(queue, Double.NaN);
                    } else if (JMSManagementHelper.hasOperationSucceeded(answer)) {
                        found.put(queue, ((Number) JMSManagementHelper.getResult(answer)).doubleValue());
                    } else {
                        // Artemis answers "not found" for a queue no one has sent to or listened on yet
                        found.put(queue, 0.0);
                    }
                }
            } finally {
                replies.delete();
            }
        } catch (Exception e) {
            log.warn("Queue depths could not be read from the broker: {}", e.toString());
            queues.forEach(q -> found.putIfAbsent(q, Double.NaN));
        }
        return found;
    }
}
