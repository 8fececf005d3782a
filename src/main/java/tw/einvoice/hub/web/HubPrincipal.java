package tw.einvoice.hub.web;

import java.util.Set;

/**
 * Who is calling and what they may see: an API key is scoped to one seller; a user to one seller
 * (and, for branch users, some branches) or, for HQ admins, to every seller.
 */
public record HubPrincipal(String name, Kind kind, String role, String sellerId, Set<String> branchIds) {

    public enum Kind { API_KEY, USER }

    public boolean allSellers() {
        return sellerId == null;
    }

    public boolean maySee(String seller) {
        return allSellers() || sellerId.equals(seller);
    }

    /** The audit trail's actor, e.g. {@code api-key:demo} or {@code user:admin}. */
    public String actor() {
        return (kind == Kind.API_KEY ? "api-key:" : "user:") + name;
    }
}
