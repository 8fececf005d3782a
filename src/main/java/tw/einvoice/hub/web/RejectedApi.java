package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.intake.RejectedRecord;
import tw.einvoice.hub.intake.RejectedRecords;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;

@RestController
@RequestMapping("/api/v1/rejected")
@Tag(name = "rejected", description = "Records intake refused: inspect, correct and replay")
class RejectedApi {

    private final RejectedRecords rejected;
    private final Principals principals;

    RejectedApi(RejectedRecords rejected, Principals principals) {
        this.rejected = rejected;
        this.principals = principals;
    }

    record Page(List<RejectedRecord> records, Long next) {
    }

    @GetMapping
    @Operation(summary = "Rejected records in id order; page with ?after=<next>")
    Page list(@RequestParam(defaultValue = "OPEN") String status, @RequestParam(required = false) String connector,
              @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") long after,
              Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        RejectedRecord.Status s = "ALL".equalsIgnoreCase(status) ? null : parseStatus(status);
        int size = Math.max(1, Math.min(limit, 1000));
        List<RejectedRecord> records = rejected.list(s, connector,
                principal.allSellers() ? null : List.of(principal.sellerId()), size, after);
        Long next = records.size() == size ? records.get(records.size() - 1).id() : null;
        // paged on the seller's records, so a page of other branches' records still leads on to the next
        return new Page(records.stream().filter(r -> principal.maySee(r.sellerId(), branchOf(r.payload()))).toList(), next);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One rejected record with its original payload, violations and history")
    RejectedRecord one(@PathVariable long id, Authentication auth) {
        return visible(id, principals.of(auth));
    }

    @PostMapping("/{id}/replay")
    @Operation(summary = "Replay a rejected record through intake, optionally with a corrected payload as the body")
    IntakeOutcome replay(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/json", schema = @Schema(type = "object", description = "the corrected payload")))
                         @RequestBody(required = false) byte[] body, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        JsonNode corrected = body == null || body.length == 0 ? null : InvoiceApi.parse(body);
        visible(id, principal);
        if (corrected != null && corrected.hasNonNull("sellerId") && !principal.maySee(corrected.get("sellerId").asText())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller", "the correction names another seller");
        }
        if (corrected != null && principal.branchScoped() && !principal.branchIds().contains(branchOf(corrected))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-branch", "the correction names another branch");
        }
        return rejected.replay(id, corrected, principal.actor());
    }

    private RejectedRecord visible(long id, HubPrincipal principal) {
        RejectedRecord r = rejected.find(id).orElseThrow(() -> new RejectedRecords.RecordNotFound(id));
        if (!principal.allSellers() && !principal.sellerId().equals(r.sellerId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller", "that record belongs to another seller");
        }
        // branch staff act on their branches' records only, as in the console: a record naming no branch is not theirs
        if (!principal.maySee(r.sellerId(), branchOf(r.payload()))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-branch", "that record belongs to another branch");
        }
        return r;
    }

    private static String branchOf(JsonNode payload) {
        return payload != null && payload.hasNonNull("branchId") ? payload.get("branchId").asText() : null;
    }

    private static RejectedRecord.Status parseStatus(String status) {
        try {
            return RejectedRecord.Status.valueOf(status.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-status", "status is one of OPEN, REPLAYED, DISCARDED, ALL");
        }
    }
}
