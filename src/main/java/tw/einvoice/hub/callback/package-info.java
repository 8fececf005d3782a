/**
 * Result callbacks: every invoice outcome (issued, confirmed, rejected, cancelled, voided) of a source whose
 * connector has a sink configured ({@code hub.callback.<connector>.type}) is recorded in a durable outbox in the
 * same transaction as the status change, and pushed to that sink by a timer route with retries and backoff.
 * Sink types are {@link tw.einvoice.hub.callback.CallbackSink} beans; other modules (the ERP connector) add theirs.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "notify", "exchange", "runtime"})
package tw.einvoice.hub.callback;
