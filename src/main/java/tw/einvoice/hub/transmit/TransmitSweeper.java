package tw.einvoice.hub.transmit;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.MessageStore;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Finds rendered messages that were committed but never reached the transmit queue (a crash between the commit and
 * the send), and marks them once they are queued again, so a message that keeps failing is dead-lettered once rather
 * than re-queued every sweep.
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
        return messages.renderedNotEnqueued(OffsetDateTime.now(clock).minus(after), PER_SWEEP).stream()
                .map(UUID::toString).toList();
    }

    public void enqueued(String messageId) {
        messages.markEnqueued(List.of(UUID.fromString(messageId)));
    }
}
