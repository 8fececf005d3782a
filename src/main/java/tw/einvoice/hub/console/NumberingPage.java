package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.numbering.AllocationRefused;
import tw.einvoice.hub.numbering.Allocations;
import tw.einvoice.hub.numbering.Assignments;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.numbering.PeriodEnd;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HQ's numbering through {@link Assignments} and {@link Allocations}, the services behind {@code /api/v1/numbering}:
 * every check (booklet boundaries, inside an assignment, no overlap, nothing used cut off, period open) is theirs;
 * a refusal comes back as its reason code, explained on the page in the person's language, with the service's detail.
 */
@Controller
class NumberingPage {

    private final Callers callers;
    private final Assignments assignments;
    private final Allocations allocations;
    private final PeriodEnd periodEnd;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    NumberingPage(Callers callers, Assignments assignments, Allocations allocations, PeriodEnd periodEnd, JdbcClient jdbc,
                  AuditTrail audit, Clock clock) {
        this.callers = callers;
        this.assignments = assignments;
        this.allocations = allocations;
        this.periodEnd = periodEnd;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/numbering")
    String page(@RequestParam(required = false) String period, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.NUMBERING, me);
        LocalDate today = LocalDate.now(clock.withZone(RuleSettings.TAIPEI));
        TaxPeriod current = TaxPeriod.of(today);
        String shown = period == null || period.isBlank() ? null : period.strip();
        List<String> sellers = callers.visibleSellers(me);
        model.addAttribute("period", shown);
        model.addAttribute("current", current.code());
        model.addAttribute("assignments", assignments.list(sellers, shown));
        model.addAttribute("allocations", allocations.list(sellers, shown));
        model.addAttribute("usage", sellers.stream().flatMap(s -> NumberUsage.rows(jdbc, s, shown, today).stream()).toList());
        // the blank report is due for the period that just ended, by the 10th of the next month
        TaxPeriod ended = current.previous();
        model.addAttribute("blankPeriod", ended.code());
        model.addAttribute("blanks", NumberUsage.blanks(jdbc, ended.code()).stream().filter(b -> sellers.contains(b.sellerId())).toList());
        model.addAttribute("e0402Open", periodEnd.unconfirmedReports(ended));
        model.addAttribute("sellers", sellers);
        return "console/numbering";
    }

    @PostMapping("/numbering/assignments")
    String addAssignment(@RequestParam String sellerId, @RequestParam String invoiceType, @RequestParam String period,
                         @RequestParam String track, @RequestParam String beginNo, @RequestParam String endNo,
                         @RequestParam(required = false) Long booklets, Authentication auth, HttpServletRequest request,
                         RedirectAttributes flash) {
        HubPrincipal me = admin(auth, sellerId);
        Assignment a = new Assignment(sellerId, invoiceType, period.strip(), track.strip().toUpperCase(), beginNo.strip(),
                endNo.strip(), booklets == null ? 0 : booklets);
        return act(me, "ASSIGNMENT_ADDED", sellerId + " " + a.yearMonth() + " " + a.track() + a.beginNo(), request, flash,
                () -> Map.of("created", assignments.add(a, "MANUAL", me.actor())));
    }

    /** The platform's E0501 (XML) or its CSV export, told apart by the file's name. */
    @PostMapping("/numbering/assignments/import")
    String importFile(@RequestParam("file") MultipartFile file, Authentication auth, HttpServletRequest request,
                      RedirectAttributes flash) throws IOException {
        HubPrincipal me = admin(auth, null);
        String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
        byte[] bytes = file.getBytes();
        return act(me, "ASSIGNMENTS_IMPORTED", name, request, flash, () -> {
            Assignments.ImportResult r = name.toLowerCase().endsWith(".xml") ? assignments.importE0501(name, bytes)
                    : assignments.importCsv(new String(bytes, StandardCharsets.UTF_8), me.actor());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("imported", r.imported());
            after.put("unchanged", r.unchanged());
            after.put("refused", r.refused());
            return after;
        });
    }

    @PostMapping("/numbering/allocations")
    String allocate(@RequestParam String sellerId, @RequestParam String branchId, @RequestParam String invoiceType,
                    @RequestParam String period, @RequestParam String track, @RequestParam(required = false) Integer beginNo,
                    @RequestParam(required = false) Integer endNo, @RequestParam(required = false) Integer booklets,
                    Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = admin(auth, sellerId);
        Allocations.Request r = new Allocations.Request(sellerId, branchId.strip(), invoiceType, period.strip(),
                track.strip().toUpperCase(), beginNo, endNo, booklets, null);
        flash.addFlashAttribute("allocationForm", r);
        return act(me, "ALLOCATED", sellerId + "/" + r.branchId() + " " + r.period() + " " + r.track(), request, flash,
                () -> changed(allocations.allocate(r, me.actor())));
    }

    @PostMapping("/numbering/allocations/{id}/extend")
    String extend(@PathVariable long id, @RequestParam int booklets, Authentication auth, HttpServletRequest request,
                  RedirectAttributes flash) {
        Allocations.Allocation before = allocations.find(id).orElseThrow(() -> new ConsoleRefusal.NotFound("no allocation " + id));
        HubPrincipal me = admin(auth, before.sellerId());
        return act(me, "ALLOCATION_EXTENDED", "allocation:" + id, request, flash, () -> changed(allocations.extend(id, booklets, me.actor())));
    }

    @PostMapping("/numbering/allocations/{id}/shrink")
    String shrink(@PathVariable long id, @RequestParam int endNo, Authentication auth, HttpServletRequest request,
                  RedirectAttributes flash) {
        Allocations.Allocation before = allocations.find(id).orElseThrow(() -> new ConsoleRefusal.NotFound("no allocation " + id));
        HubPrincipal me = admin(auth, before.sellerId());
        return act(me, "ALLOCATION_SHRUNK", "allocation:" + id, request, flash, () -> changed(allocations.shrink(id, endNo, me.actor())));
    }

    /** Runs one change; a refusal is audited too, since a refused allocation is something HQ tried. */
    private String act(HubPrincipal me, String action, String target, HttpServletRequest request, RedirectAttributes flash,
                       Supplier<Map<String, Object>> change) {
        try {
            Map<String, Object> after = change.get();
            audit.record(me.actor(), action, target, null, after, request.getRemoteAddr());
            flash.addFlashAttribute("done", "numbering.done." + action);
            flash.addFlashAttribute("doneDetail", after.toString());
            flash.addFlashAttribute("allocationForm", null);
        } catch (AllocationRefused e) {
            audit.record(me.actor(), action + "_REFUSED", target, null,
                    Map.of("reason", e.reason().name(), "message", e.getMessage()), request.getRemoteAddr());
            flash.addFlashAttribute("refusedReason", e.reason().name());
            flash.addFlashAttribute("refusedDetail", e.getMessage());
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("refusedReason", "NUMBER_FORMAT");
            flash.addFlashAttribute("refusedDetail", e.getMessage());
        }
        return "redirect:/numbering";
    }

    private static Map<String, Object> changed(Allocations.Changed c) {
        Allocations.Allocation a = c.allocation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("branchId", a.branchId());
        m.put("track", a.track());
        m.put("beginNo", String.format("%08d", a.beginNo()));
        m.put("endNo", String.format("%08d", a.endNo()));
        m.put("e0401", String.valueOf(c.messageId()));
        return m;
    }

    private HubPrincipal admin(Authentication auth, String sellerId) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.NUMBERING, me);
        if (sellerId != null && !me.maySee(sellerId)) {
            throw new ConsoleRefusal.Forbidden("seller " + sellerId + " is not yours");
        }
        return me;
    }
}
