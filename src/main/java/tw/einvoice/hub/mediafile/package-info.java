/**
 * The 401 business-tax media file (401 申報媒體檔): one seller's purchases and sales of a period as 81-byte
 * fixed-width records ({@link tw.einvoice.hub.mediafile.MediaFileLayout}, the one table of positions and codes),
 * with a validation report. Sales come from the ledger and the numbering's blank ranges; purchases from whatever
 * {@link tw.einvoice.hub.mediafile.PurchaseVoucherSource} the application provides (none by default).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"numbering", "rules", "digitize"})
package tw.einvoice.hub.mediafile;
