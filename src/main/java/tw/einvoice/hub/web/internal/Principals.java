package tw.einvoice.hub.web.internal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.List;

/** Turns whichever authentication a request carries into a {@link HubPrincipal} and its seller scope. */
@Component
public class Principals {

    private final SellerDirectory sellers;

    Principals(SellerDirectory sellers) {
        this.sellers = sellers;
    }

    public HubPrincipal of(Authentication auth) {
        if (auth.getPrincipal() instanceof HubPrincipal p) {
            return p;
        }
        if (auth.getPrincipal() instanceof HubUsers.HubUser u) {
            return new HubPrincipal(u.getUsername(), HubPrincipal.Kind.USER, u.role(), u.sellerId(), u.branchIds());
        }
        throw new IllegalStateException("unsupported authentication " + auth.getClass().getSimpleName());
    }

    /** The sellers this principal may see. */
    public List<String> visibleSellers(HubPrincipal principal) {
        return principal.allSellers() ? sellers.all().stream().map(Seller::id).toList() : List.of(principal.sellerId());
    }
}
