/**
 * Finance alert digests: other stages record what finance must hear about through
 * {@link tw.einvoice.hub.notify.FinanceAlerts}; a timed route mails one digest per interval, together
 * with stuck invoices and upload deadlines it finds in the ledger.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "print", "runtime", "seller", "transmit", "consumer"})
package tw.einvoice.hub.notify;
