package tw.einvoice.hub.drop;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import tw.einvoice.hub.rules.RuleSettings;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first sheet of an XLSX file, row by row, through POI's SAX event API: memory stays flat however many
 * rows the sheet has (the DOM user model would hold every cell). Shared strings are read read-only.
 * <p>
 * Safety: POI's {@link ZipSecureFile} refuses entries that inflate more than {@link #MIN_INFLATE_RATIO}
 * times (zip bombs) or grow past {@link #MAX_ENTRY_BYTES}; workbooks with external links or data connections
 * are refused, and formulas are never evaluated: only the value Excel cached is read, so nothing reaches
 * outside the sheet.
 * <p>
 * Typed cells: a date cell becomes an ISO date-time in Taiwan time (what {@code issuedAt} expects) and a number
 * cell its plain value, whatever Excel shows ({@code 1,050}, {@code $105.00}, {@code 5%}, {@code 1.2E+11} would
 * each fail or mislead the mapping). Zero-padded formats ({@code 00000000}) keep their display, because a BAN
 * or code typed as a number needs its leading zeros back.
 */
final class XlsxRows {

    static final double MIN_INFLATE_RATIO = 0.01;
    static final long MAX_ENTRY_BYTES = 1L << 30;
    private static final Pattern BOMB_ENTRY = Pattern.compile("Entry: (\\S+)");

    static {
        // global POI settings; set once here so every XLSX the hub opens is held to them
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    private XlsxRows() {
    }

    static void read(Path file, Consumer<DropRow> rows) {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            if (!pkg.getPartsByContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml").isEmpty()) {
                throw new DropFileUnreadable("the workbook links to other workbooks (external links are refused)");
            }
            if (!pkg.getPartsByContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml").isEmpty()) {
                throw new DropFileUnreadable("the workbook has data connections (refused)");
            }
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new DropFileUnreadable("the workbook has no sheet");
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                // formulasNotResults=false: the cached result, never the formula
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                        new Handler(rows), new CellText(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (DropFileUnreadable e) {
            throw e;
        } catch (Exception e) {
            throw unreadable(e);
        }
    }

    /**
     * A zip bomb surfaces as POI's IOException, wrapped in whatever was reading (SAX, OPC). Its message tells a
     * developer which limit to raise; the uploader is told what was refused and why.
     */
    private static DropFileUnreadable unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.startsWith("Zip bomb detected!")) {
                Matcher entry = BOMB_ENTRY.matcher(message);
                String part = entry.find() ? "its part " + entry.group(1) : "a part of it";
                return new DropFileUnreadable("refused as a zip bomb: " + part + (message.contains("max. ratio")
                        ? " would inflate more than " + Math.round(1 / MIN_INFLATE_RATIO) + " times its compressed size"
                        : " would inflate beyond " + (MAX_ENTRY_BYTES >> 20) + " MB"), e);
            }
        }
        return new DropFileUnreadable("not a readable XLSX workbook: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Cell text as the mapping needs it rather than as Excel displays it; see the class comment. */
    static final class CellText extends DataFormatter {

        private static final Pattern ZERO_PADDED = Pattern.compile("0{2,}");

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString)
                    && DateUtil.isValidExcelDate(value)) {
                LocalDateTime local = DateUtil.getLocalDateTime(value, use1904Windowing, true);
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local.atZone(RuleSettings.TAIPEI));
            }
            if (formatString != null && ZERO_PADDED.matcher(formatString).matches()) {
                return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
            }
            // BigDecimal.valueOf reads the shortest decimal that round-trips, so 0.1 stays 0.1, not 0.1000000000000000055…
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    private static final class Handler implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Consumer<DropRow> rows;
        private List<String> header;
        private final Map<Integer, String> current = new HashMap<>();

        Handler(Consumer<DropRow> rows) {
            this.rows = rows;
        }

        @Override
        public void startRow(int rowNum) {
            current.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (current.values().stream().allMatch(String::isBlank)) {
                return;
            }
            if (header == null) {
                int width = current.keySet().stream().mapToInt(i -> i).max().orElse(-1) + 1;
                header = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    header.add(current.getOrDefault(i, "").trim());
                }
                return;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                if (!header.get(i).isEmpty()) {
                    cells.put(header.get(i), current.getOrDefault(i, ""));
                }
            }
            long number = rowNum + 1L;
            boolean outside = current.keySet().stream().anyMatch(i -> i >= header.size() || header.get(i).isEmpty());
            rows.accept(outside
                    ? DropRow.failed(number, "row: a cell lies in a column without a header")
                    : DropRow.ok(number, cells));
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            if (ref != null && value != null) {
                current.put((int) new CellReference(ref).getCol(), value);
            }
        }
    }
}
