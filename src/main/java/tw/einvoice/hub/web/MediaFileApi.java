package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.mediafile.MediaFile;
import tw.einvoice.hub.mediafile.MediaFileReport;
import tw.einvoice.hub.mediafile.MediaFileService;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;

/** The 401 media file for finance: the file itself, or its validation report. */
@RestController
@RequestMapping("/api/v1/media-file")
@Tag(name = "media-file", description = "401 business-tax media file (401 申報媒體檔) of a seller and period")
class MediaFileApi {

    private static final List<String> ROLES = List.of("ADMIN", "FINANCE");

    private final MediaFileService mediaFiles;
    private final Principals principals;

    MediaFileApi(MediaFileService mediaFiles, Principals principals) {
        this.mediaFiles = mediaFiles;
        this.principals = principals;
    }

    @GetMapping
    @Operation(summary = "The 81-byte fixed-width records (ASCII, CRLF) as a download (ADMIN, FINANCE). seller may be left "
            + "out when the caller sees one seller. A report with errors: 422 with the report")
    ResponseEntity<?> file(@RequestParam String period, @RequestParam(required = false) String seller, Authentication auth) {
        MediaFile file = mediaFiles.build(seller(seller, auth), period(period));
        if (!file.report().writable()) {
            return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON).body(file.report());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"")
                .body(file.bytes());
    }

    @GetMapping("/report")
    @Operation(summary = "The validation report: records per format code and form, sales and tax per tax type, warnings, errors")
    MediaFileReport report(@RequestParam String period, @RequestParam(required = false) String seller, Authentication auth) {
        return mediaFiles.build(seller(seller, auth), period(period)).report();
    }

    private String seller(String seller, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        if (p.kind() != HubPrincipal.Kind.USER || ROLES.stream().noneMatch(p::hasRole)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "finance-only", "the media file is for ADMIN and FINANCE users");
        }
        List<String> visible = principals.visibleSellers(p);
        if (seller == null || seller.isBlank()) {
            if (visible.size() != 1) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "seller-required",
                        "give seller: the caller sees several sellers " + visible);
            }
            return visible.get(0);
        }
        if (!visible.contains(seller)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "seller-not-found", "no seller " + seller);
        }
        return seller;
    }

    private static TaxPeriod period(String period) {
        try {
            return TaxPeriod.parse(period);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "period-invalid", "period: " + e.getMessage());
        }
    }
}
