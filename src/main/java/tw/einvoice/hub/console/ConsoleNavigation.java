package tw.einvoice.hub.console;

import tw.einvoice.hub.web.HubPrincipal;

import java.util.List;
import java.util.Set;

/**
 * The console's pages, in menu order, and the roles that see each. A page's controller asks {@link #require} with
 * its own entry, so the menu and the access rule cannot disagree. Add a page: one line here, a {@code nav.<key>}
 * text in both message files, and a template that uses {@code console/layout :: page}.
 */
final class ConsoleNavigation {

    static final String ADMIN = "ADMIN";
    static final String FINANCE = "FINANCE";
    static final String BRANCH = "BRANCH";
    static final String INTEGRATOR = "INTEGRATOR";

    record Page(String key, String path, Set<String> roles) {
        boolean openTo(HubPrincipal p) {
            return p != null && roles.contains(p.role());
        }
    }

    static final Page DASHBOARD = new Page("dashboard", "/", Set.of(ADMIN, FINANCE, BRANCH, INTEGRATOR));
    static final Page INVOICES = new Page("invoices", "/invoices", Set.of(ADMIN, FINANCE, BRANCH, INTEGRATOR));
    static final Page ISSUE = new Page("issue", "/issue", Set.of(ADMIN, BRANCH));
    /** Batches run as the uploader's seller but any branch a row names: not for branch staff. */
    static final Page BATCHES = new Page("batches", "/batches", Set.of(ADMIN));
    static final Page FAILURES = new Page("failures", "/failures", Set.of(ADMIN, FINANCE, BRANCH));
    /** Paper vouchers are finance work (issue 16). */
    static final Page VOUCHERS = new Page("vouchers", "/vouchers", Set.of(ADMIN, FINANCE));
    static final Page NUMBERING = new Page("numbering", "/numbering", Set.of(ADMIN));
    /** The winners report is finance's; HQ admins also import the winning numbers. */
    static final Page LOTTERY = new Page("lottery", "/lottery", Set.of(ADMIN, FINANCE));
    /** B2B exchange: purchase invoices to confirm or reject, and sales with the buyer's answer. */
    static final Page EXCHANGE = new Page("exchange", "/exchange", Set.of(ADMIN, FINANCE));
    static final Page CONNECTORS = new Page("connectors", "/connectors", Set.of(ADMIN, INTEGRATOR, FINANCE));
    /** HQ admins manage users and keys; integrators only API keys. */
    static final Page ADMINISTRATION = new Page("admin", "/admin", Set.of(ADMIN, INTEGRATOR));
    static final Page PASSWORD = new Page("password", "/password", Set.of(ADMIN, FINANCE, BRANCH, INTEGRATOR));

    /** Who may change an invoice (cancel, void and re-issue, allowances); finance resends what the platform rejected. */
    static final Set<String> ADJUSTERS = Set.of(ADMIN, BRANCH);
    static final Set<String> RESENDERS = Set.of(ADMIN, BRANCH, FINANCE);

    static final Set<String> USER_ADMINS = Set.of(ADMIN);

    static final List<Page> MENU = List.of(DASHBOARD, INVOICES, ISSUE, BATCHES, FAILURES, EXCHANGE, VOUCHERS, NUMBERING,
            LOTTERY, CONNECTORS, ADMINISTRATION);

    private ConsoleNavigation() {
    }

    static List<Page> menuFor(HubPrincipal p) {
        return MENU.stream().filter(page -> page.openTo(p)).toList();
    }

    /** Refuses (403) a page the principal's role does not open. */
    static void require(Page page, HubPrincipal p) {
        if (!page.openTo(p)) {
            throw new ConsoleRefusal.Forbidden("page " + page.key() + " is not open to role " + (p == null ? "none" : p.role()));
        }
    }

    static void requireRole(Set<String> roles, HubPrincipal p, String what) {
        if (p == null || !roles.contains(p.role())) {
            throw new ConsoleRefusal.Forbidden(what + " is not open to role " + (p == null ? "none" : p.role()));
        }
    }
}
