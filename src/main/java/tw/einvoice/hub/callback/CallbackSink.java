package tw.einvoice.hub.callback;

/**
 * A way to tell a source the outcome. A bean per type ({@code webhook}, {@code file}, {@code erp}, …); the type
 * named in {@code hub.callback.<connector>.type} is used. Throwing means "not delivered": the outbox retries
 * with backoff, so a sink must be safe to call again with the same callback (use {@link Callback#idempotencyKey()}).
 */
public interface CallbackSink {

    String type();

    void deliver(Callback callback, SinkSettings settings) throws Exception;
}
