package tw.einvoice.hub.drop;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.SftpServer;
import tw.einvoice.hub.bench.DropSample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** File drops over a real SFTP server (Apache MINA SSHD) and the local folders, and Excel batches over the API. */
class FileDropTest {

    /** hub.drop.settle-time here: well above the pause between two pieces of a slow upload below */
    static final int SETTLE_MILLIS = 3000;
    static final String SFTP_USER = "erp";
    static final String SFTP_PASSWORD = "s3cret&=x";

    static SftpServer sftp;
    static Path sftpRoot;
    static Path data;
    static ConfigurableApplicationContext hub;
    static JdbcClient jdbc;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        sftp = new SftpServer(0, Path.of("target", "test-data", "drop-sftp-" + UUID.randomUUID()).toAbsolutePath(),
                SFTP_USER, SFTP_PASSWORD);
        sftpRoot = sftp.root();
        for (String d : List.of("drop/inbox", "drop/outbox", "drop/done", "drop/error")) {
            Files.createDirectories(sftpRoot.resolve(d));
        }

        data = Path.of("target", "test-data", "drop-hub-" + UUID.randomUUID()).toAbsolutePath();
        hub = new SpringApplicationBuilder(HubApplication.class).profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0", "--hub.platform.enabled=false",
                        "--hub.drop.poll-interval=300", "--hub.drop.batch-resume-interval=PT1S",
                        "--hub.drop.settle-time=" + SETTLE_MILLIS,
                        "--hub.drop.sftp.enabled=true", "--hub.drop.sftp.host=127.0.0.1",
                        "--hub.drop.sftp.port=" + sftp.port(), "--hub.drop.sftp.username=" + SFTP_USER,
                        "--hub.drop.sftp.password=" + SFTP_PASSWORD, "--hub.drop.sftp.strict-host-key-checking=no");
        jdbc = hub.getBean(JdbcClient.class);
        base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() throws IOException {
        if (hub != null) {
            hub.close();
        }
        sftp.close();
    }

    static String now() {
        return OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String csv(String prefix) {
        String head = "sourceRef,sellerId,issuedAt,carrierType,carrierId,taxType,pricesIncludeTax,description,quantity,unitPrice,amount\r\n";
        return head
                + prefix + "-1,04595257," + now() + ",3J0002,/ABC+123,1,Y,乾電池,2,50,100\r\n"
                + prefix + "-1,,,,,,,手電筒,1,110,110\r\n"
                + prefix + "-2,04595257," + now() + ",3J0002,/ABC+123,1,Y,燈泡,1,abc,105\r\n"   // bad: unit price
                + prefix + "-3,99999999," + now() + ",3J0002,/ABC+123,1,Y,電線,1,105,105\r\n"  // bad: unknown seller
                + ",04595257," + now() + ",,,1,Y,無來源,1,105,105\r\n"                         // bad: no sourceRef
                + prefix + "-4,04595257," + now() + ",3J0002,/ABC+123,1,Y,插座,1,105,105\r\n";
    }

    long invoicesOf(String prefix) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref LIKE ?").param(prefix + "-%").query(Long.class).single();
    }

    @Test
    void sftpDropMakesInvoicesOfGoodRowsReportsBadRowsPerRowAndCreatesNothingNewTheSecondTime() throws Exception {
        String prefix = "SFTP-" + UUID.randomUUID().toString().substring(0, 8);
        Path inbox = sftpRoot.resolve("drop/inbox");
        Files.write(inbox.resolve(prefix + ".csv"), csv(prefix).getBytes(CsvRows.BIG5));

        Path result = sftpRoot.resolve("drop/outbox/" + prefix + ".csv.result.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(result) && Files.exists(sftpRoot.resolve("drop/done/" + prefix + ".csv")));
        List<String> lines = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("\uFEFF" + DropProcessor.RESULT_HEADER);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("2," + prefix + "-1,ACCEPTED,");
        assertThat(lines.get(2)).startsWith("3," + prefix + "-1,ACCEPTED,");
        assertThat(lines.get(3)).startsWith("4," + prefix + "-2,REJECTED,");
        assertThat(lines.get(4)).startsWith("5," + prefix + "-3,REJECTED,").contains("sellerId");
        assertThat(lines.get(5)).startsWith("6,,REJECTED,").contains("sourceRef: required");
        assertThat(lines.get(6)).startsWith("7," + prefix + "-4,ACCEPTED,");
        assertThat(Files.exists(inbox.resolve(prefix + ".csv"))).isFalse();
        assertThat(invoicesOf(prefix)).isEqualTo(2);
        String description = jdbc.sql("SELECT document::text FROM invoice WHERE source_ref = ?").param(prefix + "-1")
                .query(String.class).single();
        assertThat(description).as("Big5 read as Chinese").contains("手電筒");
        assertThat(jdbc.sql("SELECT count(*) FROM rejected_record WHERE connector = 'sftp-drop' AND source_ref LIKE ?")
                .param(prefix + "-%").query(Long.class).single()).isEqualTo(2);

        // the same file again (a new drop of it): read again, every row a duplicate or the same rejection, no new invoice
        Files.delete(result);
        Files.write(inbox.resolve(prefix + ".csv"), csv(prefix).getBytes(CsvRows.BIG5));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(result));
        List<String> again = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertThat(again.get(1)).startsWith("2," + prefix + "-1,DUPLICATE,");
        assertThat(again.get(6)).startsWith("7," + prefix + "-4,DUPLICATE,");
        assertThat(invoicesOf(prefix)).isEqualTo(2);
    }

    /** How often the hub has begun to look at a drop inbox ({@code file} or {@code sftp}): its consumer counts polls. */
    static long polls(String scheme) {
        List<ScheduledPollConsumer> consumers = hub.getBean(CamelContext.class).getRoutes().stream()
                .filter(r -> r.getEndpoint().getEndpointUri().startsWith(scheme + ":")
                        && r.getEndpoint().getEndpointUri().contains("drop/inbox"))
                .map(r -> (ScheduledPollConsumer) r.getConsumer()).toList();
        assertThat(consumers).as(scheme + " drop consumers").hasSize(1);
        return consumers.get(0).getCounter();
    }

    /** Waits until the hub has looked at the inbox twice since now: once after this moment, and that look finished. */
    static void twoMorePolls(String scheme) {
        long seen = polls(scheme);
        await().atMost(Duration.ofSeconds(30)).until(() -> polls(scheme) >= seen + 2);
    }

    /** The claims taken on a file of this name (key: name, size, modification time). */
    List<String> claims(String processor, String name) {
        return jdbc.sql("SELECT file_key FROM drop_file_claim WHERE processor = ? AND starts_with(file_key, ?)")
                .params(processor, name + "-").query(String.class).list();
    }

    /** A csv-default file of {@code rows} Big5 rows, two per invoice; invoice 999 names no seller (see DropSample). */
    static byte[] sample(String prefix, int rows) throws IOException {
        Path file = Files.createTempFile("sample", ".csv");
        try {
            DropSample.writeCsv(file, CsvRows.BIG5, rows, prefix, HubIntegrationTest.DEMO_SELLER, new String[]{"TPE01", "KHH01"},
                    OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS));
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    /** Invoices a sample of {@code rows} rows makes: all but the ones DropSample leaves without a seller. */
    static long invoicesMade(int rows) {
        return java.util.stream.IntStream.range(0, rows / 2).filter(i -> !DropSample.rejected(i)).count();
    }

    /** Every data row has its line, in row order, ACCEPTED but the rows of the sample's rejected invoices. */
    static void assertEveryRowOnce(List<String> lines, String prefix, int rows) {
        assertThat(lines).hasSize(rows + 1);
        assertThat(lines.get(0)).isEqualTo("\uFEFF" + DropProcessor.RESULT_HEADER);
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            assertThat(cells[0]).as(lines.get(i + 1)).isEqualTo(String.valueOf(i + 2));
            assertThat(cells[1]).as(lines.get(i + 1)).isEqualTo(prefix + "-" + i / 2);
            assertThat(cells[2]).as(lines.get(i + 1)).isEqualTo(DropSample.rejected(i / 2) ? "REJECTED" : "ACCEPTED");
        }
    }

    @Test
    void csvStillBeingUploadedOverSftpIsReadOnceCompleteWithEveryRowTakenInOnce() throws Exception {
        String prefix = "SLOW-" + UUID.randomUUID().toString().substring(0, 8);
        String name = prefix + ".csv";
        int rows = 2400;
        byte[] body = sample(prefix, rows);
        Path inbox = sftpRoot.resolve("drop/inbox");
        Path result = sftpRoot.resolve("drop/outbox/" + name + ".result.csv");
        int pieces = 12;
        long started = System.nanoTime();
        try (SftpUploader uploader = new SftpUploader(sftp.port(), SFTP_USER, SFTP_PASSWORD);
             var file = uploader.create("drop/inbox/" + name)) {
            for (int i = 0; i < pieces; i++) {
                // cut anywhere, mid-line and mid-character: a file read before it is complete would show
                int from = (int) ((long) body.length * i / pieces);
                int to = (int) ((long) body.length * (i + 1) / pieces);
                uploader.write(file, body, from, to - from);
                twoMorePolls("sftp");
                assertThat(Files.size(inbox.resolve(name))).as("left in the inbox while incomplete").isEqualTo(to);
                assertThat(result).doesNotExist();
                assertThat(claims("sftp-drop", name)).as("not claimed while growing").isEmpty();
            }
        }
        long uploadMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(uploadMillis).as("the upload outlasted the settle time").isGreaterThan(SETTLE_MILLIS);

        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(result) && Files.exists(sftpRoot.resolve("drop/done/" + name)));
        assertThat(Files.size(sftpRoot.resolve("drop/done/" + name))).isEqualTo(body.length);
        assertEveryRowOnce(Files.readAllLines(result, StandardCharsets.UTF_8), prefix, rows);
        long invoices = invoicesMade(rows);
        assertThat(invoices).as("the sample has a rejected invoice").isLessThan(rows / 2);
        assertThat(invoicesOf(prefix)).isEqualTo(invoices);
        assertThat(claims("sftp-drop", name)).as("claimed once, at its full size").singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith(name + "-" + body.length + "-");
        // no second reading follows: the result is written once and no invoice comes twice
        await().during(Duration.ofMillis(2L * SETTLE_MILLIS)).atMost(Duration.ofSeconds(30)).until(() ->
                sftp.renamedIn().stream().filter((name + ".result.csv")::equals).count() == 1 && invoicesOf(prefix) == invoices);
        System.out.printf("SFTP upload of %d bytes in %d pieces over %d ms: read once, complete%n", body.length, pieces, uploadMillis);
    }

    @Test
    void partUploadIsLeftAloneUntilRenamedThenReadOnce() throws Exception {
        String prefix = "PART-" + UUID.randomUUID().toString().substring(0, 8);
        String name = prefix + ".csv";
        Path inbox = sftpRoot.resolve("drop/inbox");
        Path result = sftpRoot.resolve("drop/outbox/" + name + ".result.csv");
        try (SftpUploader uploader = new SftpUploader(sftp.port(), SFTP_USER, SFTP_PASSWORD)) {
            uploader.upload("drop/inbox/" + name + ".part", csv(prefix).getBytes(CsvRows.BIG5));
            long seen = polls("sftp");
            // complete and older than the settle time, yet not read: the name says the upload is not finished
            await().during(Duration.ofMillis(2L * SETTLE_MILLIS)).atMost(Duration.ofSeconds(30)).until(() ->
                    Files.exists(inbox.resolve(name + ".part")) && claims("sftp-drop", name + ".part").isEmpty()
                            && !Files.exists(result));
            assertThat(polls("sftp") - seen).as("the hub looked meanwhile").isGreaterThanOrEqualTo(4);

            uploader.rename("drop/inbox/" + name + ".part", "drop/inbox/" + name);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(result) && Files.exists(sftpRoot.resolve("drop/done/" + name)));
        List<String> lines = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("2," + prefix + "-1,ACCEPTED,");
        assertThat(lines.get(6)).startsWith("7," + prefix + "-4,ACCEPTED,");
        assertThat(invoicesOf(prefix)).isEqualTo(2);
        assertThat(claims("sftp-drop", name)).hasSize(1);
        await().during(Duration.ofMillis(2L * SETTLE_MILLIS)).atMost(Duration.ofSeconds(30)).until(() ->
                sftp.renamedIn().stream().filter((name + ".result.csv")::equals).count() == 1 && invoicesOf(prefix) == 2);
    }

    @Test
    void localFileStillBeingWrittenIsReadOnceComplete() throws Exception {
        String prefix = "LOCAL-SLOW-" + UUID.randomUUID().toString().substring(0, 8);
        String name = prefix + ".csv";
        int rows = 1200;
        byte[] body = sample(prefix, rows);
        Path drop = data.resolve("drop");
        Path inbox = Files.createDirectories(drop.resolve("inbox"));
        Path result = drop.resolve("outbox").resolve(name + ".result.csv");
        int pieces = 8;
        try (OutputStream out = Files.newOutputStream(inbox.resolve(name))) {
            for (int i = 0; i < pieces; i++) {
                int from = (int) ((long) body.length * i / pieces);
                int to = (int) ((long) body.length * (i + 1) / pieces);
                out.write(body, from, to - from);
                out.flush();
                twoMorePolls("file");
                assertThat(Files.size(inbox.resolve(name))).as("left in the inbox while incomplete").isEqualTo(to);
                assertThat(result).doesNotExist();
                assertThat(claims("local-drop", name)).as("not claimed while growing").isEmpty();
            }
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(result) && Files.exists(drop.resolve("done").resolve(name)));
        List<String> lines = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertEveryRowOnce(lines, prefix, rows);
        assertThat(invoicesOf(prefix)).isEqualTo(invoicesMade(rows));
        assertThat(claims("local-drop", name)).singleElement(as(InstanceOfAssertFactories.STRING)).startsWith(name + "-" + body.length + "-");
        // a second reading would rewrite the result with DUPLICATE rows
        await().during(Duration.ofMillis(2L * SETTLE_MILLIS)).atMost(Duration.ofSeconds(30)).until(() ->
                Files.readAllLines(result, StandardCharsets.UTF_8).equals(lines) && invoicesOf(prefix) == invoicesMade(rows));
    }

    @Test
    void theSameFileUnderAnotherNameAndTheSameRecordOverRestUnderTheDropsConnectorMakeNoSecondInvoice() throws Exception {
        String prefix = "LOCAL-AGAIN-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = ("sourceRef,sellerId,issuedAt,carrierType,carrierId,taxType,pricesIncludeTax,description,quantity,unitPrice,amount\r\n"
                + prefix + "-1,04595257," + now() + ",3J0002,/ABC+123,1,Y,乾電池,2,50,100\r\n"
                + prefix + "-1,,,,,,,手電筒,1,110,110\r\n"
                + prefix + "-2,04595257," + now() + ",3J0002,/ABC+123,1,Y,插座,1,105,105\r\n").getBytes(CsvRows.BIG5);
        Path drop = data.resolve("drop");
        Path inbox = Files.createDirectories(drop.resolve("inbox"));
        Path first = drop.resolve("outbox").resolve(prefix + "-a.csv.result.csv");
        Path second = drop.resolve("outbox").resolve(prefix + "-b.csv.result.csv");

        Files.write(inbox.resolve(prefix + "-a.csv"), body);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(first));
        Files.write(inbox.resolve(prefix + "-b.csv"), body);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(second));

        List<String> a = Files.readAllLines(first, StandardCharsets.UTF_8);
        List<String> b = Files.readAllLines(second, StandardCharsets.UTF_8);
        assertThat(a.subList(1, a.size())).extracting(l -> l.split(",")[2]).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED");
        assertThat(b.subList(1, b.size())).as("the copy: every row answered with the invoice already made")
                .extracting(l -> l.split(",")[2]).containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE");
        assertThat(b.subList(1, b.size())).extracting(l -> l.split(",")[3])
                .containsExactlyElementsOf(a.subList(1, a.size()).stream().map(l -> l.split(",")[3]).toList());
        assertThat(invoicesOf(prefix)).isEqualTo(2);

        // the same record sent over REST under the drop's connector is the same invoice; under the API's own
        // connector it is another source's key, and so another invoice (docs/invoices.md, "Duplicates")
        HubClient api = new HubClient(base).bearer(HubIntegrationTest.DEMO_KEY);
        var record = tw.einvoice.hub.Invoices.valid(prefix + "-1");
        record.put("connector", "local-drop");
        HubClient.Response same = api.post("/api/v1/invoices", record);
        assertThat(same.status()).as(same.text()).isEqualTo(200);
        assertThat(same.body().get("result").asText()).isEqualTo("DUPLICATE");
        assertThat(same.body().get("invoiceId").asText()).isEqualTo(a.get(1).split(",")[3]);
        assertThat(invoicesOf(prefix)).isEqualTo(2);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                        WHERE i.source_ref LIKE ? AND h.to_status = 'RECEIVED'""")
                .param(prefix + "-%").query(Long.class).single()).as("one 'received' per invoice").isEqualTo(2);
        record.remove("connector");
        HubClient.Response other = api.post("/api/v1/invoices", record);
        assertThat(other.status()).as("the API's own sourceRef " + prefix + "-1").isEqualTo(201);
        assertThat(invoicesOf(prefix)).isEqualTo(3);
    }

    static String f0401(String number, OffsetDateTime at, String doctype) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + """
                <Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1">
                  <Main>
                    <InvoiceNumber>%s</InvoiceNumber><InvoiceDate>%s</InvoiceDate><InvoiceTime>%s</InvoiceTime>
                    <Seller><Identifier>04595257</Identifier><Name>範例商行</Name></Seller>
                    <Buyer><Identifier>0000000000</Identifier><Name>王小明</Name></Buyer>
                    <InvoiceType>07</InvoiceType><DonateMark>0</DonateMark>
                    <CarrierType>3J0002</CarrierType><CarrierId1>/ABC+123</CarrierId1><CarrierId2>/ABC+123</CarrierId2>
                    <PrintMark>N</PrintMark><RandomNumber>0777</RandomNumber>
                  </Main>
                  <Details>
                    <ProductItem><Description>乾電池</Description><Quantity>2</Quantity><Unit>個</Unit><UnitPrice>50</UnitPrice>
                      <TaxType>1</TaxType><Amount>100</Amount><SequenceNumber>0001</SequenceNumber></ProductItem>
                    <ProductItem><Description>手電筒</Description><Quantity>1</Quantity><UnitPrice>110</UnitPrice>
                      <TaxType>1</TaxType><Amount>110</Amount><SequenceNumber>0002</SequenceNumber></ProductItem>
                  </Details>
                  <Amount><SalesAmount>210</SalesAmount><TaxType>1</TaxType><TaxRate>0.05</TaxRate><TaxAmount>0</TaxAmount>
                    <TotalAmount>210</TotalAmount></Amount>
                </Invoice>
                """.formatted(number, at.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8),
                at.toLocalTime().truncatedTo(ChronoUnit.SECONDS).format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME));
    }

    @Test
    void sftpDroppedF0401WithANumberOfTheBranchesSourceRangeBecomesAnInvoiceWithThatNumber() throws Exception {
        // KHH01 is not the seller's default branch: the XML names none, the SOURCE range holding the number does
        tw.einvoice.hub.numbering.SourceRanges.ensure(hub, "04595257", "KHH01", "07", "SX");
        String number = "SX" + String.format("%08d", (int) (Math.random() * 1e8));
        String name = "pos-" + number + ".xml";
        Files.writeString(sftpRoot.resolve("drop/inbox").resolve(name),
                f0401(number, OffsetDateTime.now(ZoneId.of("Asia/Taipei")).minusMinutes(1), ""));

        Path result = sftpRoot.resolve("drop/outbox/" + name + ".result.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(result) && Files.exists(sftpRoot.resolve("drop/done/" + name)));
        List<String> lines = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("1," + number + ",ACCEPTED,").endsWith("," + number + ",");
        var invoice = jdbc.sql("SELECT connector, branch_id, invoice_number, random_code, document::text AS doc FROM invoice WHERE source_ref = ?")
                .param(number).query().singleRow();
        assertThat(invoice).containsEntry("connector", "sftp-drop").containsEntry("branch_id", "KHH01")
                .containsEntry("invoice_number", number).containsEntry("random_code", "0777");
        assertThat((String) invoice.get("doc")).contains("乾電池").contains("手電筒").contains("/ABC+123");
    }

    @Test
    void localXmlDropWithADoctypeGoesToErrorWithAReport() throws Exception {
        Path drop = data.resolve("drop");
        Files.createDirectories(drop.resolve("inbox"));
        String name = "xxe-" + UUID.randomUUID() + ".xml";
        Files.writeString(drop.resolve("inbox").resolve(name), f0401("SX00000001", OffsetDateTime.now(ZoneId.of("Asia/Taipei")),
                "<!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(drop.resolve("error").resolve(name + ".error.txt")));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop.resolve("error").resolve(name)));
        assertThat(Files.readString(drop.resolve("error").resolve(name + ".error.txt"))).contains("DOCTYPE is not allowed");
    }

    @Test
    void localXmlDropCarryingAnXmlSignatureIsRefusedBeforeNumbering() throws Exception {
        Path drop = data.resolve("drop");
        Files.createDirectories(drop.resolve("inbox"));
        String number = "SX" + String.format("%08d", (int) (Math.random() * 1e8));
        String name = "signed-" + number + ".xml";
        String signed = f0401(number, OffsetDateTime.now(ZoneId.of("Asia/Taipei")), "").replace("</Invoice>",
                "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature></Invoice>");
        Files.writeString(drop.resolve("inbox").resolve(name), signed);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(drop.resolve("error").resolve(name + ".error.txt")));
        assertThat(Files.readString(drop.resolve("error").resolve(name + ".error.txt")))
                .contains("XML signature").contains("7013");
        assertThat(jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref = ?").param(number).query(Long.class).single())
                .isZero();
    }

    @Test
    void unreadableLocalDropGoesToErrorWithAReportBesideIt() throws Exception {
        Path drop = data.resolve("drop");
        Files.createDirectories(drop.resolve("inbox"));
        String name = "broken-" + UUID.randomUUID() + ".xlsx";
        Files.writeString(drop.resolve("inbox").resolve(name), "this is not a workbook");

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(drop.resolve("error").resolve(name + ".error.txt")));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop.resolve("error").resolve(name)));
        assertThat(Files.readString(drop.resolve("error").resolve(name + ".error.txt"))).contains("not a readable XLSX");
        assertThat(Files.exists(drop.resolve("inbox").resolve(name))).isFalse();
    }

    @Test
    void excelBatchPostedToTheApiReportsProgressAndAResultFile() throws Exception {
        String prefix = "XLSX-" + UUID.randomUUID().toString().substring(0, 8);
        Path xlsx = Files.createTempFile("batch", ".xlsx");
        int invoices = 300;
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(xlsx)) {
            var sheet = wb.createSheet();
            String[] head = {"sourceRef", "sellerId", "issuedAt", "carrierType", "carrierId", "taxType", "pricesIncludeTax",
                    "description", "quantity", "unitPrice", "amount"};
            var h = sheet.createRow(0);
            for (int i = 0; i < head.length; i++) {
                h.createCell(i).setCellValue(head[i]);
            }
            for (int i = 0; i < invoices; i++) {
                var r = sheet.createRow(i + 1);
                String[] v = {prefix + "-" + i, i == 7 ? "12345676" : "04595257", now(), "3J0002", "/ABC+123", "1", "Y", "品項", "1"};
                for (int c = 0; c < v.length; c++) {
                    r.createCell(c).setCellValue(v[c]);
                }
                r.createCell(9).setCellValue(105);
                r.createCell(10).setCellValue(105);
            }
            wb.write(out);
        }
        HubClient api = new HubClient(base).bearer(HubIntegrationTest.DEMO_KEY);
        HubClient.Response posted = api.postFile("/api/v1/batches", xlsx, prefix + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        String id = posted.body().get("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> "DONE".equals(api.get("/api/v1/batches/" + id).body().get("status").asText()));
        var batch = api.get("/api/v1/batches/" + id).body();
        assertThat(batch.get("rowsTotal").asLong()).isEqualTo(invoices);
        assertThat(batch.get("rowsDone").asLong()).isEqualTo(invoices);
        assertThat(batch.get("accepted").asLong()).isEqualTo(invoices - 1);
        assertThat(batch.get("rejected").asLong()).isEqualTo(1);

        HttpResponse<String> result = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/batches/" + id + "/result"))
                .header("Authorization", "Bearer " + HubIntegrationTest.DEMO_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(result.statusCode()).isEqualTo(200);
        List<String> lines = result.body().lines().toList();
        assertThat(lines).hasSize(invoices + 1);
        assertThat(lines.get(8)).startsWith("9," + prefix + "-7,REJECTED,").contains("sellerId: 12345676 is not the seller");
        assertThat(lines.get(1)).startsWith("2," + prefix + "-0,ACCEPTED,");
        assertThat(invoicesOf(prefix)).isEqualTo(invoices - 1);

        assertThat(new HubClient(base).anonymous().get("/api/v1/batches/" + id).status()).isEqualTo(401);
    }

    @Test
    void batchLeftRunningByAStoppedHubIsPickedUpAgainAndCompletesWithoutMakingAnythingTwice() throws Exception {
        String prefix = "RESUME-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.randomUUID();
        // what a hub stopped mid-batch leaves: the upload kept, the row RUNNING, some rows already taken in
        Path batches = Files.createDirectories(data.resolve("batches"));
        Files.write(batches.resolve(id + ".csv"), csv(prefix).getBytes(CsvRows.BIG5));
        HubClient api = new HubClient(base).bearer(HubIntegrationTest.DEMO_KEY);
        var first = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("connector", Batches.CONNECTOR).put("sourceRef", prefix + "-1").put("sellerId", "04595257")
                .put("issuedAt", now()).put("pricesIncludeTax", true);
        first.putObject("carrier").put("type", "3J0002").put("id", "/ABC+123");
        first.putArray("items").addObject().put("description", "乾電池").put("quantity", 1).put("unitPrice", 210).put("amount", 210);
        assertThat(api.post("/api/v1/invoices", first).status()).isEqualTo(201);
        jdbc.sql("INSERT INTO batch (id, file_name, created_by, status, rows_total, rows_done) VALUES (?, ?, 'user:admin', 'RUNNING', 6, 2)")
                .params(id, prefix + ".csv").update();

        HubClient admin = new HubClient(base).basic("admin", HubIntegrationTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(admin.get("/api/v1/batches/" + id).body().get("status").asText()));
        var batch = admin.get("/api/v1/batches/" + id).body();
        assertThat(batch.get("rowsDone").asLong()).isEqualTo(6);
        assertThat(batch.get("duplicates").asLong()).as("the invoice taken in before the stop").isEqualTo(2);
        assertThat(batch.get("accepted").asLong()).isEqualTo(1);
        assertThat(invoicesOf(prefix)).isEqualTo(2);
        List<String> lines = Files.readAllLines(batches.resolve(id + ".result.csv"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("2," + prefix + "-1,DUPLICATE,");
        assertThat(lines.get(6)).startsWith("7," + prefix + "-4,ACCEPTED,");
    }
}
