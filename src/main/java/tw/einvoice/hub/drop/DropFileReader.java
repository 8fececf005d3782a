package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.io.input.BOMInputStream;
import tw.einvoice.hub.mig.MigFormatException;
import tw.einvoice.hub.mig.MigJson;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a dropped file (CSV, XLSX or MIG XML, chosen by extension) into rows keyed by column header, streaming,
 * with the file-size and row-count limits applied. Whole-file problems throw {@link DropFileUnreadable}; a
 * problem in one row becomes that row's error and the others go on. A MIG XML file is one F0401 invoice and
 * one row: see {@link DropRow}.
 */
final class DropFileReader {

    public enum Format {
        CSV("csv-default"), XLSX("xlsx-default"), XML("mig-f0401");

        private final String defaultMapping;

        Format(String defaultMapping) {
            this.defaultMapping = defaultMapping;
        }

        /** The mapping a file of this type goes through when its route names none. */
        public String defaultMapping() {
            return defaultMapping;
        }
    }

    private static final int PROBE = 64 * 1024;

    private final long maxFileBytes;
    private final long maxRows;

    DropFileReader(long maxFileBytes, long maxRows) {
        this.maxFileBytes = maxFileBytes;
        this.maxRows = maxRows;
    }

    public static Format formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv") || n.endsWith(".txt")) {
            return Format.CSV;
        }
        if (n.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        if (n.endsWith(".xml")) {
            return Format.XML;
        }
        throw new DropFileUnreadable("unsupported file type: " + fileName + " (expected .csv, .xlsx or .xml)");
    }

    /**
     * Reads every data row. Counts first (a cheap streaming pass) so that an oversized file is refused
     * before any row reaches intake, rather than half-processed; returns the number of data rows.
     */
    public long read(Path file, String fileName, Consumer<DropRow> rows) {
        long total = count(file, fileName);
        stream(file, fileName, rows);
        return total;
    }

    /** Data rows in the file, refusing it when it is over the size or row limit. */
    public long count(Path file, String fileName) {
        checkSize(file);
        long[] n = {0};
        stream(file, fileName, r -> {
            if (++n[0] > maxRows) {
                throw new DropFileUnreadable("more than " + maxRows + " data rows (hub.drop.max-rows)");
            }
        });
        return n[0];
    }

    private void checkSize(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw new DropFileUnreadable("file is " + size + " bytes, over the limit of " + maxFileBytes + " (hub.drop.max-file-size)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stream(Path file, String fileName, Consumer<DropRow> rows) {
        switch (formatOf(fileName)) {
            case CSV -> readCsv(file, rows);
            case XLSX -> XlsxRows.read(file, rows);
            case XML -> readXml(file, rows);
        }
    }

    /** One F0401 as row 1; its invoice number is the sourceRef, so a second drop of it is a duplicate. */
    static void readXml(Path file, Consumer<DropRow> rows) {
        ObjectNode doc;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            doc = MigJson.f0401(in);
        } catch (MigFormatException e) {
            throw new DropFileUnreadable(e.getMessage(), e);
        } catch (IOException e) {
            throw new DropFileUnreadable("cannot read the file: " + e.getMessage(), e);
        }
        JsonNode main = doc.path("Invoice").path("Main");
        String number = main.path("InvoiceNumber").asText("").strip();
        if (number.isEmpty()) {
            rows.accept(DropRow.failed(1, "InvoiceNumber: required in an XML drop (it is the invoice's sourceRef)"));
            return;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("sourceRef", number);
        keys.put("sellerId", main.path("Seller").path("Identifier").asText("").strip());
        rows.accept(DropRow.document(1, keys, doc));
    }

    static Charset encodingOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CsvRows.detect(in, PROBE);
        }
    }

    private static void readCsv(Path file, Consumer<DropRow> rows) {
        try {
            Charset charset = encodingOf(file);
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            try (InputStream raw = charset.equals(StandardCharsets.UTF_8) ? BOMInputStream.builder().setInputStream(in).get() : in) {
                // REPORT, not REPLACE: a byte sequence invalid in the detected encoding must not turn into '?' in an invoice
                CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                CsvRows csv = new CsvRows(new InputStreamReader(raw, decoder), charset);
                List<String> header = csv.next();
                while (header != null && header.stream().allMatch(String::isBlank)) {
                    header = csv.next();
                }
                if (header == null) {
                    throw new DropFileUnreadable("the file is empty (a header row is expected)");
                }
                header = header.stream().map(String::trim).toList();
                List<String> cells;
                while ((cells = csv.next()) != null) {
                    if (cells.stream().allMatch(String::isBlank)) {
                        continue;
                    }
                    long number = csv.recordLine();
                    if (cells.size() > header.size()) {
                        rows.accept(DropRow.failed(number, "row: " + cells.size() + " cells but the header has " + header.size()));
                        continue;
                    }
                    Map<String, String> map = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        if (!header.get(i).isEmpty()) {
                            map.put(header.get(i), i < cells.size() ? cells.get(i) : "");
                        }
                    }
                    rows.accept(DropRow.ok(number, map));
                }
            }
        } catch (IOException e) {
            throw new DropFileUnreadable("cannot read the file: " + e.getMessage(), e);
        }
    }
}
