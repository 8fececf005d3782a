package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.List;

/** What every console page's layout shows: who is logged in, their menu, the language, the CSRF token for htmx. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private final Callers callers;

    ConsoleModel(Callers callers) {
        this.callers = callers;
    }

    @ModelAttribute("me")
    HubPrincipal me(Authentication auth) {
        return auth == null || auth instanceof AnonymousAuthenticationToken ? null : callers.of(auth);
    }

    @ModelAttribute("menu")
    List<ConsoleNavigation.Page> menu(Authentication auth) {
        HubPrincipal p = me(auth);
        return p == null ? List.of() : ConsoleNavigation.menuFor(p);
    }

    @ModelAttribute("lang")
    String lang(HttpServletRequest request) {
        return RequestContextUtils.getLocale(request).getLanguage().equals("en") ? "en" : "zh-TW";
    }

    /** htmx sends this with every request it makes ({@code hx-headers} on the body). */
    @ModelAttribute("csrfHeaders")
    String csrfHeaders(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "{}" : "{\"" + token.getHeaderName() + "\": \"" + token.getToken() + "\"}";
    }
}
