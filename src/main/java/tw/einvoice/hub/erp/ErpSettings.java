package tw.einvoice.hub.erp;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code hub.erp.<name>.*}: where one ERP's staging table is.
 *
 * @param table           staging (header) table, default {@code einvoice_staging}
 * @param linesTable      its lines, default {@code <table>_line}
 * @param resultProcedure when set, results go to {@code CALL <procedure>(source_ref, invoice_number, random_code,
 *                        status, error_code, error_message)} instead of the staging table's result columns
 * @param claimTimeout    a row CLAIMED longer than this (its node died) may be claimed again; intake is idempotent
 *                        on (connector, sourceRef), so a second delivery makes no second invoice
 */
public record ErpSettings(String name, String url, String user, String password, String table, String linesTable,
                          String resultProcedure, Duration claimTimeout) {

    // table and procedure names go into SQL text (JDBC cannot bind them): only plain, optionally schema-qualified names
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public ErpSettings {
        table = identifier(table == null || table.isBlank() ? "einvoice_staging" : table, "table");
        linesTable = identifier(linesTable == null || linesTable.isBlank() ? table + "_line" : linesTable, "lines-table");
        resultProcedure = resultProcedure == null || resultProcedure.isBlank() ? null
                : identifier(resultProcedure, "result-procedure");
        claimTimeout = claimTimeout == null ? Duration.ofMinutes(5) : claimTimeout;
    }

    private String identifier(String value, String key) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("hub.erp." + name + "." + key + " is not a plain SQL name: " + value);
        }
        return value;
    }
}
