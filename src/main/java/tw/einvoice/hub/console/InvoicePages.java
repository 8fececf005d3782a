package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceSearch;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.issue.Adjustments;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.transmit.TurnkeyGateway;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Invoice search and one invoice's page: its status timeline, the MIG messages as sent with Turnkey's status and
 * error, and the changes (cancel, void and re-issue, allowance, cancel allowance, resend corrected). Changes go
 * through {@link Adjustments} and the Turnkey queue exactly as the API's do; a refusal is shown with its reason.
 */
@Controller
class InvoicePages {

    static final int DEFAULT_PAGE_SIZE = 50;

    private final Callers callers;
    private final InvoiceSearch search;
    private final InvoiceStore invoices;
    private final MessageStore messages;
    private final Adjustments adjustments;
    private final TurnkeyGateway gateway;
    private final AuditTrail audit;

    InvoicePages(Callers callers, InvoiceSearch search, InvoiceStore invoices, MessageStore messages,
                 Adjustments adjustments, TurnkeyGateway gateway, AuditTrail audit) {
        this.callers = callers;
        this.search = search;
        this.invoices = invoices;
        this.messages = messages;
        this.adjustments = adjustments;
        this.gateway = gateway;
        this.audit = audit;
    }

    @GetMapping("/invoices")
    String search(@RequestParam(required = false) String number,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  @RequestParam(required = false) String buyer, @RequestParam(required = false) InvoiceStatus status,
                  @RequestParam(required = false) String connector, @RequestParam(required = false) String branch,
                  @RequestParam(required = false) BigDecimal min, @RequestParam(required = false) BigDecimal max,
                  @RequestParam(defaultValue = "DATE") String sort, @RequestParam(defaultValue = "desc") String dir,
                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                  Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.INVOICES, me);
        int pageSize = Math.max(1, Math.min(InvoiceSearch.MAX_PAGE_SIZE, size));
        InvoiceSearch.Page result;
        try {
            InvoiceSearch.Criteria criteria = InvoiceSearch.Criteria.any()
                    .number(number)
                    .dates(from == null ? null : from.atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime(),
                            to == null ? null : to.plusDays(1).atStartOfDay(RuleSettings.TAIPEI).toOffsetDateTime())
                    .buyerBanOrName(buyer)
                    .status(status)
                    .connector(connector)
                    .amounts(min, max)
                    .within(ConsoleScope.of(me, callers).branch(branch))
                    .sorted(InvoiceSearch.Sort.of(sort, "asc".equals(dir)))
                    .page(Math.max(0, page), pageSize);
            result = search.search(criteria);
        } catch (IllegalArgumentException e) {
            // a search the ledger cannot answer well (a name part too short, an unknown sort) is explained, not run
            model.addAttribute("searchRefused", e.getMessage());
            result = new InvoiceSearch.Page(List.of(), 0, pageSize, false);
        }
        model.addAttribute("result", result);
        model.addAttribute("statuses", InvoiceStatus.values());
        model.addAttribute("sorts", InvoiceSearch.Sort.columns());
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("number", number);
        query.put("from", from);
        query.put("to", to);
        query.put("buyer", buyer);
        query.put("status", status);
        query.put("connector", connector);
        query.put("branch", branch);
        query.put("min", min);
        query.put("max", max);
        query.put("sort", sort);
        query.put("dir", dir);
        query.put("size", pageSize);
        model.addAttribute("q", query);
        return "console/invoices";
    }

    @GetMapping("/invoices/{id}")
    String detail(@PathVariable UUID id, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.INVOICES, me);
        StoredInvoice invoice = find(id, me);
        List<InvoiceMessage> sent = messages.forInvoice(invoice.id());
        model.addAttribute("invoice", invoice);
        model.addAttribute("document", InvoiceJson.mapper().valueToTree(invoice.document()).toPrettyString());
        model.addAttribute("blockedReason", invoices.blockedReason(invoice.id()).orElse(null));
        model.addAttribute("history", invoices.history(invoice.id()));
        model.addAttribute("messages", sent);
        // B0101 is the allowance of an invoice issued through the B2B exchange
        model.addAttribute("allowances", sent.stream()
                .filter(m -> "G0401".equals(m.messageType()) || "B0101".equals(m.messageType())).toList());
        model.addAttribute("mayAdjust", ConsoleNavigation.ADJUSTERS.contains(me.role()));
        model.addAttribute("mayResend", ConsoleNavigation.RESENDERS.contains(me.role()));
        model.addAttribute("reasonMax", Adjustments.REASON_MAX);
        model.addAttribute("notPrinted", tw.einvoice.hub.print.Proofs.notPrintedReason(invoice.document()).orElse(null));
        return "console/invoice";
    }

    @PostMapping("/invoices/{id}/cancel")
    String cancel(@PathVariable UUID id, @RequestParam String reason, @RequestParam(required = false) String remark,
                  Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        return change(id, "CANCEL", auth, request, flash, ConsoleNavigation.ADJUSTERS, (invoice, actor) -> {
            requireReason(reason);
            return queued(adjustments.cancel(invoice, reason, null, blankToNull(remark), actor));
        });
    }

    @PostMapping("/invoices/{id}/void")
    String voidInvoice(@PathVariable UUID id, @RequestParam String reason, @RequestParam(required = false) String remark,
                       Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        return change(id, "VOID", auth, request, flash, ConsoleNavigation.ADJUSTERS, (invoice, actor) -> {
            requireReason(reason);
            return queued(adjustments.voidInvoice(invoice, reason, blankToNull(remark), actor));
        });
    }

    @PostMapping("/invoices/{id}/reissue")
    String reissue(@PathVariable UUID id, @RequestParam String document, Authentication auth, HttpServletRequest request,
                   RedirectAttributes flash) {
        return change(id, "REISSUE", auth, request, flash, ConsoleNavigation.ADJUSTERS,
                (invoice, actor) -> queued(adjustments.reissue(invoice, corrected(document), actor)));
    }

    @PostMapping("/invoices/{id}/resend")
    String resend(@PathVariable UUID id, @RequestParam String document, Authentication auth, HttpServletRequest request,
                  RedirectAttributes flash) {
        return change(id, "RESEND", auth, request, flash, ConsoleNavigation.RESENDERS,
                (invoice, actor) -> queued(adjustments.resend(invoice, corrected(document), actor)));
    }

    @PostMapping("/invoices/{id}/allowances")
    String allowance(@PathVariable UUID id, @RequestParam String description, @RequestParam BigDecimal quantity,
                     @RequestParam BigDecimal unitPrice, @RequestParam BigDecimal amount, @RequestParam BigDecimal tax,
                     @RequestParam(required = false) Integer originalSequenceNumber,
                     Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        return change(id, "ALLOWANCE", auth, request, flash, ConsoleNavigation.ADJUSTERS, (invoice, actor) -> {
            var line = new Adjustments.AllowanceLine(originalSequenceNumber, description, quantity, null, unitPrice, amount,
                    tax, null);
            Adjustments.AllowanceMade made = adjustments.allowance(invoice, List.of(line), actor);
            gateway.enqueue(made.messageId());
            return Map.of("messageType", made.messageType(), "allowanceNumber", made.allowanceNumber(), "amount", made.amount(),
                    "tax", made.tax());
        });
    }

    @PostMapping("/invoices/{id}/allowances/{allowanceNumber}/cancel")
    String cancelAllowance(@PathVariable UUID id, @PathVariable String allowanceNumber, @RequestParam String reason,
                           Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        return change(id, "CANCEL_ALLOWANCE", auth, request, flash, ConsoleNavigation.ADJUSTERS, (invoice, actor) -> {
            requireReason(reason);
            return queued(adjustments.cancelAllowance(invoice, allowanceNumber, reason, actor));
        });
    }

    private interface Change {
        Map<String, Object> apply(StoredInvoice invoice, String actor);
    }

    /**
     * One change through the services, audited with the invoice's status before and what was queued; a refusal by
     * the rules (period, status, amounts) comes back to the page with its reason.
     */
    private String change(UUID id, String action, Authentication auth, HttpServletRequest request, RedirectAttributes flash,
                          java.util.Set<String> roles, Change change) {
        HubPrincipal me = callers.of(auth);
        StoredInvoice invoice = find(id, me);
        ConsoleNavigation.requireRole(roles, me, "action " + action);
        String target = invoice.invoiceNumber() != null ? invoice.invoiceNumber() : invoice.id().toString();
        Map<String, Object> before = Map.of("status", invoice.status().name());
        try {
            Map<String, Object> after = change.apply(invoice, me.actor());
            audit.record(me.actor(), action, target, before, after, request.getRemoteAddr());
            flash.addFlashAttribute("done", "action.done." + action);
            flash.addFlashAttribute("doneDetail", after.values().stream().map(String::valueOf).toList());
        } catch (Adjustments.Refused e) {
            audit.record(me.actor(), action + "_REFUSED", target, before, Map.of("reason", e.getMessage()), request.getRemoteAddr());
            flash.addFlashAttribute("refused", e.getMessage());
            flash.addFlashAttribute("refusedAction", action);
        }
        return "redirect:/invoices/" + id;
    }

    private Map<String, Object> queued(InvoiceMessage m) {
        gateway.enqueue(m.id());
        return Map.of("messageType", m.messageType(), "reference", m.reference());
    }

    private StoredInvoice find(UUID id, HubPrincipal me) {
        StoredInvoice invoice = invoices.findById(id).orElse(null);
        if (invoice == null || !callers.visibleSellers(me).contains(invoice.sellerId())) {
            throw new ConsoleRefusal.NotFound("no invoice " + id + " for your sellers");
        }
        return ConsoleScope.visible(invoice, me);
    }

    private static void requireReason(String reason) {
        if (!Adjustments.validReason(reason)) {
            throw new Adjustments.Refused("a reason is required, 1–" + Adjustments.REASON_MAX + " characters (MIG)");
        }
    }

    private static tw.einvoice.hub.invoice.CanonicalInvoice corrected(String document) {
        try {
            JsonNode tree = InvoiceJson.tree(document);
            return InvoiceJson.read(tree);
        } catch (InvoiceFormatException e) {
            throw new Adjustments.Refused("the corrected invoice is not a canonical invoice: " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
