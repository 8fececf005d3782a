/**
 * Shopee (TW) as a source of invoices: the Open API v2 client and its signatures, shop authorisation (OAuth) and
 * tokens, the order poller, live and lost pushes. Orders end in intake like every other source; cancellations and
 * returns go through the issue module's {@link tw.einvoice.hub.issue.Adjustments} once the invoice is confirmed.
 * <p>
 * The web module reaches it through {@link tw.einvoice.hub.shopee.ShopeeAuthorization} and
 * {@link tw.einvoice.hub.shopee.ShopeePush}; the Kamelet {@code shopee-orders-source} through the bean
 * {@code shopeeOrders}. Everything else is package-private.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"intake", "invoice", "issue", "notify", "transmit", "runtime"})
package tw.einvoice.hub.shopee;
