package tw.einvoice.hub.drop;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * The records of a CSV file (RFC 4180, through commons-csv), one at a time, each with the line it starts on: a
 * cell may hold line breaks, so the result file's row number cannot simply count records. Only one record is in
 * memory however long the file is.
 * <p>
 * Strict where a lenient reader would guess: text after a closing quote ({@code "100"0}) or a quote never closed
 * makes the whole file unreadable, naming the line, because guessing could change an amount.
 */
final class CsvRows {

    /** Big5 as Windows writes it (MS950/CP950 adds the vendor characters Excel exports use). */
    static final Charset BIG5 = Charset.forName("x-windows-950");

    /** Empty lines are records too (and skipped by the reader): ignoring them here would shift the line count. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Charset charset;
    private long recordLine;

    CsvRows(Reader in, Charset charset) throws IOException {
        this.parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
        this.records = parser.iterator();
        this.charset = charset;
    }

    /** The line the record last returned by {@link #next()} started on (1-based). */
    long recordLine() {
        return recordLine;
    }

    /** The next record's cells, or null at the end of input. */
    List<String> next() {
        // the iterator reads exactly one record ahead on hasNext(), so the lexer now stands at the record's start
        long line = parser.getCurrentLineNumber() + 1;
        try {
            if (!records.hasNext()) {
                return null;
            }
        } catch (UncheckedIOException e) {
            throw unreadable(line, e.getCause());
        }
        recordLine = line;
        return records.next().toList();
    }

    private DropFileUnreadable unreadable(long line, IOException cause) {
        if (cause instanceof CharacterCodingException) {
            // the decoder reads ahead of the parser, so the bad bytes lie on this record's line or a later one
            return new DropFileUnreadable("the text is neither UTF-8 nor Big5/MS950: a byte sequence invalid in "
                    + (charset.equals(BIG5) ? "Big5/MS950" : "UTF-8") + " at line " + line + " or after", cause);
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (reason.contains("EOF reached before encapsulated token finished")) {
            reason = "a quoted cell is never closed";
        } else if (reason.contains("Invalid character between encapsulated token and delimiter")) {
            reason = "text follows a closing quote before the next comma (write \"\" for a quote inside a quoted cell)";
        }
        return new DropFileUnreadable("line " + line + ": not valid CSV: " + reason, cause);
    }

    /**
     * UTF-8 (a BOM is skipped) when the bytes are valid UTF-8, else Big5/MS950: Taiwanese Excel saves CSV in
     * MS950, and MS950 text is almost never valid UTF-8, so validity decides. Checks the first {@code probe}
     * bytes (cutting a trailing partial character), which keeps detection O(1) in file size; a later invalid
     * byte is still refused while reading, since the decoder reports rather than replaces.
     */
    static Charset detect(InputStream head, int probe) throws IOException {
        byte[] bytes = head.readNBytes(probe);
        int len = bytes.length;
        // UTF-16 (Excel's "Unicode text") is valid UTF-8 when it is ASCII, NULs and all: name it instead of reading it
        if (len >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new DropFileUnreadable("the file is UTF-16 (a byte-order mark FFFE/FEFF); save it as CSV in UTF-8 or Big5");
        }
        // without a BOM, UTF-16 shows as NULs between the letters; a NUL or two in a cell stays that row's error
        int nuls = 0;
        for (int i = 0; i < len; i++) {
            nuls += bytes[i] == 0 ? 1 : 0;
        }
        if (nuls * 4 > len) {
            throw new DropFileUnreadable(nuls + " of the first " + len + " bytes are NUL: the file is UTF-16 or binary, not CSV text in UTF-8 or Big5");
        }
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
