package tw.einvoice.hub.drop;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropFileReaderTest {

    static final String CSV = "sourceRef,description,amount\r\nA-1,乾電池,100\r\nA-1,\"手電筒, \"\"大\"\"\",110\r\n";

    @TempDir
    Path dir;

    DropFileReader reader = new DropFileReader(10_000_000, 1000);

    List<DropRow> read(Path file) {
        List<DropRow> rows = new ArrayList<>();
        reader.read(file, file.getFileName().toString(), rows::add);
        return rows;
    }

    @Test
    void big5CsvIsReadAsTraditionalChinese() throws Exception {
        Path file = Files.write(dir.resolve("big5.csv"), CSV.getBytes(CsvRows.BIG5));
        assertThat(DropFileReader.encodingOf(file)).isEqualTo(CsvRows.BIG5);
        List<DropRow> rows = read(file);
        assertThat(rows).extracting(r -> r.cell("description")).containsExactly("乾電池", "手電筒, \"大\"");
    }

    @Test
    void utf8CsvWithBomHasAPlainFirstHeader() throws Exception {
        byte[] body = CSV.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        List<DropRow> rows = read(Files.write(dir.resolve("bom.csv"), withBom));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).cells()).containsKey("sourceRef");
        assertThat(rows.get(0).cell("sourceRef")).isEqualTo("A-1");
        assertThat(rows.get(1).cell("description")).isEqualTo("手電筒, \"大\"");
        assertThat(rows).extracting(DropRow::number).containsExactly(2L, 3L);
    }

    @Test
    void utf8CsvWithoutBomAndLineBreakInsideQuotesKeepsRowNumbers() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.csv"), "sourceRef,remark\nB-1,\"two\nlines\"\nB-2,x,extra\nB-3,ok\n");
        List<DropRow> rows = read(file);
        assertThat(rows.get(0).cell("remark")).isEqualTo("two\nlines");
        assertThat(rows.get(1).error()).contains("3 cells");
        assertThat(rows).extracting(DropRow::number).containsExactly(2L, 4L, 5L);
    }

    @Test
    void quotedCellNeverClosedMakesTheFileUnreadableNamingItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("open.csv"), "sourceRef,remark\nQ-1,fine\nQ-2,\"never closed\nQ-3,x\n");
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessage("line 3: not valid CSV: a quoted cell is never closed");
    }

    @Test
    void textAfterAClosingQuoteIsRefusedRatherThanGuessedAt() throws Exception {
        Path file = Files.writeString(dir.resolve("stray.csv"), "sourceRef,amount\nS-1,100\nS-2,\"100\"0\n");
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessageStartingWith("line 3: not valid CSV: text follows a closing quote");
    }

    @Test
    void byteSequenceInvalidInBig5IsRefusedNotReplaced() throws Exception {
        byte[] good = CSV.getBytes(CsvRows.BIG5);
        byte[] bad = "A-2,".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[good.length + bad.length + 4];
        System.arraycopy(good, 0, body, 0, good.length);
        System.arraycopy(bad, 0, body, good.length, bad.length);
        body[good.length + bad.length] = (byte) 0xA4; // a Big5 lead byte whose second byte cannot follow it
        body[good.length + bad.length + 1] = (byte) 0x7F;
        body[good.length + bad.length + 2] = ',';
        body[good.length + bad.length + 3] = '\n';
        Path file = Files.write(dir.resolve("broken-big5.csv"), body);
        assertThat(DropFileReader.encodingOf(file)).isEqualTo(CsvRows.BIG5);
        List<DropRow> rows = new ArrayList<>();

        assertThatThrownBy(() -> reader.read(file, "broken-big5.csv", rows::add)).isInstanceOf(DropFileUnreadable.class)
                .hasMessage("the text is neither UTF-8 nor Big5/MS950: a byte sequence invalid in Big5/MS950 at line 1 or after");
        assertThat(rows).as("refused before any row was handed on").isEmpty();
    }

    @Test
    void fileOverTheRowLimitIsRefusedBeforeAnyRowIsHandedOn() throws Exception {
        Path file = Files.writeString(dir.resolve("many.csv"), "sourceRef\nA\nB\nC\n");
        List<DropRow> rows = new ArrayList<>();
        assertThatThrownBy(() -> new DropFileReader(1000, 2).read(file, "many.csv", rows::add))
                .isInstanceOf(DropFileUnreadable.class).hasMessageContaining("more than 2");
        assertThat(rows).isEmpty();
    }

    @Test
    void fileOverTheSizeLimitIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("big.csv"), "sourceRef\nA\n");
        assertThatThrownBy(() -> new DropFileReader(5, 10).read(file, "big.csv", r -> { }))
                .isInstanceOf(DropFileUnreadable.class).hasMessageContaining("over the limit");
    }

    @Test
    void xlsxRowsComeWithSpreadsheetRowNumbers() throws Exception {
        Path file = dir.resolve("sheet.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet("invoices");
            var h = sheet.createRow(0);
            h.createCell(0).setCellValue("sourceRef");
            h.createCell(1).setCellValue("amount");
            var r = sheet.createRow(1);
            r.createCell(0).setCellValue("X-1");
            r.createCell(1).setCellValue(105);
            var gap = sheet.createRow(3);
            gap.createCell(0).setCellValue("X-2");
            gap.createCell(1).setCellValue(110);
            wb.write(out);
        }
        List<DropRow> rows = read(file);
        assertThat(rows).extracting(DropRow::number).containsExactly(2L, 4L);
        assertThat(rows).extracting(r -> r.cell("amount")).containsExactly("105", "110");
    }

    @Test
    void formulaCellsGiveTheValueExcelSavedAndAreNeverEvaluated() throws Exception {
        Path file = dir.resolve("formulas.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet("invoices");
            String[] head = {"sourceRef", "unitPrice", "amount", "description"};
            var h = sheet.createRow(0);
            for (int c = 0; c < head.length; c++) {
                h.createCell(c).setCellValue(head[c]);
            }
            var evaluated = sheet.createRow(1);
            evaluated.createCell(0).setCellValue("F-1");
            evaluated.createCell(1).setCellValue(105);
            evaluated.createCell(2).setCellFormula("B2*2");
            evaluated.createCell(3).setCellFormula("CONCATENATE(\"乾電池\",\" x2\")");
            // Excel evaluates on save and stores the result beside the formula: what a workbook from Excel carries
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            var stale = sheet.createRow(2);
            stale.createCell(0).setCellValue("F-2");
            stale.createCell(1).setCellValue(105);
            var amount = stale.createCell(2);
            amount.setCellFormula("B3*2");
            amount.setCellValue(999); // a saved result that the formula would not give: only the saved one may be read
            var unsaved = sheet.createRow(3);
            unsaved.createCell(0).setCellValue("F-3");
            unsaved.createCell(2).setCellFormula("B4*2"); // no saved result at all
            wb.write(out);
        }
        try (var check = new XSSFWorkbook(file.toFile())) {
            assertThat(check.getSheetAt(0).getRow(1).getCell(2).getCachedFormulaResultType()).as("the file holds a saved result")
                    .isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
        }

        List<DropRow> rows = read(file);

        assertThat(rows).extracting(r -> r.cell("sourceRef")).containsExactly("F-1", "F-2", "F-3");
        assertThat(rows.get(0).cell("amount")).isEqualTo("210");
        assertThat(rows.get(0).cell("description")).isEqualTo("乾電池 x2");
        assertThat(rows.get(1).cell("amount")).as("the saved value, not a re-evaluation (210)").isEqualTo("999");
        assertThat(rows.get(2).cell("amount")).as("nothing saved, nothing computed").isEmpty();
    }

    @Test
    void workbookLinkingToAnotherWorkbookIsRefusedNamingTheExternalLink() throws Exception {
        Path file = dir.resolve("linked.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); XSSFWorkbook prices = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            prices.createSheet("prices").createRow(0).createCell(0).setCellValue(105);
            wb.linkExternalWorkbook("prices.xlsx", prices);
            var sheet = wb.createSheet("invoices");
            sheet.createRow(0).createCell(0).setCellValue("amount");
            var amount = sheet.createRow(1).createCell(0);
            amount.setCellFormula("[prices.xlsx]prices!A1");
            amount.setCellValue(105);
            wb.write(out);
        }
        try (var pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            assertThat(pkg.getPartsByContentType(XSSFRelation.EXTERNAL_LINKS.getContentType())).as("a real external link part").hasSize(1);
        }

        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessage("the workbook links to other workbooks (external links are refused)");
    }

    @Test
    void workbookWithADataConnectionIsRefusedNamingTheConnection() throws Exception {
        Path file = dir.resolve("connected.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet("invoices");
            sheet.createRow(0).createCell(0).setCellValue("sourceRef");
            sheet.createRow(1).createCell(0).setCellValue("C-1");
            wb.write(out);
        }
        // what Excel writes for Data > From Text/CSV or a database query: xl/connections.xml, related from the workbook
        try (var pkg = OPCPackage.open(file.toFile(), PackageAccess.READ_WRITE)) {
            var name = PackagingURIHelper.createPartName("/xl/connections.xml");
            var part = pkg.createPart(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml");
            try (OutputStream xml = part.getOutputStream()) {
                xml.write(("<connections xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        + "<connection id=\"1\" name=\"erp\" type=\"1\" refreshedVersion=\"6\">"
                        + "<dbPr connection=\"DSN=erp\" command=\"SELECT * FROM invoices\"/></connection></connections>")
                        .getBytes(StandardCharsets.UTF_8));
            }
            pkg.getPartsByContentType(XSSFRelation.WORKBOOK.getContentType()).get(0).addRelationship(name, TargetMode.INTERNAL,
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections");
        }

        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessage("the workbook has data connections (refused)");
    }

    @Test
    void xlsxTypedCellsArriveAsValuesNotAsExcelShowsThem() throws Exception {
        Path file = dir.resolve("typed.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet();
            var formats = wb.createDataFormat();
            String[] head = {"sourceRef", "issuedAt", "day", "amount", "price", "taxRate", "sellerId", "big", "plain"};
            var h = sheet.createRow(0);
            for (int c = 0; c < head.length; c++) {
                h.createCell(c).setCellValue(head[c]);
            }
            var r = sheet.createRow(1);
            r.createCell(0).setCellValue("T-1");
            var dateTime = wb.createCellStyle();
            dateTime.setDataFormat(formats.getFormat("yyyy/m/d h:mm"));
            var issued = r.createCell(1);
            issued.setCellValue(java.time.LocalDateTime.of(2026, 11, 25, 10, 30, 0));
            issued.setCellStyle(dateTime);
            var dateOnly = wb.createCellStyle();
            dateOnly.setDataFormat(formats.getFormat("yyyy/mm/dd"));
            var day = r.createCell(2);
            day.setCellValue(java.time.LocalDate.of(2026, 11, 24));
            day.setCellStyle(dateOnly);
            var thousands = wb.createCellStyle();
            thousands.setDataFormat(formats.getFormat("#,##0"));
            var amount = r.createCell(3);
            amount.setCellValue(1050);
            amount.setCellStyle(thousands);
            var money = wb.createCellStyle();
            money.setDataFormat(formats.getFormat("\"NT$\"#,##0.00"));
            var price = r.createCell(4);
            price.setCellValue(99.5);
            price.setCellStyle(money);
            var percent = wb.createCellStyle();
            percent.setDataFormat(formats.getFormat("0%"));
            var rate = r.createCell(5);
            rate.setCellValue(0.05);
            rate.setCellStyle(percent);
            var padded = wb.createCellStyle();
            padded.setDataFormat(formats.getFormat("00000000"));
            var ban = r.createCell(6);
            ban.setCellValue(4595257);
            ban.setCellStyle(padded);
            r.createCell(7).setCellValue(123456789012.0);
            r.createCell(8).setCellValue(0.1);
            wb.write(out);
        }
        DropRow row = read(file).get(0);
        assertThat(row.cell("issuedAt")).isEqualTo("2026-11-25T10:30:00+08:00");
        assertThat(row.cell("day")).isEqualTo("2026-11-24T00:00:00+08:00");
        assertThat(row.cell("amount")).isEqualTo("1050");
        assertThat(row.cell("price")).isEqualTo("99.5");
        assertThat(row.cell("taxRate")).isEqualTo("0.05");
        assertThat(row.cell("sellerId")).isEqualTo("04595257");
        assertThat(row.cell("big")).isEqualTo("123456789012");
        assertThat(row.cell("plain")).isEqualTo("0.1");
    }

    @Test
    void notAWorkbookIsUnreadable() throws Exception {
        Path file = Files.writeString(dir.resolve("fake.xlsx"), "not a zip");
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class).hasMessageContaining("XLSX");
    }

    @Test
    void zipBombIsRefusedNamingThePartThatWouldInflate() throws Exception {
        Path workbook = dir.resolve("plain.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(workbook)) {
            var sheet = wb.createSheet("invoices");
            sheet.createRow(0).createCell(0).setCellValue("sourceRef");
            sheet.createRow(1).createCell(0).setCellValue("B-1");
            wb.write(out);
        }
        // the same workbook with its sheet padded by 20 MB of white space: still well-formed XML, deflated to a few KB
        Path file = dir.resolve("bomb.xlsx");
        try (var in = new ZipFile(workbook.toFile()); var zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                byte[] body = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(body, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>");
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 20; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(body);
                }
                zip.closeEntry();
            }
        }
        assertThat(Files.size(file)).as("a small upload").isLessThan(200_000);

        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessage("refused as a zip bomb: its part xl/worksheets/sheet1.xml would inflate more than 100 times its compressed size");
    }

    static String f0401(String number, String items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1">
                  <Main>
                    <InvoiceNumber>%s</InvoiceNumber><InvoiceDate>20261125</InvoiceDate><InvoiceTime>10:15:30</InvoiceTime>
                    <Seller><Identifier>04595257</Identifier><Name>範例商行</Name></Seller>
                    <Buyer><Identifier>0000000000</Identifier><Name>王小明</Name></Buyer>
                    <InvoiceType>07</InvoiceType><DonateMark>0</DonateMark><PrintMark>Y</PrintMark><RandomNumber>1234</RandomNumber>
                  </Main>
                  <Details>%s</Details>
                  <Amount><SalesAmount>105</SalesAmount><TaxType>1</TaxType><TaxRate>0.05</TaxRate><TaxAmount>0</TaxAmount><TotalAmount>105</TotalAmount></Amount>
                </Invoice>
                """.formatted(number, items);
    }

    static String item(String description, int amount) {
        return "<ProductItem><Description>" + description + "</Description><Quantity>1</Quantity><UnitPrice>" + amount
                + "</UnitPrice><TaxType>1</TaxType><Amount>" + amount + "</Amount><SequenceNumber>0001</SequenceNumber></ProductItem>";
    }

    @Test
    void f0401IsOneRowWhoseDocumentHasRepeatedProductItemsAsAnArray() throws Exception {
        Path file = Files.writeString(dir.resolve("pos-1.xml"), f0401("SA00000007", item("乾電池", 50) + item("手電筒", 55)));
        List<DropRow> rows = read(file);
        assertThat(rows).hasSize(1);
        DropRow row = rows.get(0);
        assertThat(row.number()).isEqualTo(1);
        assertThat(row.error()).isNull();
        assertThat(row.cell("sourceRef")).isEqualTo("SA00000007");
        assertThat(row.cell("sellerId")).isEqualTo("04595257");
        var items = row.document().at("/Invoice/Details/ProductItem");
        assertThat(items.isArray()).isTrue();
        assertThat(items).extracting(i -> i.get("Description").asText()).containsExactly("乾電池", "手電筒");
        assertThat(row.document().at("/Invoice/Main/Seller/Name").asText()).isEqualTo("範例商行");
    }

    @Test
    void f0401WithOneProductItemKeepsItAsAnObjectThatTheMappingStillReadsAsOneItem() throws Exception {
        Path file = Files.writeString(dir.resolve("pos-2.xml"), f0401("SA00000008", item("乾電池", 105)));
        DropRow row = read(file).get(0);
        assertThat(row.document().at("/Invoice/Details/ProductItem").isObject()).isTrue();

        var invoice = new tw.einvoice.hub.intake.Mappings(tw.einvoice.hub.intake.Mappings.DEFAULT_FOLDER)
                .apply("mig-f0401", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(row.document()));
        assertThat(invoice.get("items").isArray()).isTrue();
        assertThat(invoice.get("items")).hasSize(1);
        assertThat(invoice.at("/items/0/description").asText()).isEqualTo("乾電池");
        assertThat(invoice.get("invoiceNumber").asText()).isEqualTo("SA00000008");
        assertThat(invoice.get("issuedAt").asText()).isEqualTo("2026-11-25T10:15:30+08:00");
    }

    @Test
    void xmlWithADoctypeIsRefusedBeforeAnyEntityIsResolved() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + f0401("SA00000009", item("&x;", 105)).substring(f0401("", "").indexOf("<Invoice"));
        Path file = Files.writeString(dir.resolve("xxe.xml"), xxe);
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessageContaining("DOCTYPE is not allowed").hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void xmlCarryingAnXmlSignatureIsUnreadableBecauseTurnkeyRefusesIt() throws Exception {
        String signed = f0401("SA00000010", item("乾電池", 105)).replace("</Invoice>",
                "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature></Invoice>");
        Path file = Files.writeString(dir.resolve("signed.xml"), signed);
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class)
                .hasMessageContaining("ds:Signature").hasMessageContaining("7013");
    }

    @Test
    void xmlThatIsNotWellFormedOrNotAnF0401IsUnreadable() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<Invoice><Main></Invoice>");
        assertThatThrownBy(() -> read(broken)).isInstanceOf(DropFileUnreadable.class).hasMessageContaining("not well-formed");
        Path cancel = Files.writeString(dir.resolve("cancel.xml"),
                "<CancelInvoice xmlns=\"urn:GEINV:eInvoiceMessage:F0501:4.1\"><CancelInvoiceNumber>SA00000001</CancelInvoiceNumber></CancelInvoice>");
        assertThatThrownBy(() -> read(cancel)).isInstanceOf(DropFileUnreadable.class).hasMessageContaining("not an F0401");
        Path otherNamespace = Files.writeString(dir.resolve("c0401.xml"),
                "<Invoice xmlns=\"urn:GEINV:eInvoiceMessage:C0401:3.2\"><Main/></Invoice>");
        assertThatThrownBy(() -> read(otherNamespace)).isInstanceOf(DropFileUnreadable.class).hasMessageContaining("C0401");
    }

    @Test
    void f0401WithoutAnInvoiceNumberIsRow1RefusedNamingTheField() throws Exception {
        Path file = Files.writeString(dir.resolve("unnumbered.xml"), f0401("", item("乾電池", 105)));
        List<DropRow> rows = read(file);
        assertThat(rows).extracting(DropRow::number, DropRow::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "InvoiceNumber: required in an XML drop (it is the invoice's sourceRef)"));
    }

    @Test
    void xmlOverTheSizeLimitIsRefusedBeforeParsing() throws Exception {
        Path file = Files.writeString(dir.resolve("big.xml"), f0401("SA00000010", item("x".repeat(200), 105).repeat(50)));
        DropFileReader small = new DropFileReader(1_000, 1000);
        assertThatThrownBy(() -> small.read(file, "big.xml", r -> { })).isInstanceOf(DropFileUnreadable.class)
                .hasMessageContaining("hub.drop.max-file-size");
    }
}
