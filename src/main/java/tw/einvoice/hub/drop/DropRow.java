package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * One data row of a dropped file: its row number as the user sees it (the header is row 1, as in a
 * spreadsheet or a text editor for a CSV without line breaks inside cells), the cells by column header,
 * or why the row could not be read. A MIG XML file is one row (number 1) whose {@code document} is the whole
 * message as a JSON tree, what its mapping reads; its cells then hold only {@code sourceRef} and {@code sellerId}.
 */
record DropRow(long number, Map<String, String> cells, String error, ObjectNode document) {

    public static DropRow ok(long number, Map<String, String> cells) {
        return new DropRow(number, cells, null, null);
    }

    static DropRow document(long number, Map<String, String> keys, ObjectNode document) {
        return new DropRow(number, keys, null, document);
    }

    public static DropRow failed(long number, String error) {
        return new DropRow(number, Map.of(), error, null);
    }

    public String cell(String column) {
        String v = cells.get(column);
        return v == null ? "" : v.trim();
    }
}
