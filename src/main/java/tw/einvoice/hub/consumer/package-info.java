/**
 * The consumer query site: public pages under {@code /my/} (no staff login, separate from the console, zh-TW), where
 * a consumer finds their invoices by member carrier through a signed, expiring link, or by order number plus the
 * invoice's random code; sees each invoice as its proof image; and gets what attributing (歸戶) the member carrier to a
 * mobile barcode on the MOF platform needs. Rate-limited per client address. See docs/members.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "carrier", "print", "seller"})
package tw.einvoice.hub.consumer;
