package tw.einvoice.hub.connector;

import java.util.Map;

/**
 * One data row of a dropped file: its row number as the user sees it (the header is row 1, as in a
 * spreadsheet or a text editor for a CSV without line breaks inside cells), the cells by column header,
 * or why the row could not be read.
 */
public record DropRow(long number, Map<String, String> cells, String error) {

    public static DropRow ok(long number, Map<String, String> cells) {
        return new DropRow(number, cells, null);
    }

    public static DropRow failed(long number, String error) {
        return new DropRow(number, Map.of(), error);
    }

    public String cell(String column) {
        String v = cells.get(column);
        return v == null ? "" : v.trim();
    }
}
