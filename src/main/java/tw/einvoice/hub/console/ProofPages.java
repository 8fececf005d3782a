package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.print.Proofs;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.Map;
import java.util.UUID;

/**
 * An invoice's printed proof from its console page: viewing it prints nothing; a reprint is counted and marked 補印,
 * as through the API ({@link Proofs}). A carrier or donated invoice is refused on the invoice's page with the rule.
 */
@Controller
class ProofPages {

    static final String REPRINTS_HEADER = "X-Proof-Reprints";

    private final Callers callers;
    private final InvoiceStore invoices;
    private final Proofs proofs;
    private final AuditTrail audit;

    ProofPages(Callers callers, InvoiceStore invoices, Proofs proofs, AuditTrail audit) {
        this.callers = callers;
        this.invoices = invoices;
        this.proofs = proofs;
        this.audit = audit;
    }

    @GetMapping("/invoices/{id}/proof.pdf")
    Object view(@PathVariable UUID id, Authentication auth, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.INVOICES, me);
        StoredInvoice invoice = find(id, me);
        try {
            return pdf(invoice, proofs.view(invoice, Proofs.Format.PDF), "proof");
        } catch (Proofs.Refused e) {
            return refused(id, "PROOF", e, flash);
        }
    }

    @PostMapping("/invoices/{id}/reprint")
    Object reprint(@PathVariable UUID id, Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        StoredInvoice invoice = find(id, me);
        ConsoleNavigation.requireRole(ConsoleNavigation.ADJUSTERS, me, "action REPRINT");
        String target = invoice.invoiceNumber() != null ? invoice.invoiceNumber() : invoice.id().toString();
        try {
            Proofs.Rendered rendered = proofs.reprint(invoice, Proofs.Format.PDF, me.actor());
            audit.record(me.actor(), "REPRINT", target, Map.of("reprints", rendered.reprints() - 1),
                    Map.of("reprints", rendered.reprints()), request.getRemoteAddr());
            return pdf(invoice, rendered, "reprint-" + rendered.reprints());
        } catch (Proofs.Refused e) {
            audit.record(me.actor(), "REPRINT_REFUSED", target, Map.of("status", invoice.status().name()),
                    Map.of("reason", e.getMessage()), request.getRemoteAddr());
            return refused(id, "REPRINT", e, flash);
        }
    }

    private StoredInvoice find(UUID id, HubPrincipal me) {
        StoredInvoice invoice = invoices.findById(id).orElse(null);
        if (invoice == null || !callers.visibleSellers(me).contains(invoice.sellerId())) {
            throw new ConsoleRefusal.NotFound("no invoice " + id + " for your sellers");
        }
        return ConsoleScope.visible(invoice, me);
    }

    private static ResponseEntity<byte[]> pdf(StoredInvoice invoice, Proofs.Rendered rendered, String kind) {
        String name = (invoice.invoiceNumber() != null ? invoice.invoiceNumber() : invoice.id().toString()) + "-" + kind + ".pdf";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name).build().toString())
                .header(REPRINTS_HEADER, String.valueOf(rendered.reprints()))
                .body(rendered.bytes());
    }

    private static String refused(UUID id, String action, Proofs.Refused e, RedirectAttributes flash) {
        flash.addFlashAttribute("refused", e.getMessage());
        flash.addFlashAttribute("refusedAction", action);
        return "redirect:/invoices/" + id;
    }
}
