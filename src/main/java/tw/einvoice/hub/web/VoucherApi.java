package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.einvoice.hub.digitize.Vouchers;
import tw.einvoice.hub.web.internal.Principals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Paper vouchers: upload, read results, review and approval (docs/vouchers.md). */
@RestController
@RequestMapping("/api/v1/vouchers")
@Tag(name = "vouchers")
class VoucherApi {

    private final Vouchers vouchers;
    private final Principals principals;

    VoucherApi(Vouchers vouchers, Principals principals) {
        this.vouchers = vouchers;
        this.principals = principals;
    }

    /** One upload's answer per file, in the order sent; refused files say why without failing the others. */
    record Upload(List<Object> vouchers) {
    }

    record Refusal(String fileName, int status, String reason) {
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Uploads voucher images (PNG, JPEG, TIFF, PDF) in the part 'file' (repeatable); 202 with one entry "
            + "per file: id, duplicate (the same image was sent before: its voucher, nothing stored), status. A single "
            + "file too large: 413; of a type not accepted: 415; of several, each refusal is listed and the status is 207")
    ResponseEntity<Upload> upload(@RequestParam("file") List<MultipartFile> files, @RequestParam(required = false) String sellerId,
                                  Authentication auth) {
        HubPrincipal p = reviewer(auth);
        String seller = seller(p, sellerId);
        List<Object> answers = new ArrayList<>();
        boolean refused = false;
        for (MultipartFile file : files) {
            try {
                answers.add(vouchers.receive(seller, file.getOriginalFilename(), file.getBytes(), p.actor(), "api"));
            } catch (Vouchers.Refused e) {
                if (files.size() == 1) {
                    throw e;
                }
                refused = true;
                answers.add(new Refusal(file.getOriginalFilename(), status(e).value(), e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ResponseEntity.status(refused ? HttpStatus.MULTI_STATUS : HttpStatus.ACCEPTED).body(new Upload(answers));
    }

    @GetMapping
    @Operation(summary = "Searches vouchers, newest first: q (part of the recognised text), number, ban (either party), "
            + "from/until (invoice date), amount (sales, tax or total), status")
    List<Vouchers.View> search(@RequestParam(required = false) String q, @RequestParam(required = false) String number,
                               @RequestParam(required = false) String ban,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
                               @RequestParam(required = false) Long amount, @RequestParam(required = false) Vouchers.Status status,
                               @RequestParam(defaultValue = "100") int limit, Authentication auth) {
        HubPrincipal p = reviewer(auth);
        return vouchers.search(new Vouchers.Search(principals.visibleSellers(p), q, number, ban, from, until, amount, status, limit));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One voucher: fields, confidence per field, flags (field → reason), status")
    Vouchers.View one(@PathVariable long id, Authentication auth) {
        return visible(id, reviewer(auth));
    }

    @GetMapping("/{id}/image")
    @Operation(summary = "The voucher's file as uploaded")
    ResponseEntity<byte[]> image(@PathVariable long id, Authentication auth) {
        visible(id, reviewer(auth));
        Vouchers.Image image = vouchers.image(id).orElseThrow();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(image.mediaType())).body(image.content());
    }

    @GetMapping("/{id}/corrections")
    @Operation(summary = "The audit trail of the voucher's corrections, oldest first")
    List<Vouchers.Correction> corrections(@PathVariable long id, Authentication auth) {
        visible(id, reviewer(auth));
        return vouchers.corrections(id);
    }

    @PostMapping("/{id}/corrections")
    @Operation(summary = "Corrects fields ({\"taxAmount\":\"617\", …}; date yyyy-MM-dd; empty clears): one audit row per "
            + "changed field, checks run again. Approved vouchers: 409")
    Vouchers.View correct(@PathVariable long id, @RequestBody Map<String, String> fields, Authentication auth) {
        HubPrincipal p = reviewer(auth);
        visible(id, p);
        return vouchers.correct(id, fields, p.actor());
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approves, after the corrections in the body if any; 409 naming the fields still flagged")
    Vouchers.View approve(@PathVariable long id, @RequestBody(required = false) Map<String, String> fields, Authentication auth) {
        HubPrincipal p = reviewer(auth);
        visible(id, p);
        return vouchers.approve(id, fields == null ? Map.of() : fields, p.actor());
    }

    @PostMapping("/approve-confident")
    @Operation(summary = "Approves every read voucher with no flagged field and at least hub.vouchers.bulk-approve-min "
            + "confidence; answers their ids")
    Map<String, List<Long>> approveConfident(Authentication auth) {
        HubPrincipal p = reviewer(auth);
        return Map.of("approved", vouchers.approveConfident(principals.visibleSellers(p), p.actor()));
    }

    @ExceptionHandler(Vouchers.Refused.class)
    ProblemDetail refused(Vouchers.Refused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e), e.getMessage());
        problem.setType(URI.create("urn:einvoice-hub:problem:voucher-" + e.reason().name().toLowerCase().replace('_', '-')));
        return problem;
    }

    private static HttpStatus status(Vouchers.Refused e) {
        return switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    /** Vouchers are finance work: API keys (one seller each), admins and finance staff. */
    private HubPrincipal reviewer(Authentication auth) {
        HubPrincipal p = principals.of(auth);
        if (p.kind() == HubPrincipal.Kind.USER && !p.hasRole("ADMIN") && !p.hasRole("FINANCE")) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "vouchers are reviewed by ADMIN and FINANCE users");
        }
        return p;
    }

    private String seller(HubPrincipal p, String sellerId) {
        if (sellerId == null || sellerId.isBlank()) {
            if (p.allSellers()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "seller-required", "sellerId: name the seller the vouchers belong to");
            }
            return p.sellerId();
        }
        if (!p.maySee(sellerId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "sellerId: " + sellerId + " is not yours");
        }
        return sellerId;
    }

    private Vouchers.View visible(long id, HubPrincipal p) {
        return vouchers.find(id).filter(v -> p.maySee(v.sellerId()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "voucher-not-found", "no voucher " + id));
    }
}
