package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.intake.Mappings;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The Camel bean behind the drop routes ({@code routes/local-drop.yaml}, {@code routes/sftp-drop.yaml}):
 * the dropped file in, the per-row result file out, and where the file goes next.
 * <p>
 * It never fails the exchange for a bad file: an unreadable file gets an error report instead of a result,
 * and the header {@link #FOLDER} says {@code error} so the consumer's {@code move} puts it in error/. A failed
 * exchange would roll back the claim and retry the same broken file for ever.
 */
@Component("dropFiles")
public class DropFiles {

    /** Where the consumed file moves: {@code done} or {@code error}. */
    public static final String FOLDER = "hubDropFolder";
    /** Name of the file the route writes: {@code <name>.result.csv} or {@code <name>.error.txt}. */
    public static final String OUTPUT_NAME = "hubDropOutput";

    private static final Logger log = LoggerFactory.getLogger(DropFiles.class);

    private final ProducerTemplate producer;
    private final Mappings mappings;
    private final DropProperties settings;

    DropFiles(ProducerTemplate producer, Mappings mappings, DropProperties settings) {
        this.producer = producer;
        this.mappings = mappings;
        this.settings = settings;
    }

    /** The route's step: body = the dropped file; afterwards body = result CSV or error report. */
    public void process(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name == null) {
            name = exchange.getIn().getHeader(Exchange.FILE_NAME, "drop", String.class);
        }
        String connector = exchange.getIn().getHeader(IntakeHeaders.CONNECTOR, "drop", String.class);
        Path file = localCopy(exchange);
        Path result = Files.createTempFile("hub-drop-", ".result.csv");
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                result.toFile().delete();
            }
        });
        try {
            if (Files.isSymbolicLink(file)) {
                // an inbox is writable by partners (SFTP users can make links): a link could make the hub read any file
                throw new DropFileUnreadable("the file is a symbolic link (refused: it could point outside the drop folder)");
            }
            String mapping = exchange.getIn().getHeader(IntakeHeaders.MAPPING, String.class);
            long start = System.nanoTime();
            DropProcessor.Summary summary;
            try (Writer out = resultWriter(result)) {
                summary = processor(connector, mapping, name, null).process(file, name, out, n -> { });
            }
            long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            log.info("Drop {} via {}: {} rows ({} accepted, {} duplicates, {} rejected) in {} ms, {} rows/s", name, connector,
                    summary.rows(), summary.accepted(), summary.duplicates(), summary.rejected(), millis, summary.rows() * 1000 / millis);
            exchange.getIn().setBody(result.toFile());
            exchange.getIn().setHeader(OUTPUT_NAME, name + ".result.csv");
            exchange.getIn().setHeader(FOLDER, "done");
        } catch (DropFileUnreadable e) {
            log.warn("Drop {} via {} is unreadable, moved to error/: {}", name, connector, e.getMessage());
            exchange.getIn().setBody(report(name, e));
            exchange.getIn().setHeader(OUTPUT_NAME, name + ".error.txt");
            exchange.getIn().setHeader(FOLDER, "error");
        }
    }

    /**
     * A processor for one file. {@code mapping} null: csv-default, xlsx-default or mig-f0401 by the file's type.
     * {@code rowCheck} lets the batch API keep a seller's key to its own rows.
     */
    DropProcessor processor(String connector, String mapping, String fileName, String actor) {
        String map = mapping != null && !mapping.isBlank() ? mapping : DropFileReader.formatOf(fileName).defaultMapping();
        DropProcessor.Intake intake = (body, mapped, sourceRef) -> deliver(body, connector, mapped ? null : map, sourceRef, actor);
        DropProcessor.Mapper mapper = rows -> {
            try {
                return mappings.apply(map, rows);
            } catch (RuntimeException e) {
                return null;
            }
        };
        return new DropProcessor(new DropFileReader(settings.maxFileSize().toBytes(), settings.maxRows()), intake, mapper,
                settings.chunkSize());
    }

    @SuppressWarnings("unchecked")
    private List<IntakeOutcome> deliver(JsonNode body, String connector, String mapping, String sourceRef, String actor) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(IntakeHeaders.CONNECTOR, connector);
        if (mapping != null) {
            headers.put(IntakeHeaders.MAPPING, mapping);
        }
        if (sourceRef != null) {
            headers.put(IntakeHeaders.SOURCE_REF, sourceRef);
        }
        if (actor != null) {
            headers.put(IntakeHeaders.ACTOR, actor);
        }
        return producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, body, headers, List.class);
    }

    static Writer resultWriter(Path result) throws IOException {
        Writer out = new BufferedWriter(Files.newBufferedWriter(result, StandardCharsets.UTF_8), 64 * 1024);
        // a BOM, because Excel opens a UTF-8 CSV without one as Big5 and garbles the Chinese messages
        out.write('\uFEFF');
        return out;
    }

    static String report(String name, DropFileUnreadable e) {
        return "File: " + name + "\r\nRefused at: " + java.time.OffsetDateTime.now() + "\r\nReason: " + e.getMessage()
                + "\r\n\r\nNothing in this file was taken in. Fix it and drop it again under a new name.\r\n";
    }

    /** POI and the size check need a local file; a remote (SFTP) body arrives as a stream when not downloaded first. */
    private static Path localCopy(Exchange exchange) throws IOException {
        File local = exchange.getIn().getBody(File.class);
        if (local != null && local.isFile()) {
            return local.toPath();
        }
        Path tmp = Files.createTempFile("hub-drop-", ".in");
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                tmp.toFile().delete();
            }
        });
        try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new UncheckedIOException(new IOException("no file in the message", e));
        }
        return tmp;
    }

    static Function<DropRow, String> noCheck() {
        return row -> null;
    }

    static LongConsumer ignore() {
        return n -> { };
    }
}
