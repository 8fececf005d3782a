/**
 * MIG 4.1 messages: rendering (JAXB), XSD validation against the hub's own or the official schemas, and light
 * readers of MIG messages and Turnkey downloads (E0501, SummaryResult). Plain Java apart from
 * {@link tw.einvoice.hub.mig.MigConfiguration}, so the CLI uses it without Spring.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "rules"})
package tw.einvoice.hub.mig;
