package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.numbering.AllocationRefused;
import tw.einvoice.hub.numbering.Allocations;
import tw.einvoice.hub.numbering.Assignments;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.web.internal.Principals;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** Numbering for HQ admins (changes) and everyone scoped to their seller and branches (reading). */
@RestController
@RequestMapping("/api/v1/numbering")
@Tag(name = "numbering", description = "MOF assignments (配號), HQ → branch allocations (E0401), usage and blank numbers")
class NumberingApi {

    private final Assignments assignments;
    private final Allocations allocations;
    private final Principals principals;
    private final JdbcClient jdbc;

    NumberingApi(Assignments assignments, Allocations allocations, Principals principals, JdbcClient jdbc) {
        this.assignments = assignments;
        this.allocations = allocations;
        this.principals = principals;
        this.jdbc = jdbc;
    }

    record AssignmentRequest(String sellerId, String invoiceType, String period, String track, String beginNo,
                             String endNo, Long booklets) {
    }

    record AllocationRequest(String sellerId, String branchId, String invoiceType, String period, String track,
                             Integer beginNo, Integer endNo, Integer booklets, OffsetDateTime effectiveFrom,
                             Allocations.NumberedBy numberedBy) {
    }

    record ExtendRequest(Integer booklets) {
    }

    record ShrinkRequest(Integer endNo) {
    }

    @GetMapping("/assignments")
    @Operation(summary = "The MOF's assignments of the sellers the caller may see")
    List<Assignments.Stored> assignments(@RequestParam(required = false) String period, Authentication auth) {
        return assignments.list(principals.visibleSellers(principals.of(auth)), period);
    }

    @PostMapping("/assignments")
    @Operation(summary = "Enter one assignment by hand (HQ admins)")
    ResponseEntity<Assignments.Stored> addAssignment(@RequestBody AssignmentRequest r, Authentication auth) {
        HubPrincipal p = admin(auth, r.sellerId());
        boolean created = assignments.add(new Assignment(r.sellerId(), r.invoiceType(), r.period(), r.track(), r.beginNo(),
                r.endNo(), r.booklets() == null ? 0 : r.booklets()), "MANUAL", p.actor());
        Assignments.Stored stored = assignments.list(List.of(r.sellerId()), r.period()).stream()
                .filter(a -> a.track().equals(r.track()) && String.format("%08d", a.beginNo()).equals(r.beginNo()))
                .findFirst().orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(stored);
    }

    @PostMapping(path = "/assignments/import", consumes = {"text/csv", "text/plain"})
    @Operation(summary = "Import the platform's CSV of assignments: header ban,invoiceType,yearMonth,track,beginNo,endNo,booklets")
    Assignments.ImportResult importCsv(@RequestBody String csv, Authentication auth) {
        HubPrincipal p = admin(auth, null);
        return assignments.importCsv(csv, p.actor());
    }

    @GetMapping("/allocations")
    @Operation(summary = "Branch allocations the caller may see (branch users: their branches only)")
    List<Allocations.Allocation> allocations(@RequestParam(required = false) String period, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        return allocations.list(principals.visibleSellers(p), period).stream().filter(a -> branchVisible(p, a.branchId())).toList();
    }

    @GetMapping("/allocations/{id}/audit")
    @Operation(summary = "Every change of one allocation: who, when, before, after")
    List<java.util.Map<String, Object>> audit(@PathVariable long id, Authentication auth) {
        Allocations.Allocation a = visible(id, principals.of(auth));
        return allocations.audit(a.id());
    }

    @PostMapping("/allocations")
    @Operation(summary = "Allocate a range (beginNo/endNo) or the next free booklets (booklets) to a branch; sends E0401. "
            + "numberedBy SOURCE: the branch's source (a POS) gives these numbers itself and the hub never allocates them")
    ResponseEntity<Allocations.Changed> allocate(@RequestBody AllocationRequest r, Authentication auth) {
        HubPrincipal p = admin(auth, r.sellerId());
        Allocations.Changed c = allocations.allocate(new Allocations.Request(r.sellerId(), r.branchId(), r.invoiceType(),
                r.period(), r.track(), r.beginNo(), r.endNo(), r.booklets(), r.effectiveFrom(), r.numberedBy()), p.actor());
        return ResponseEntity.created(URI.create("/api/v1/numbering/allocations/" + c.allocation().id())).body(c);
    }

    @PostMapping("/allocations/{id}/extend")
    @Operation(summary = "Add booklets right after the allocation's end; sends E0401 for the added part")
    Allocations.Changed extend(@PathVariable long id, @RequestBody ExtendRequest r, Authentication auth) {
        Allocations.Allocation a = visible(id, principals.of(auth));
        HubPrincipal p = admin(auth, a.sellerId());
        return allocations.extend(id, r.booklets() == null ? 0 : r.booklets(), p.actor());
    }

    @PostMapping("/allocations/{id}/shrink")
    @Operation(summary = "Cut the unused tail back to endNo; the numbers return to HQ's pool")
    Allocations.Changed shrink(@PathVariable long id, @RequestBody ShrinkRequest r, Authentication auth) {
        Allocations.Allocation a = visible(id, principals.of(auth));
        HubPrincipal p = admin(auth, a.sellerId());
        if (r.endNo() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "endNo-required", "give the new endNo");
        }
        return allocations.shrink(id, r.endNo(), p.actor());
    }

    @GetMapping("/usage")
    @Operation(summary = "Used / remaining / blank numbers per branch, track and range")
    List<NumberUsage.Row> usage(@RequestParam(required = false) String period, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        LocalDate today = LocalDate.now(RuleSettings.TAIPEI);
        return principals.visibleSellers(p).stream()
                .flatMap(s -> NumberUsage.rows(jdbc, s, period, today).stream())
                .filter(r -> branchVisible(p, r.branchId()) || (isBranchUser(p) ? false : NumberUsage.HQ.equals(r.branchId())))
                .toList();
    }

    @ExceptionHandler(AllocationRefused.class)
    ResponseEntity<org.springframework.http.ProblemDetail> refused(AllocationRefused e) {
        HttpStatus status = e.reason() == AllocationRefused.Reason.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
        var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:einvoice-hub:problem:numbering-refused"));
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(status).body(problem);
    }

    private HubPrincipal admin(Authentication auth, String sellerId) {
        HubPrincipal p = principals.of(auth);
        if (!"ADMIN".equals(p.role()) || p.kind() != HubPrincipal.Kind.USER || (sellerId != null && !p.maySee(sellerId))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "hq-admin-only", "only HQ admins change assignments and allocations");
        }
        return p;
    }

    private Allocations.Allocation visible(long id, HubPrincipal p) {
        return allocations.find(id).filter(a -> p.maySee(a.sellerId()) && branchVisible(p, a.branchId()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "allocation-not-found", "no allocation " + id));
    }

    private static boolean isBranchUser(HubPrincipal p) {
        return "BRANCH".equals(p.role());
    }

    private static boolean branchVisible(HubPrincipal p, String branchId) {
        return !isBranchUser(p) || (p.branchIds() != null && p.branchIds().contains(branchId));
    }
}
