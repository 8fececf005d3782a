/**
 * The printed proof (電子發票證明聯): the QR and Code39 payloads of the MOF's proof layout, the 5.7 cm proof as PNG and PDF,
 * and the count of prints that marks a reprint 補印. Carrier and donated invoices have payloads but no paper.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "seller"})
package tw.einvoice.hub.print;
