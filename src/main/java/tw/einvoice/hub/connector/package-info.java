/**
 * Connectors whose protocol needs Java: today the Shopee (TW) Open API v2 client, its order poller and push
 * handling. Orders end in intake like every other source; cancellations and returns go through the issue
 * module's {@link tw.einvoice.hub.issue.Adjustments}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"intake", "issue", "invoice", "mig", "rules", "transmit"})
package tw.einvoice.hub.connector;
