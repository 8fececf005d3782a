package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;
import tw.einvoice.hub.web.UserAccounts;

/** A person changes their own password; the current one is asked again. */
@Controller
class PasswordPage {

    private final Callers callers;
    private final UserAccounts accounts;

    PasswordPage(Callers callers, UserAccounts accounts) {
        this.callers = callers;
        this.accounts = accounts;
    }

    @GetMapping("/password")
    String form(Authentication auth, Model model) {
        ConsoleNavigation.require(ConsoleNavigation.PASSWORD, callers.of(auth));
        model.addAttribute("minLength", UserAccounts.MIN_PASSWORD_LENGTH);
        return "console/password";
    }

    @PostMapping("/password")
    String change(@RequestParam String current, @RequestParam String replacement, @RequestParam String repeated,
                  Authentication auth, HttpServletRequest request, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.PASSWORD, me);
        model.addAttribute("minLength", UserAccounts.MIN_PASSWORD_LENGTH);
        if (!replacement.equals(repeated)) {
            model.addAttribute("error", "password.error.repeat");
            return "console/password";
        }
        try {
            accounts.changePassword(me, current, replacement, request.getRemoteAddr());
        } catch (UserAccounts.PasswordRefused e) {
            model.addAttribute("error", e.code());
            return "console/password";
        }
        model.addAttribute("changed", true);
        return "console/password";
    }
}
