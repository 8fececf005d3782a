package tw.einvoice.hub.digitize;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.badinput.BadInputCorpus;
import tw.einvoice.hub.badinput.BadInputCorpus.Case;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus of voucher uploads ({@code bad-input/voucher-images}, issue 18 item 2) through
 * {@code POST /api/v1/vouchers}: files that are no image, corrupt, cut short, too large, or small files claiming
 * gigabytes of pixels, and hostile file names. Each case is one upload; a refusal must give the status and reason its
 * manifest says, an accepted file must keep its name as sent (only text: nothing is written under it), and the
 * vouchers table grows by exactly the accepted cases. Files are built here ({@code generate}); {@code ${RUN}} in a
 * name is this run's mark, so a second run's names and images are new.
 */
class VoucherBadImagesTest extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void everyBadVoucherUploadEndsAsItsManifestSaysAndOnlyTheAcceptedOnesAreStored() throws Exception {
        BadInputCorpus.Tally tally = new BadInputCorpus.Tally("voucher-images");
        String run = UUID.randomUUID().toString().substring(0, 8);
        long before = jdbc.sql("SELECT count(*) FROM voucher").query(Long.class).single();
        int stored = 0;
        int shade = 0;
        for (Case c : tally.cases()) {
            try {
                String name = c.detail("name") == null ? c.name() + ".png" : c.detail("name").replace("${RUN}", run);
                byte[] body = bytes(c, run, shade++);
                Path file = Files.write(dir.resolve("upload-" + c.name()), body);
                HubClient.Response r = api.postFile("/api/v1/vouchers", file, name, "application/octet-stream");
                if (r.status() == 202) {
                    JsonNode entry = r.body().findValue("id") == null ? null : r.body();
                    long id = entry.findValue("id").asLong();
                    String kept = api.get("/api/v1/vouchers/" + id).body().get("fileName").asText();
                    stored++;
                    String outcome = kept.equals(name) ? "stored-verbatim"
                            : kept.equals(name.replace('\u0000', '\uFFFD')) ? "stored-escaped" : "stored-altered";
                    tally.record(c, outcome, kept);
                } else {
                    JsonNode detail = r.body() == null ? null : r.body().get("detail");
                    tally.record(c, String.valueOf(r.status()), detail == null ? r.text() : detail.asText());
                }
            } catch (Exception | AssertionError e) {
                tally.failed(c, e);
            }
        }
        tally.assertAllAsExpected();
        assertThat(jdbc.sql("SELECT count(*) FROM voucher").query(Long.class).single() - before)
                .as("vouchers stored: the accepted cases, nothing else").isEqualTo(stored);
        assertThat(Path.of("/etc/" + run + ".png")).as("nothing written under a name the caller gave").doesNotExist();
        assertThat(Path.of("/tmp/" + run + "-abs.png")).doesNotExist();
    }

    private static byte[] bytes(Case c, String run, int shade) throws IOException {
        String kind = c.detail("generate");
        if (kind == null) {
            return c.bytes();
        }
        return switch (kind) {
            case "empty" -> new byte[0];
            case "png" -> png(shade, run);
            case "png-garbage" -> concat(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, run.repeat(50).getBytes(StandardCharsets.US_ASCII));
            case "png-truncated" -> {
                byte[] whole = png(shade, run);
                yield Arrays.copyOf(whole, whole.length / 2);
            }
            case "jpeg-garbage" -> concat(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, run.repeat(50).getBytes(StandardCharsets.US_ASCII));
            case "png-bomb" -> pngBomb(100_000, 100_000);
            case "pdf-huge-page" -> pdf(1, new PDRectangle(14_400, 14_400));
            case "pdf-pages" -> pdf(Integer.parseInt(c.detail("pages")), PDRectangle.A4);
            case "pdf-truncated" -> {
                byte[] whole = pdf(1, PDRectangle.A4);
                yield Arrays.copyOf(whole, whole.length / 3);
            }
            case "zip" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry("voucher.png"));
                    zip.write(png(shade, run));
                }
                yield out.toByteArray();
            }
            case "oversize" -> {
                byte[] big = new byte[3 * 1024 * 1024]; // the test profile allows 2MB, Spring's multipart 8MB
                System.arraycopy(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, 0, big, 0, 4);
                yield big;
            }
            default -> throw new IllegalArgumentException(c + ": generate " + kind);
        };
    }

    /** A small image of its own (the shade and run differ), so no case is a duplicate of another or of an earlier run. */
    private static byte[] png(int shade, String run) throws IOException {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(shade % 64, 0, 0, 128);
        image.getRaster().setSample(Math.abs(run.hashCode()) % 64, 1, 0, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A valid PNG header claiming {@code width} × {@code height} grey pixels, with one short compressed row. */
    private static byte[] pngBomb(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[width + 1]);
        deflater.finish();
        byte[] buffer = new byte[64 * 1024];
        int n = deflater.deflate(buffer);
        chunk(out, "IDAT", Arrays.copyOf(buffer, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] pdf(int pages, PDRectangle size) throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage(size));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
