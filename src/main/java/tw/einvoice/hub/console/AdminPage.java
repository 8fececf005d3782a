package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.web.AccessAdministration;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Users (HQ admins) and API keys (HQ admins and integrators). A new key is shown once, on the page the creation
 * redirects to (a flash attribute, gone on reload), and never written to the audit trail or a log.
 */
@Controller
class AdminPage {

    private final Callers callers;
    private final AccessAdministration access;
    private final SellerDirectory sellers;
    private final AuditTrail audit;

    AdminPage(Callers callers, AccessAdministration access, SellerDirectory sellers, AuditTrail audit) {
        this.callers = callers;
        this.access = access;
        this.sellers = sellers;
        this.audit = audit;
    }

    @GetMapping("/admin")
    String page(Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ADMINISTRATION, me);
        boolean userAdmin = ConsoleNavigation.USER_ADMINS.contains(me.role());
        model.addAttribute("userAdmin", userAdmin);
        model.addAttribute("users", userAdmin ? access.users() : List.of());
        model.addAttribute("roles", AccessAdministration.ROLES);
        model.addAttribute("keys", access.keys(me, callers.visibleSellers(me)));
        model.addAttribute("sellers", callers.visibleSellers(me).stream().map(sellers::find).flatMap(Optional::stream).toList());
        return "console/admin";
    }

    @PostMapping("/admin/users")
    String createUser(@RequestParam String username, @RequestParam String role, @RequestParam(required = false) String sellerId,
                      @RequestParam(required = false) String branchIds, @RequestParam String password,
                      Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ADMINISTRATION, me);
        ConsoleNavigation.requireRole(ConsoleNavigation.USER_ADMINS, me, "managing users");
        Set<String> branches = branchIds == null ? Set.of() : Arrays.stream(branchIds.split("[,\\s]+"))
                .filter(b -> !b.isBlank()).collect(Collectors.toCollection(LinkedHashSet::new));
        try {
            var created = access.createUser(new AccessAdministration.NewUser(username.strip(), role, sellerId, branches, password));
            audit.record(me.actor(), "USER_CREATED", created.username(), null,
                    Map.of("role", created.role(), "sellerId", String.valueOf(created.sellerId()), "branchIds", created.branchIds()),
                    request.getRemoteAddr());
            flash.addFlashAttribute("done", "admin.done.userCreated");
            flash.addFlashAttribute("doneTarget", created.username());
        } catch (AccessAdministration.Refused e) {
            refused(flash, e);
            flash.addFlashAttribute("userForm", Map.of("username", username, "role", role,
                    "sellerId", sellerId == null ? "" : sellerId, "branchIds", branchIds == null ? "" : branchIds));
        }
        return "redirect:/admin";
    }

    @PostMapping("/admin/users/{username}/enabled")
    String enable(@PathVariable String username, @RequestParam boolean enabled, Authentication auth,
                  HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ADMINISTRATION, me);
        ConsoleNavigation.requireRole(ConsoleNavigation.USER_ADMINS, me, "managing users");
        try {
            if (access.setEnabled(me, username, enabled)) {
                audit.record(me.actor(), enabled ? "USER_ENABLED" : "USER_DISABLED", username,
                        Map.of("enabled", !enabled), Map.of("enabled", enabled), request.getRemoteAddr());
                flash.addFlashAttribute("done", enabled ? "admin.done.userEnabled" : "admin.done.userDisabled");
                flash.addFlashAttribute("doneTarget", username);
            }
        } catch (AccessAdministration.Refused e) {
            refused(flash, e);
        }
        return "redirect:/admin";
    }

    @PostMapping("/admin/keys")
    String createKey(@RequestParam String sellerId, @RequestParam String name, Authentication auth,
                     HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ADMINISTRATION, me);
        if (!callers.visibleSellers(me).contains(sellerId)) {
            flash.addFlashAttribute("refused", "admin.error.seller");
            flash.addFlashAttribute("refusedField", "keySeller");
            return "redirect:/admin";
        }
        try {
            String key = access.createKey(me, sellerId, name);
            String keyId = access.keys(me, callers.visibleSellers(me)).stream()
                    .filter(k -> key.startsWith(k.keyId())).findFirst().map(AccessAdministration.Key::keyId).orElse("?");
            audit.record(me.actor(), "API_KEY_CREATED", keyId, null, Map.of("name", name.strip(), "sellerId", sellerId),
                    request.getRemoteAddr());
            flash.addFlashAttribute("newKey", key);
            flash.addFlashAttribute("newKeyName", name.strip());
        } catch (AccessAdministration.Refused e) {
            refused(flash, e);
        }
        return "redirect:/admin";
    }

    @PostMapping("/admin/keys/{id}/revoke")
    String revokeKey(@PathVariable long id, Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ADMINISTRATION, me);
        try {
            var key = access.revokeKey(me, id, callers.visibleSellers(me));
            audit.record(me.actor(), "API_KEY_REVOKED", key.keyId(), Map.of("revoked", key.revoked()),
                    Map.of("revoked", true, "name", key.name()), request.getRemoteAddr());
            flash.addFlashAttribute("done", "admin.done.keyRevoked");
            flash.addFlashAttribute("doneTarget", key.keyId() + " " + key.name());
        } catch (AccessAdministration.Refused e) {
            refused(flash, e);
        }
        return "redirect:/admin";
    }

    private static void refused(RedirectAttributes flash, AccessAdministration.Refused e) {
        flash.addFlashAttribute("refused", e.code());
        flash.addFlashAttribute("refusedField", e.field());
        flash.addFlashAttribute("refusedDetail", e.getMessage());
    }

    static List<Seller.Branch> branchesOf(List<Seller> sellers) {
        return sellers.stream().flatMap(s -> s.branches().stream()).toList();
    }
}
