package tw.einvoice.hub.bench;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

/**
 * A large csv-default/xlsx-default file for {@code bench drop} and the large-batch test: two item rows per invoice,
 * invoices alternating between the seller's two branches, every 1,000th invoice naming no seller (so intake
 * rejects it, both of its rows).
 */
public final class DropSample {

    public static final String[] HEAD = {"sourceRef", "sellerId", "branchId", "issuedAt", "carrierType", "carrierId",
            "taxType", "pricesIncludeTax", "description", "quantity", "unitPrice", "amount"};

    private DropSample() {
    }

    /** Invoice {@code i / 2} of the file; {@code prefix} keeps sourceRefs apart between runs. */
    public static String[] row(String prefix, int i, String sellerId, String[] branches, OffsetDateTime issuedAt) {
        int invoice = i / 2;
        return new String[]{prefix + "-" + invoice, rejected(invoice) ? "" : sellerId, branches[invoice % branches.length],
                issuedAt.toString(), "3J0002", "/ABC+123", "1", "Y", i % 2 == 0 ? "乾電池" : "手電筒", "1", "105", "105"};
    }

    /** Whether invoice {@code invoice} of a sample is one intake must reject. */
    public static boolean rejected(int invoice) {
        return invoice % 1000 == 999;
    }

    public static void writeXlsx(Path file, int rows, String prefix, String sellerId, String[] branches,
                                 OffsetDateTime issuedAt) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            wb.setCompressTempFiles(true);
            var sheet = wb.createSheet();
            var h = sheet.createRow(0);
            for (int c = 0; c < HEAD.length; c++) {
                h.createCell(c).setCellValue(HEAD[c]);
            }
            for (int i = 0; i < rows; i++) {
                var r = sheet.createRow(i + 1);
                String[] v = row(prefix, i, sellerId, branches, issuedAt);
                for (int c = 0; c < v.length; c++) {
                    r.createCell(c).setCellValue(v[c]);
                }
            }
            wb.write(out);
            wb.dispose();
        }
    }

    public static void writeCsv(Path file, Charset charset, int rows, String prefix, String sellerId, String[] branches,
                                OffsetDateTime issuedAt) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, charset)) {
            w.write(String.join(",", HEAD) + "\r\n");
            for (int i = 0; i < rows; i++) {
                w.write(String.join(",", row(prefix, i, sellerId, branches, issuedAt)) + "\r\n");
            }
        }
    }
}
