package tw.einvoice.hub.runtime;

/**
 * A queue message failed every attempt and was moved to the dead-letter queue: nothing more happens to what it
 * names until someone fixes the cause and moves it back to {@code queue}.
 *
 * @param queue           the queue it was taken from, e.g. {@code hub.transmit}
 * @param routeId         the route that failed on it
 * @param body            what it carried (for hub queues: invoice or message ids, comma-separated)
 * @param attempts        how often it was tried
 * @param reason          the last failure
 * @param deadLetterQueue where it waits now
 */
public record MessageDeadLettered(String queue, String routeId, String body, int attempts, String reason,
                                  String deadLetterQueue) {
}
