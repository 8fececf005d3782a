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

    /** A branch user sees and acts only for its branches; everyone else for every branch of their sellers. */
    public boolean branchScoped() {
        return "BRANCH".equals(role);
    }

    /** Whether an invoice of this seller and branch is visible to this principal (page and API alike). */
    public boolean maySee(String seller, String branch) {
        return maySee(seller) && (!branchScoped() || (branchIds != null && branch != null && branchIds.contains(branch)));
    }

    public boolean hasRole(String wanted) {
        return wanted.equals(role);
    }

    /** The audit trail's actor, e.g. {@code api-key:demo} or {@code user:admin}. */
    public String actor() {
        return (kind == Kind.API_KEY ? "api-key:" : "user:") + name;
    }
}
