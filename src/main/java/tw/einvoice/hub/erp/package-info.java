/**
 * ERP database connector: claims rows of a staging table in the ERP's own database and hands them to intake
 * (Kamelet {@code erp-sql-source}), and writes outcomes back into the ERP (Kamelet {@code erp-sql-sink}, and the
 * {@code erp} result-callback sink). Settings per ERP: {@code hub.erp.<name>.*}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"intake", "callback", "invoice", "rules", "runtime"})
package tw.einvoice.hub.erp;
