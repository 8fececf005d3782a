package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.einvoice.hub.drop.Batch;
import tw.einvoice.hub.drop.Batches;
import tw.einvoice.hub.drop.DropFileUnreadable;
import tw.einvoice.hub.web.internal.Principals;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/batches")
@Tag(name = "batches", description = "Excel (XLSX) or CSV batches in the drop layout: progress and per-row results")
class BatchApi {

    private final Batches batches;
    private final Principals principals;

    BatchApi(Batches batches, Principals principals) {
        this.batches = batches;
        this.principals = principals;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a batch (form field `file`); 202 with the batch, processed in the background")
    ResponseEntity<Batch> upload(@RequestParam("file") MultipartFile file, Authentication auth) throws IOException {
        HubPrincipal principal = principals.of(auth);
        String name = fileName(file.getOriginalFilename());
        try (InputStream in = file.getInputStream()) {
            Batch batch = batches.start(name, in, principal.sellerId(), principal.actor());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header(HttpHeaders.LOCATION, "/api/v1/batches/" + batch.id()).body(batch);
        } catch (DropFileUnreadable e) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file", e.getMessage());
        }
    }

    /**
     * The uploaded name without any folder (either slash), refused when no file system or page could keep it as it is:
     * a character an invoice cannot carry (NUL, a bidirectional override that shows {@code vsc.exe} as {@code exe.csv})
     * or more than {@value #MAX_NAME} characters.
     */
    static String fileName(String uploaded) {
        if (uploaded == null || uploaded.isBlank()) {
            return "batch.xlsx";
        }
        String name = uploaded.substring(Math.max(uploaded.lastIndexOf('/'), uploaded.lastIndexOf('\\')) + 1);
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.length() > MAX_NAME
                || !tw.einvoice.hub.rules.InvoiceText.isCarriable(name)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-file-name", "file name: at most " + MAX_NAME
                    + " characters, none of them control or bidirectional characters: " + tw.einvoice.hub.rules.InvoiceText.shown(uploaded));
        }
        return name;
    }

    private static final int MAX_NAME = 255;

    @GetMapping("/{id}")
    @Operation(summary = "A batch with its progress (rowsDone of rowsTotal) and counts")
    Batch one(@PathVariable UUID id, Authentication auth) {
        return visible(id, principals.of(auth));
    }

    @GetMapping("/{id}/result")
    @Operation(summary = "The per-row result CSV (row, sourceRef, result, invoiceId, invoiceNumber, errors); 409 until done")
    ResponseEntity<Resource> result(@PathVariable UUID id, Authentication auth) {
        Batch batch = visible(id, principals.of(auth));
        return batches.result(id)
                .map(p -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".result.csv\"")
                        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                        .body((Resource) new FileSystemResource(p)))
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "batch-not-done",
                        "batch " + id + " is " + batch.status() + "; the result file is there once it is DONE"));
    }

    private Batch visible(UUID id, HubPrincipal principal) {
        return batches.find(id)
                .filter(b -> principal.allSellers() || principal.sellerId().equals(b.sellerId()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not-found", "no batch " + id));
    }
}
