package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import tw.einvoice.hub.badinput.BadInputCorpus.Case;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The XLSX files of {@code bad-input/drop-xlsx}, built when the test runs (a zip bomb would be a poor thing to keep in
 * the repository, and the hostile parts need the canary's address of this run): {@code cells} is a plain workbook of
 * the case's rows under the csv-default header; the other kinds take such a workbook apart and change one part.
 */
final class BadWorkbooks {

    static final String[] HEADER = {"sourceRef", "sellerId", "issuedAt", "carrierType", "carrierId", "taxType",
            "pricesIncludeTax", "description", "quantity", "unitPrice", "amount"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHEET = "xl/worksheets/sheet1.xml";
    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private BadWorkbooks() {
    }

    static byte[] build(Case c, String rowsJson, String canaryText, String canaryUri, String canaryHttp) throws IOException {
        JsonNode rows = rowsJson.isEmpty() ? JSON.createArrayNode() : JSON.readTree(rowsJson);
        String kind = c.detail("workbook");
        return switch (kind) {
            case "cells" -> cells(new XSSFWorkbook(), rows, false);
            case "formula-without-cached-value" -> cells(new XSSFWorkbook(), rows, true);
            case "xls" -> cells(new HSSFWorkbook(), rows, false);
            case "truncated" -> {
                byte[] whole = cells(new XSSFWorkbook(), rows, false);
                yield Arrays.copyOf(whole, whole.length / 2);
            }
            case "zip-bomb" -> bomb(cells(new XSSFWorkbook(), rows, false));
            case "xxe-sheet" -> replace(cells(new XSSFWorkbook(), rows, false), SHEET, doctypeSheet(
                    "<!DOCTYPE worksheet [<!ENTITY x SYSTEM \"" + canaryUri + "\"><!ENTITY y SYSTEM \"" + canaryHttp + "\">]>", "&x;&y;"));
            case "billion-laughs-sheet" -> replace(cells(new XSSFWorkbook(), rows, false), SHEET, doctypeSheet(laughs(), "&lol9;"));
            case "xxe-shared-strings" -> replace(cells(new XSSFWorkbook(), rows, false), "xl/sharedStrings.xml",
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"" + canaryUri + "\">]>"
                            + "<sst xmlns=\"" + MAIN_NS + "\" count=\"1\" uniqueCount=\"1\"><si><t>&x;</t></si></sst>")
                            .getBytes(StandardCharsets.UTF_8));
            case "external-link" -> externalLink(cells(new XSSFWorkbook(), rows, false), canaryUri);
            default -> throw new IllegalArgumentException(c + ": workbook kind " + kind);
        };
    }

    private static byte[] cells(Workbook wb, JsonNode rows, boolean formulaAmount) throws IOException {
        try (wb) {
            Sheet sheet = wb.createSheet("invoices");
            Row head = sheet.createRow(0);
            for (int i = 0; i < HEADER.length; i++) {
                head.createCell(i).setCellValue(HEADER[i]);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                JsonNode cells = rows.get(r);
                for (int i = 0; i < cells.size(); i++) {
                    String v = cells.get(i).asText();
                    if (formulaAmount && i == HEADER.length - 1) {
                        row.createCell(i).setCellFormula("I" + (r + 2) + "*J" + (r + 2));
                    } else {
                        row.createCell(i).setCellValue(v);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The sheet part grows to some 150 MB of blanks inside a file of a few hundred kB: the ratio a bomb has. */
    private static byte[] bomb(byte[] workbook) throws IOException {
        Map<String, byte[]> parts = parts(workbook);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                if (part.getKey().equals(SHEET)) {
                    String xml = new String(part.getValue(), StandardCharsets.UTF_8);
                    int cut = xml.indexOf("<sheetData>") >= 0 ? xml.indexOf("<sheetData>") : xml.indexOf("<sheetData/>");
                    zip.write(xml.substring(0, cut).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 20];
                    Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 150; i++) {
                        zip.write(blanks);
                    }
                    zip.write(xml.substring(cut).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(part.getValue());
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] doctypeSheet(String doctype, String cellText) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doctype + "<worksheet xmlns=\"" + MAIN_NS + "\"><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>sourceRef</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>description</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>" + cellText
                + "</t></is></c></row></sheetData></worksheet>").getBytes(StandardCharsets.UTF_8);
    }

    private static String laughs() {
        StringBuilder s = new StringBuilder("<!DOCTYPE worksheet [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            s.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return s.append("]>").toString();
    }

    private static byte[] externalLink(byte[] workbook, String target) throws IOException {
        Map<String, byte[]> parts = parts(workbook);
        String types = new String(parts.get("[Content_Types].xml"), StandardCharsets.UTF_8).replace("</Types>",
                "<Override PartName=\"/xl/externalLinks/externalLink1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml\"/></Types>");
        parts.put("[Content_Types].xml", types.getBytes(StandardCharsets.UTF_8));
        parts.put("xl/externalLinks/externalLink1.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><externalLink xmlns=\""
                + MAIN_NS + "\"><externalBook r:id=\"rId1\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/></externalLink>")
                .getBytes(StandardCharsets.UTF_8));
        parts.put("xl/externalLinks/_rels/externalLink1.xml.rels", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath\" Target=\""
                + target + "\" TargetMode=\"External\"/></Relationships>").getBytes(StandardCharsets.UTF_8));
        return zip(parts);
    }

    private static byte[] replace(byte[] workbook, String part, byte[] content) throws IOException {
        Map<String, byte[]> parts = parts(workbook);
        parts.put(part, content);
        return zip(parts);
    }

    private static Map<String, byte[]> parts(byte[] workbook) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(workbook))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        return parts;
    }

    private static byte[] zip(Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
