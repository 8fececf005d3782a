/**
 * B2B exchange (B2B交換): invoices to buyers registered for exchange go out as A0101 through Turnkey's
 * {@code B2BEXCHANGE} channel and wait for the buyer's A0102 (confirmed) or A0301 (rejected); invoices other businesses
 * send us arrive in Turnkey's DownCast folder, are checked, stored as purchase invoices and answered. A seller's cancel
 * (A0201) and allowances (B0101, B0201) travel the same way and wait for, or get, their answers. Public surface:
 * {@link tw.einvoice.hub.exchange.Exchange} and its records.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "mig", "notify", "seller"})
package tw.einvoice.hub.exchange;
