package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.drop.Batch;
import tw.einvoice.hub.drop.Batches;
import tw.einvoice.hub.drop.DropFileUnreadable;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Batch upload through {@link Batches}, the service behind {@code /api/v1/batches} (same size bound, same seller
 * check per row, same result file). The progress fragment is polled by htmx every second until the batch ends;
 * the per-row results are read back from the result file, so the page shows exactly what the download holds.
 */
@Controller
class BatchesPage {

    /** Rows shown on the page; the download has them all. */
    static final int ROWS_SHOWN = 500;

    private final Callers callers;
    private final Batches batches;
    private final AuditTrail audit;

    BatchesPage(Callers callers, Batches batches, AuditTrail audit) {
        this.callers = callers;
        this.batches = batches;
        this.audit = audit;
    }

    /** One line of the result file. */
    record ResultRow(String row, String sourceRef, String result, String invoiceId, String invoiceNumber, String errors) {
    }

    @GetMapping("/batches")
    String form(Authentication auth, Model model) {
        ConsoleNavigation.require(ConsoleNavigation.BATCHES, callers.of(auth));
        return "console/batches";
    }

    @PostMapping("/batches")
    String upload(@RequestParam("file") MultipartFile file, Authentication auth, HttpServletRequest request,
                  RedirectAttributes flash) throws IOException {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.BATCHES, me);
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "batch.xlsx"
                : Path.of(file.getOriginalFilename()).getFileName().toString();
        if (file.isEmpty()) {
            flash.addFlashAttribute("refused", "batches.error.empty");
            return "redirect:/batches";
        }
        Batch batch;
        try (InputStream in = file.getInputStream()) {
            batch = batches.start(name, in, me.sellerId(), me.actor());
        } catch (DropFileUnreadable e) {
            flash.addFlashAttribute("refused", "batches.error.unsupported");
            flash.addFlashAttribute("refusedDetail", e.getMessage());
            return "redirect:/batches";
        }
        audit.record(me.actor(), "BATCH_UPLOADED", "batch:" + batch.id(), null,
                Map.of("fileName", name, "bytes", file.getSize()), request.getRemoteAddr());
        return "redirect:/batches/" + batch.id();
    }

    @GetMapping("/batches/{id}")
    String one(@PathVariable UUID id, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.BATCHES, me);
        return show(visible(id, me), model, "console/batch");
    }

    /** The fragment htmx polls; once the batch ends it carries no trigger, so the polling stops by itself. */
    @GetMapping("/batches/{id}/progress")
    String progress(@PathVariable UUID id, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.BATCHES, me);
        return show(visible(id, me), model, "console/batch :: progress");
    }

    @GetMapping("/batches/{id}/result")
    ResponseEntity<Resource> result(@PathVariable UUID id, Authentication auth) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.BATCHES, me);
        Batch batch = visible(id, me);
        Path file = batches.result(id).orElseThrow(() -> new ConsoleRefusal.NotFound("batch " + id + " is " + batch.status()
                + "; its result file is there once it is DONE"));
        String download = batch.fileName().replaceAll("[^A-Za-z0-9._-]", "_") + ".result.csv";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(new FileSystemResource(file));
    }

    private String show(Batch batch, Model model, String view) {
        model.addAttribute("batch", batch);
        long total = batch.rowsTotal() == null ? 0 : batch.rowsTotal();
        boolean ended = batch.status() == Batch.Status.DONE || batch.status() == Batch.Status.FAILED;
        model.addAttribute("percent", batch.status() == Batch.Status.DONE ? 100
                : total == 0 ? 0 : (int) Math.min(99, batch.rowsDone() * 100 / total));
        model.addAttribute("ended", ended);
        model.addAttribute("rows", batch.status() == Batch.Status.DONE ? rows(batch.id()) : List.of());
        return view;
    }

    private List<ResultRow> rows(UUID id) {
        Path file = batches.result(id).orElse(null);
        if (file == null) {
            return List.of();
        }
        List<ResultRow> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(skipBom(in))) {
            for (CSVRecord r : csv) {
                if (rows.size() == ROWS_SHOWN) {
                    break;
                }
                rows.add(new ResultRow(get(r, "row"), get(r, "sourceRef"), get(r, "result"), get(r, "invoiceId"),
                        get(r, "invoiceNumber"), get(r, "errors")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Reader skipBom(Reader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return in;
    }

    private static String get(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
    }

    /** Another seller's batch answers as if it did not exist, like the API. */
    private Batch visible(UUID id, HubPrincipal me) {
        return batches.find(id).filter(b -> me.allSellers() || me.sellerId().equals(b.sellerId()))
                .orElseThrow(() -> new ConsoleRefusal.NotFound("no batch " + id));
    }
}
