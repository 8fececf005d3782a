package tw.einvoice.hub.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;

/**
 * Who a request comes from and what it may see, for the console: the same {@link Principals} the API asks, so a
 * page and an API call of one person see the same invoices.
 */
@Component
public class Callers {

    private final Principals principals;

    Callers(Principals principals) {
        this.principals = principals;
    }

    public HubPrincipal of(Authentication auth) {
        return principals.of(auth);
    }

    /** The sellers this principal may see. */
    public List<String> visibleSellers(HubPrincipal principal) {
        return principals.visibleSellers(principal);
    }
}
