/**
 * Seller certificates and the tamper-evident archive of every message the hub emits: a SHA-256 and a detached CMS
 * signature over each message's exact bytes ({@link tw.einvoice.hub.signing.MessageArchive}), re-checked by
 * {@link tw.einvoice.hub.signing.ArchiveAudit}; and the certificate watch, which mails finance before a seller's
 * certificate expires. The files Turnkey receives stay bare MIG; Turnkey signs its envelopes itself.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"seller", "invoice", "notify"})
package tw.einvoice.hub.signing;
