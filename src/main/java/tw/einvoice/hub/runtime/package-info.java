/**
 * What every part of the hub runs on: the hub's PostgreSQL (embedded or external), the embedded broker's settings,
 * the choice between embedded defaults and external servers ({@code HUB_*}), and the {@code hub-errors} failure
 * policy of the queue consumers ({@link tw.einvoice.hub.runtime.HubRouteConfiguration}) with its dead-letter queue.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package tw.einvoice.hub.runtime;
