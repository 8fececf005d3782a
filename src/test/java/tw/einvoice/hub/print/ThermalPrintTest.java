package tw.einvoice.hub.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.ServerGate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Print jobs to fake network printers: TCP servers in the test that answer DLE EOT 1 and keep what they receive. */
class ThermalPrintTest extends HubIntegrationTest {

    static final FakePrinter printer58 = new FakePrinter();
    static final FakePrinter printer80 = new FakePrinter();
    /** The 80 mm printer's address, which the test takes offline and brings back. */
    static final ServerGate GATE = new ServerGate().down();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void printers(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/print");
        registry.add("hub.print.printers[0].name", () -> "counter-58");
        registry.add("hub.print.printers[0].host", () -> "127.0.0.1");
        registry.add("hub.print.printers[0].port", printer58::port);
        registry.add("hub.print.printers[0].profile", () -> "xprinter-58");
        registry.add("hub.print.printers[0].seller-id", () -> DEMO_SELLER);
        registry.add("hub.print.printers[1].name", () -> "counter-80");
        registry.add("hub.print.printers[1].host", () -> "127.0.0.1");
        registry.add("hub.print.printers[1].port", GATE::port);
        registry.add("hub.print.printers[1].profile", () -> "epson-tm-t88");
        registry.add("hub.print.queue.poll-millis", () -> "100");
        registry.add("hub.print.queue.first-retry", () -> "PT0.2S");
        registry.add("hub.print.queue.max-retry", () -> "PT0.4S");
        registry.add("hub.print.queue.connect-timeout", () -> "PT1S");
    }

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stop() throws IOException {
        GATE.close();
        printer58.close();
        printer80.close();
    }

    @Test
    void a58mmPrinterReceivesInitRasterOf48BytesPerRowAndCutThenTheReprintIsCounted() throws Exception {
        String number = printedInvoice();
        int before = printer58.jobs.size();
        assertThat(print(number, "counter-58").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> printer58.jobs.size() == before + 1);
        byte[] job = printer58.jobs.get(before);
        assertValidEscPos(job, 48, new byte[]{0x1D, 'V', 1});

        assertThat(print(number, "counter-58").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> printer58.jobs.size() == before + 2);
        assertThat(jdbc.sql("SELECT reprint FROM proof_print p JOIN invoice i ON i.id = p.invoice_id WHERE i.invoice_number = ? ORDER BY p.id")
                .param(number).query(Boolean.class).list()).containsExactly(false, true);
        assertThat(printer58.jobs.get(before + 1).length).as("the reprint carries the 補印 lines, so it is longer")
                .isGreaterThan(job.length);
    }

    @Test
    void anOfflinePrinterKeepsTheJobQueuedAndPrintsItExactlyOnceWhenItComesBack() throws Exception {
        String number = printedInvoice();
        GATE.down();
        int before = printer80.jobs.size();
        JsonNode job = new ObjectMapper().readTree(print(number, "counter-80").body());
        long id = job.get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(id) >= 2);
        assertThat(state(id)).isEqualTo("QUEUED");
        assertThat(jdbc.sql("SELECT last_error FROM print_job WHERE id = ?").param(id).query(String.class).single())
                .contains("printer counter-80").contains("offline");
        assertThat(printer80.jobs).hasSize(before);

        GATE.upTo(printer80.port());
        await().atMost(Duration.ofSeconds(20)).until(() -> "PRINTED".equals(state(id)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> printer80.jobs.size() == before + 1);
        assertValidEscPos(printer80.jobs.get(before), 72, new byte[]{0x1D, 'V', 'B', 0});
        assertThat(jdbc.sql("SELECT count(*) FROM proof_print p JOIN invoice i ON i.id = p.invoice_id WHERE i.invoice_number = ?")
                .param(number).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aCarrierInvoiceIsRefusedWithTheReasonAndAnUnknownPrinterIsABadRequest() throws Exception {
        String ref = "print-carrier-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.valid(ref)).status()).isEqualTo(201);
        String number = InvoiceAwait.bySource(api, ref).until("numbered", v -> v.path("invoiceNumber").isTextual())
                .get("invoiceNumber").asText();
        HttpResponse<String> refused = print(number, "counter-58");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not printed by rule: the invoice is kept on a carrier (3J0002)");
        assertThat(jdbc.sql("SELECT count(*) FROM print_job j JOIN invoice i ON i.id = j.invoice_id WHERE i.invoice_number = ?")
                .param(number).query(Integer.class).single()).isZero();

        HttpResponse<String> unknown = print(printedInvoice(), "nowhere");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no printer nowhere");
    }

    @Test
    void printJobsPerSecondToAFakePrinter() throws Exception {
        int n = 20;
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(printedInvoice());
        }
        int before = printer58.jobs.size();
        long start = System.nanoTime();
        for (String number : numbers) {
            assertThat(print(number, "counter-58").statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> printer58.jobs.size() == before + n);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("FIGURE print jobs: %d in %.2f s = %.1f jobs/s (58 mm, queue polled every 100 ms)%n", n, seconds, n / seconds);
    }

    static void assertValidEscPos(byte[] job, int widthBytes, byte[] cut) {
        assertThat(Arrays.copyOfRange(job, 0, 2)).as("starts with ESC @").containsExactly(0x1B, '@');
        int raster = indexOf(job, new byte[]{0x1D, 'v', '0', 0, (byte) widthBytes, 0});
        assertThat(raster).as("GS v 0 with %d bytes per row", widthBytes).isPositive();
        int rows = (job[raster + 6] & 0xFF) | (job[raster + 7] & 0xFF) << 8;
        assertThat(rows).isBetween(1, EscPos.BAND_ROWS);
        assertThat(Arrays.copyOfRange(job, job.length - cut.length, job.length)).as("ends with the cut").containsExactly(cut);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String printedInvoice() throws Exception {
        String ref = "print-" + UUID.randomUUID();
        ObjectNode doc = Invoices.valid(ref);
        doc.remove("carrier");
        doc.put("print", true);
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        return InvoiceAwait.bySource(api, ref).until("numbered", v -> v.path("invoiceNumber").isTextual()).get("invoiceNumber").asText();
    }

    private int attempts(long id) {
        return jdbc.sql("SELECT attempts FROM print_job WHERE id = ?").param(id).query(Integer.class).single();
    }

    private String state(long id) {
        return jdbc.sql("SELECT state FROM print_job WHERE id = ?").param(id).query(String.class).single();
    }

    private HttpResponse<String> print(String number, String printer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/invoices/" + number + "/print?printer=" + printer))
                .header("Authorization", "Bearer " + DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers DLE EOT 1 with "online" and keeps each connection's other bytes as one job. */
    static final class FakePrinter implements AutoCloseable {
        final List<byte[]> jobs = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        FakePrinter() {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Thread t = new Thread(this::serve, "fake-printer-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream job = new ByteArrayOutputStream();
                    byte[] head = in.readNBytes(3);
                    if (Arrays.equals(head, new byte[]{0x10, 0x04, 0x01})) {
                        s.getOutputStream().write(0x12);
                        s.getOutputStream().flush();
                    } else {
                        job.writeBytes(head);
                    }
                    job.writeBytes(in.readAllBytes());
                    if (job.size() > 0) {
                        jobs.add(job.toByteArray());
                    }
                } catch (IOException e) {
                    // a closed server ends the loop; a dropped client is just not a job
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
