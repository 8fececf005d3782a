package tw.einvoice.hub.connector;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader (commas, double-quoted cells with doubled quotes, CRLF or LF, line breaks inside
 * quotes), because commons-csv is not on the classpath and one class is cheaper than a dependency.
 * Streams record by record, so a file of any length needs only one record in memory.
 */
final class CsvRows {

    /** Big5 as Windows writes it (MS950/CP950 adds the vendor characters Excel exports use). */
    static final Charset BIG5 = Charset.forName("x-windows-950");

    private final Reader in;
    private long line = 1;
    private long recordStart = 1;
    private int peeked = -2;

    CsvRows(Reader in) {
        this.in = in;
    }

    /** The line the record last returned by {@link #next()} started on (1-based). */
    long recordLine() {
        return recordStart;
    }

    /** The next record's cells, or null at the end of input. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        recordStart = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new DropFileUnreadable("line " + recordStart + ": a quoted cell is never closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append((char) c);
                }
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        peeked = n;
                    }
                }
                if (c != -1) {
                    line++;
                }
                cells.add(cell.toString());
                return cells;
            } else if (c == '"' && cell.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                cell.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int p = peeked;
            peeked = -2;
            return p;
        }
        return in.read();
    }

    /**
     * UTF-8 (a BOM is skipped) when the bytes are valid UTF-8, else Big5/MS950: Taiwanese Excel saves CSV in
     * MS950, and MS950 text is almost never valid UTF-8, so validity decides. Checks the first {@code probe}
     * bytes (cutting a trailing partial character), which keeps detection O(1) in file size.
     */
    static Charset detect(InputStream head, int probe) throws IOException {
        byte[] bytes = head.readNBytes(probe);
        int len = bytes.length;
        if (len == probe) {
            // don't let a multi-byte character cut by the probe make valid UTF-8 look invalid
            int back = 0;
            while (back < 3 && back < len && (bytes[len - 1 - back] & 0xC0) == 0x80) {
                back++;
            }
            if (back < len && (bytes[len - 1 - back] & 0xC0) == 0xC0) {
                len = len - 1 - back;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, len));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return BIG5;
        }
    }
}
