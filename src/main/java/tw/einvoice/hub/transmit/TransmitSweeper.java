package tw.einvoice.hub.transmit;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.MessageStore;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Finds rendered messages that were committed but whose queue message never reached transmit (a crash between the
 * commit and the send, or between the ledger's "queued" mark and the issue consumer's commit, which would have sent
 * it), and marks them once they are queued again. A message whose hand-over began is the queue's and, if it keeps
 * failing, the dead-letter queue's: it is not queued again.
 */
@Component
class TransmitSweeper {

    private static final int PER_SWEEP = 500;

    private final MessageStore messages;
    private final Clock clock;
    private final Duration after;

    TransmitSweeper(MessageStore messages, Clock clock, TransmitProperties settings) {
        this.messages = messages;
        this.clock = clock;
        this.after = settings.sweep().after();
    }

    public List<String> pending() {
        return messages.renderedNotHandedOver(OffsetDateTime.now(clock).minus(after), PER_SWEEP).stream()
                .map(UUID::toString).toList();
    }

    public void enqueued(String messageId) {
        messages.markEnqueued(List.of(UUID.fromString(messageId)));
    }
}
