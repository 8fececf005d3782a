/**
 * Reading paper vouchers (issue 16): images in (API, console, watched folder), fields out of the proof's QR codes
 * and barcode or, for other vouchers, out of Tesseract OCR, cross-checked (BAN checksum, 5 % tax, total) so that a
 * misread digit is flagged for review instead of accepted; review with an audit trail of corrections; and the
 * approved purchase vouchers a period's 401 media file reads ({@link tw.einvoice.hub.digitize.ApprovedVouchers}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"print", "rules", "invoice"})
package tw.einvoice.hub.digitize;
