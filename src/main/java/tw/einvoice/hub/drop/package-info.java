/**
 * Files of invoices: drop folders (local and SFTP, through the routes and Kamelets that call the bean
 * {@code dropFiles}), Excel/CSV batches posted to the API ({@link tw.einvoice.hub.drop.Batches}), and the readers
 * behind both (CSV, XLSX, MIG F0401 XML) with their limits. Rows go to intake in chunks; each file gets a per-row
 * result file.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"intake", "mig", "rules"})
package tw.einvoice.hub.drop;
