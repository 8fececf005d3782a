/**
 * Enveloped XML signatures on outbound MIG messages with each seller's certificate. The API is
 * {@link tw.einvoice.hub.signing.MessageSigner}; keys, parsing and signing stay package-private.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"seller"})
package tw.einvoice.hub.signing;
