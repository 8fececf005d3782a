package tw.einvoice.hub.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.exchange.Exchange;
import tw.einvoice.hub.exchange.ExchangeInvoice;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.List;
import java.util.UUID;

/**
 * The B2B exchange's inbox (purchase invoices, pending ones with confirm and reject) and outbox (our sales with the
 * buyer's answer), through {@link Exchange}: the checks and the answers are its own, as for the API.
 */
@Controller
class ExchangePage {

    private static final int SHOWN = 200;

    private final Callers callers;
    private final Exchange exchange;

    ExchangePage(Callers callers, Exchange exchange) {
        this.callers = callers;
        this.exchange = exchange;
    }

    @GetMapping("/exchange")
    String page(@RequestParam(required = false) String status, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.EXCHANGE, me);
        List<String> sellers = callers.visibleSellers(me);
        String shown = status == null || status.isBlank() ? null : status.strip();
        model.addAttribute("status", shown);
        model.addAttribute("inbox", exchange.list(ExchangeInvoice.Direction.PURCHASE, shown, sellers, SHOWN));
        model.addAttribute("outbox", exchange.list(ExchangeInvoice.Direction.SALE, shown, sellers, SHOWN));
        return "console/exchange";
    }

    @PostMapping("/exchange/{id}/confirm")
    String confirm(@PathVariable UUID id, Authentication auth, RedirectAttributes redirect) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.EXCHANGE, me);
        return answer(id, me, redirect, () -> exchange.confirm(id, me.actor()));
    }

    @PostMapping("/exchange/{id}/reject")
    String reject(@PathVariable UUID id, @RequestParam(required = false) String reason, Authentication auth,
                  RedirectAttributes redirect) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.EXCHANGE, me);
        return answer(id, me, redirect, () -> exchange.reject(id, reason, me.actor()));
    }

    private String answer(UUID id, HubPrincipal me, RedirectAttributes redirect,
                          java.util.function.Supplier<ExchangeInvoice> action) {
        ExchangeInvoice invoice = exchange.find(id).orElseThrow(() -> new ConsoleRefusal.Forbidden("no such invoice"));
        if (!callers.visibleSellers(me).contains(invoice.ourBan())) {
            throw new ConsoleRefusal.Forbidden("invoice of another seller");
        }
        try {
            ExchangeInvoice answered = action.get();
            redirect.addFlashAttribute("done", answered.invoiceNumber() + " " + answered.status());
        } catch (Exchange.Refused e) {
            redirect.addFlashAttribute("refused", e.getMessage());
        }
        return "redirect:/exchange";
    }
}
