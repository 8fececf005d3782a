package tw.einvoice.hub.connector;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    void xlsxRowsComeWithSpreadsheetRowNumbersAndCachedValues() throws Exception {
        Path file = dir.resolve("sheet.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet("invoices");
            var h = sheet.createRow(0);
            h.createCell(0).setCellValue("sourceRef");
            h.createCell(1).setCellValue("amount");
            var r = sheet.createRow(1);
            r.createCell(0).setCellValue("X-1");
            r.createCell(1).setCellValue(105);
            var f = sheet.createRow(3);
            f.createCell(0).setCellValue("X-2");
            f.createCell(1).setCellFormula("B2*2");
            wb.write(out);
        }
        List<DropRow> rows = read(file);
        assertThat(rows).extracting(DropRow::number).containsExactly(2L, 4L);
        assertThat(rows.get(0).cell("amount")).isEqualTo("105");
        // no cached value was saved by SXSSF: the formula is not evaluated, the cell reads blank
        assertThat(rows.get(1).cell("amount")).isNotEqualTo("210");
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
    void zipBombIsRefused() throws Exception {
        Path file = dir.resolve("bomb.xlsx");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write(new byte[20_000_000]);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> read(file)).isInstanceOf(DropFileUnreadable.class);
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
