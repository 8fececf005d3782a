package tw.einvoice.hub.runtime;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import tw.einvoice.hub.intake.IntakeRoutes;
import tw.einvoice.hub.transmit.TransmitRoutes;
import tw.einvoice.hub.transmit.TurnkeyHubTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code hub-errors} on the real broker: a queue message that fails every time is tried the stated number of times,
 * then waits in {@code hub.DLQ} (not lost, not retried for ever) and finance hears of it. The hub here retries twice,
 * 50 ms apart ({@link TurnkeyHubTest}).
 */
class HubErrorsTest extends TurnkeyHubTest {

    private static final int ATTEMPTS = 1 + MAXIMUM_REDELIVERIES;

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConnectionFactory connections;
    @Autowired
    JdbcClient hub;

    @Test
    void aTransmitMessageThatAlwaysFailsIsTriedThreeTimesThenWaitsInTheDeadLetterQueueAndFinanceIsTold() throws JMSException {
        aMessageThatAlwaysFailsEndsInTheDeadLetterQueue(TransmitRoutes.TRANSMIT_QUEUE, "hub.transmit", "transmit");
    }

    @Test
    void anIssueMessageThatAlwaysFailsIsTriedThreeTimesThenWaitsInTheDeadLetterQueueAndFinanceIsTold() throws JMSException {
        aMessageThatAlwaysFailsEndsInTheDeadLetterQueue(IntakeRoutes.ISSUE_QUEUE, "hub.issue", "issue");
    }

    private void aMessageThatAlwaysFailsEndsInTheDeadLetterQueue(String endpoint, String queue, String route)
            throws JMSException {
        // neither stage can read an id that is no UUID: the same failure on every attempt
        String body = "not-an-id-" + UUID.randomUUID();

        producer.sendBody(endpoint, body);

        await().atMost(Duration.ofSeconds(30)).until(() -> !browse("hub.DLQ", body).isEmpty());
        // retries are 50 ms apart: a message tried again after dead-lettering would be back within this
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(browse("hub.DLQ", body)).as("one copy waits in hub.DLQ").hasSize(1);
            assertThat(browse(queue, body)).as("no longer in %s", queue).isEmpty();
        });
        Message dead = browse("hub.DLQ", body).get(0);
        assertThat(dead.getStringProperty(DeadLetters.QUEUE)).isEqualTo(queue);
        assertThat(dead.getStringProperty(DeadLetters.ROUTE)).isEqualTo(route);
        assertThat(dead.getIntProperty(DeadLetters.ATTEMPTS)).isEqualTo(ATTEMPTS);
        assertThat(dead.getStringProperty(DeadLetters.REASON)).startsWith("IllegalArgumentException: ").contains("UUID");
        assertThat(hub.sql("SELECT code, message FROM finance_alert WHERE kind = 'DEAD_LETTER' AND message LIKE ?")
                .param("%" + body + "%").query((rs, n) -> rs.getString(1) + " | " + rs.getString(2)).list())
                .singleElement().satisfies(alert -> assertThat(alert).startsWith("DEAD_LETTER | ")
                        .contains(queue).contains(ATTEMPTS + " times").contains("hub.DLQ"));
    }

    private List<Message> browse(String queue, String body) {
        return new JmsTemplate(connections).browse(queue, (session, browser) -> {
            List<Message> found = new ArrayList<>();
            for (Object m : Collections.list(browser.getEnumeration())) {
                if (m instanceof TextMessage text && body.equals(text.getText())) {
                    found.add(text);
                }
            }
            return found;
        });
    }
}
