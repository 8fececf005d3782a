package tw.einvoice.hub.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.intake.RejectedRecord;
import tw.einvoice.hub.intake.RejectedRecords;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceStatistics;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What went wrong: records intake refused (corrected and replayed through {@link RejectedRecords}, the service
 * behind {@code /api/v1/rejected}) and invoices the platform rejected (their detail page resends them corrected).
 * Branch staff see and replay only records whose payload names one of their branches, before and after correction.
 */
@Controller
class FailuresPage {

    static final int LIST_LIMIT = 200;
    static final int PLATFORM_LIMIT = 50;

    private final Callers callers;
    private final RejectedRecords rejected;
    private final InvoiceStatistics statistics;
    private final AuditTrail audit;

    FailuresPage(Callers callers, RejectedRecords rejected, InvoiceStatistics statistics, AuditTrail audit) {
        this.callers = callers;
        this.rejected = rejected;
        this.statistics = statistics;
        this.audit = audit;
    }

    /** One line of a record's violations, in the page's language. */
    record Problem(String field, String code, String message) {
    }

    record Line(RejectedRecord record, String branchId, List<Problem> problems) {
    }

    @GetMapping("/failures")
    String list(@RequestParam(required = false) String connector, @RequestParam(required = false) Long before,
                Authentication auth, HttpServletRequest request, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.FAILURES, me);
        boolean english = english(request);
        // newest first: what just failed is what someone is looking for; older ones are a page away
        List<RejectedRecord> page = rejected.newest(RejectedRecord.Status.OPEN, blankToNull(connector),
                me.allSellers() ? null : callers.visibleSellers(me), me.branchScoped() ? me.branchIds() : null,
                LIST_LIMIT, before);
        model.addAttribute("older", page.size() == LIST_LIMIT ? page.get(page.size() - 1).id() : null);
        List<Line> lines = page.stream()
                .filter(r -> visibleTo(me, r.sellerId(), branchOf(r.payload())))
                .map(r -> new Line(r, branchOf(r.payload()), problems(r.violations(), english)))
                .toList();
        model.addAttribute("lines", lines);
        model.addAttribute("connector", connector);
        model.addAttribute("mayAct", ConsoleNavigation.FAILURES.openTo(me));
        model.addAttribute("platform", statistics.rejected(ConsoleScope.of(me, callers), PLATFORM_LIMIT));
        return "console/failures";
    }

    @GetMapping("/failures/{id}")
    String one(@PathVariable long id, Authentication auth, HttpServletRequest request, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.FAILURES, me);
        RejectedRecord r = visible(id, me);
        return show(r, pretty(r.payload()), problems(r.violations(), english(request)), null, model);
    }

    @PostMapping("/failures/{id}/replay")
    String replay(@PathVariable long id, @RequestParam(required = false) String payload, Authentication auth,
                  HttpServletRequest request, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.FAILURES, me);
        RejectedRecord r = visible(id, me);
        JsonNode corrected;
        try {
            corrected = payload == null || payload.isBlank() ? null : InvoiceJson.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            return show(r, payload, List.of(new Problem("payload", "json", e.getOriginalMessage())), null, model);
        }
        if (corrected != null) {
            String seller = corrected.hasNonNull("sellerId") ? corrected.get("sellerId").asText() : r.sellerId();
            if (!visibleTo(me, seller, branchOf(corrected))) {
                throw new ConsoleRefusal.Forbidden("the correction names a seller or branch you may not act for");
            }
        }
        IntakeOutcome outcome;
        try {
            outcome = rejected.replay(id, corrected, me.actor());
        } catch (RejectedRecords.RecordNotOpen e) {
            return show(r, payload, List.of(new Problem("status", "not-open", e.getMessage())), null, model);
        }
        audit.record(me.actor(), "REJECTED_REPLAYED", "rejected:" + id, Map.of("payload", r.payload()),
                result(outcome, corrected != null), request.getRemoteAddr());
        if (outcome.rejected()) {
            return show(rejected.find(id).orElse(r), payload == null || payload.isBlank() ? pretty(r.payload()) : payload,
                    outcome.violations().stream().map(v -> problem(v, english(request))).toList(), outcome, model);
        }
        return "redirect:/invoices/" + outcome.invoiceId();
    }

    /** Replays the checked records as they are (a correction is one record at a time, on its own page). */
    @PostMapping("/failures/replay")
    String replayMany(@RequestParam(name = "id", required = false) List<Long> ids, Authentication auth,
                      HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.FAILURES, me);
        List<Map<String, Object>> results = new ArrayList<>();
        int accepted = 0;
        int stillRejected = 0;
        for (long id : ids == null ? List.<Long>of() : ids) {
            visible(id, me);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", id);
            try {
                IntakeOutcome outcome = rejected.replay(id, null, me.actor());
                line.putAll(result(outcome, false));
                if (outcome.rejected()) stillRejected++; else accepted++;
            } catch (RejectedRecords.RecordNotOpen e) {
                line.put("result", "NOT_OPEN");
            }
            results.add(line);
        }
        audit.record(me.actor(), "REJECTED_REPLAYED_BULK", "rejected:" + ids, null, results, request.getRemoteAddr());
        flash.addFlashAttribute("bulk", results);
        flash.addFlashAttribute("bulkAccepted", accepted);
        flash.addFlashAttribute("bulkRejected", stillRejected);
        return "redirect:/failures";
    }

    private String show(RejectedRecord r, String payload, List<Problem> problems, IntakeOutcome outcome, Model model) {
        model.addAttribute("record", r);
        model.addAttribute("payload", payload);
        model.addAttribute("problems", problems);
        model.addAttribute("outcome", outcome);
        return "console/failure";
    }

    /** Another seller's or branch's record answers as if it did not exist, like another branch's invoice. */
    private RejectedRecord visible(long id, HubPrincipal me) {
        return rejected.find(id).filter(r -> visibleTo(me, r.sellerId(), branchOf(r.payload())))
                .orElseThrow(() -> new ConsoleRefusal.NotFound("no rejected record " + id + " for your sellers and branches"));
    }

    private boolean visibleTo(HubPrincipal me, String seller, String branch) {
        return me.allSellers() && !me.branchScoped() || me.maySee(seller, branch);
    }

    private static Map<String, Object> result(IntakeOutcome o, boolean corrected) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", o.result().name());
        m.put("corrected", corrected);
        if (o.invoiceId() != null) m.put("invoiceId", o.invoiceId().toString());
        if (o.invoiceNumber() != null) m.put("invoiceNumber", o.invoiceNumber());
        if (o.violations() != null) m.put("violations", o.violations().stream().map(Violation::toString).toList());
        return m;
    }

    static String branchOf(JsonNode payload) {
        return payload != null && payload.hasNonNull("branchId") ? payload.get("branchId").asText() : null;
    }

    private static List<Problem> problems(JsonNode violations, boolean english) {
        List<Problem> list = new ArrayList<>();
        if (violations != null && violations.isArray()) {
            for (JsonNode v : violations) {
                list.add(new Problem(v.path("field").asText(), v.path("code").asText(),
                        v.path(english ? "messageEn" : "messageZh").asText()));
            }
        }
        return list;
    }

    private static Problem problem(Violation v, boolean english) {
        return new Problem(v.field(), v.code(), english ? v.messageEn() : v.messageZh());
    }

    private static String pretty(JsonNode payload) {
        try {
            return InvoiceJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return String.valueOf(payload);
        }
    }

    private static boolean english(HttpServletRequest request) {
        return "en".equals(RequestContextUtils.getLocale(request).getLanguage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
