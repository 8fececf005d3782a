package tw.einvoice.hub.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.rules.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * One dropped or uploaded file through intake, row by row, with a per-row result CSV.
 * <p>
 * Rows sharing a {@code sourceRef} form one invoice (the csv-default/xlsx-default layout) and must be
 * adjacent: that keeps memory flat (only the current chunk of invoices is held) where collecting every
 * group first would hold the whole file. A sourceRef that comes back after another one is reported on that
 * row instead of silently making a duplicate. Invoices are delivered to intake {@link #chunkSize} at a time
 * (one transaction and one queue message each), which is what makes a 50,000-row file take seconds, not minutes.
 */
final class DropProcessor {

    /**
     * Delivers to intake and returns its outcomes: rows (a JSON array of row objects) for intake to map, or, when
     * {@code mapped}, what the {@link Mapper} already made of them.
     */
    @FunctionalInterface
    public interface Intake {
        List<IntakeOutcome> deliver(JsonNode body, boolean mapped, String sourceRef);
    }

    /**
     * Maps a chunk's rows, or answers null when the mapping fails on them: then each invoice goes alone, so one
     * bad group does not reject a whole chunk. A chunk that maps is delivered as mapped, not mapped again.
     */
    @FunctionalInterface
    public interface Mapper {
        JsonNode map(ArrayNode rows);
    }

    public record Summary(long rows, long accepted, long duplicates, long rejected) {
    }

    static final String[] RESULT_COLUMNS = {"row", "sourceRef", "result", "invoiceId", "invoiceNumber", "errors"};
    static final String RESULT_HEADER = String.join(",", RESULT_COLUMNS);
    /** CRLF and quotes only where a cell needs them, which is what Excel writes and reads. */
    private static final CSVFormat RESULT_FORMAT = CSVFormat.RFC4180;

    private final DropFileReader reader;
    private final Intake intake;
    private final Mapper mapper;
    private final int chunkSize;

    DropProcessor(DropFileReader reader, Intake intake, Mapper mapper, int chunkSize) {
        this.reader = reader;
        this.intake = intake;
        this.mapper = mapper;
        this.chunkSize = chunkSize;
    }

    private record Group(String sourceRef, List<DropRow> rows) {
    }

    /** A row refused before intake, waiting in line so the result file stays in row order. */
    private record Refused(DropRow row, String sourceRef, String error) {
    }

    /** Counts and refuses oversized files before the first row goes anywhere; see {@link DropFileReader#count}. */
    public long count(Path file, String fileName) {
        return reader.count(file, fileName);
    }

    /**
     * Processes the file, writing one result line per data row (header {@link #RESULT_HEADER}) to {@code out}.
     * {@code progress} hears the number of rows done after each chunk.
     *
     * @throws DropFileUnreadable when the file as a whole cannot be read (nothing has been delivered then)
     */
    public Summary process(Path file, String fileName, Writer out, LongConsumer progress) {
        return process(file, fileName, out, progress, row -> null);
    }

    /** As above; {@code rowCheck} may refuse a row before intake (returns {@code field: message}) or pass it (null). */
    public Summary process(Path file, String fileName, Writer out, LongConsumer progress,
                           java.util.function.Function<DropRow, String> rowCheck) {
        Run run = new Run(printer(out), progress, rowCheck);
        run.print((Object[]) RESULT_COLUMNS);
        reader.read(file, fileName, run::accept);
        run.flushGroup();
        run.flushChunk();
        run.flush();
        progress.accept(run.done);
        return new Summary(run.done, run.accepted, run.duplicates, run.rejected);
    }

    private static CSVPrinter printer(Writer out) {
        try {
            return new CSVPrinter(out, RESULT_FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Run {
        final CSVPrinter out;
        final LongConsumer progress;
        final Set<String> seen = new HashSet<>();
        final List<Group> chunk = new ArrayList<>();
        // groups and refused rows in file order; written out when the chunk is delivered
        final List<Object> pending = new ArrayList<>();
        Group current;
        long done;
        long accepted;
        long duplicates;
        long rejected;

        final java.util.function.Function<DropRow, String> rowCheck;

        Run(CSVPrinter out, LongConsumer progress, java.util.function.Function<DropRow, String> rowCheck) {
            this.rowCheck = rowCheck;
            this.out = out;
            this.progress = progress;
        }

        void accept(DropRow row) {
            String ref = row.error() == null ? row.cell("sourceRef") : "";
            String refused = row.error() == null ? rowCheck.apply(row) : null;
            if (row.error() != null) {
                pending.add(new Refused(row, ref, row.error()));
            } else if (refused != null) {
                pending.add(new Refused(row, ref, refused));
            } else if (ref.isEmpty()) {
                pending.add(new Refused(row, ref, "sourceRef: required on every row"));
            } else if (current != null && current.sourceRef().equals(ref)) {
                current.rows().add(row);
            } else if (seen.contains(ref)) {
                pending.add(new Refused(row, ref, "sourceRef: rows of one invoice must be adjacent; " + ref + " appeared earlier"));
            } else {
                flushGroup();
                seen.add(ref);
                current = new Group(ref, new ArrayList<>());
                current.rows().add(row);
                pending.add(current);
            }
        }

        void flushGroup() {
            if (current != null) {
                chunk.add(current);
                current = null;
                if (chunk.size() >= chunkSize) {
                    flushChunk();
                }
            }
        }

        void flushChunk() {
            if (chunk.isEmpty()) {
                pending.forEach(p -> {
                    Refused r = (Refused) p;
                    rowResult(r.row(), r.sourceRef(), "REJECTED", null, r.error());
                });
                pending.clear();
                return;
            }
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            chunk.forEach(g -> g.rows().forEach(r -> all.add(json(r))));
            Map<String, IntakeOutcome> bySource = new HashMap<>();
            JsonNode mapped = chunk.size() > 1 ? mapper.map(all) : null;
            if (mapped != null) {
                for (IntakeOutcome o : intake.deliver(mapped, true, null)) {
                    if (o.sourceRef() != null) {
                        bySource.put(o.sourceRef(), o);
                    }
                }
            }
            Map<String, IntakeOutcome> outcomes = new HashMap<>();
            for (Group g : chunk) {
                IntakeOutcome o = bySource.get(g.sourceRef());
                if (o == null) {
                    // alone: a mapping error then rejects this invoice only, kept as a rejected record with its rows
                    ArrayNode rows = JsonNodeFactory.instance.arrayNode();
                    g.rows().forEach(r -> rows.add(json(r)));
                    List<IntakeOutcome> alone = intake.deliver(rows, false, g.sourceRef());
                    o = alone.isEmpty() ? null : alone.get(0);
                }
                outcomes.put(g.sourceRef(), o);
            }
            for (Object p : pending) {
                if (p instanceof Refused r) {
                    rowResult(r.row(), r.sourceRef(), "REJECTED", null, r.error());
                    continue;
                }
                Group g = (Group) p;
                IntakeOutcome o = outcomes.get(g.sourceRef());
                for (DropRow r : g.rows()) {
                    if (o == null) {
                        rowResult(r, g.sourceRef(), "REJECTED", null, "intake: no outcome");
                    } else {
                        rowResult(r, g.sourceRef(), o.result().name(), o, errors(o.violations()));
                    }
                }
            }
            pending.clear();
            chunk.clear();
            progress.accept(done);
        }

        void rowResult(DropRow row, String ref, String result, IntakeOutcome o, String errors) {
            done++;
            switch (result) {
                case "ACCEPTED" -> accepted++;
                case "DUPLICATE" -> duplicates++;
                default -> rejected++;
            }
            print(row.number(), ref, result, o == null ? null : o.invoiceId(), o == null ? null : o.invoiceNumber(), errors);
        }

        void print(Object... cells) {
            try {
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i] instanceof String text) {
                        cells[i] = inert(text);
                    }
                }
                out.printRecord(cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ObjectNode json(DropRow row) {
        if (row.document() != null) {
            return row.document();
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        row.cells().forEach(o::put);
        return o;
    }

    /**
     * A cell Excel or LibreOffice would run as a formula ({@code =HYPERLINK(…)}, {@code =cmd|…}, or anything starting
     * with {@code = + - @}, also behind a tab or carriage return) gets a leading {@code '}, so the result file a partner
     * opens shows the sourceRef or message they sent instead of executing it (OWASP CSV injection).
     */
    static String inert(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    static String errors(List<Violation> violations) {
        if (violations == null || violations.isEmpty()) {
            return null;
        }
        return violations.stream().map(v -> v.field() + ": " + v.messageEn()).collect(Collectors.joining("; "));
    }
}
