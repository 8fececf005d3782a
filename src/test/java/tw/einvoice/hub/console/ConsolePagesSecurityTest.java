package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.internal.HubUsers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may open the console's work pages and act on them, at the HTTP level (status codes, nothing changed). */
class ConsolePagesSecurityTest extends HubIntegrationTest {

    @Autowired
    HubUsers users;

    private ConsoleSession as(String role, String seller, Set<String> branches) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller, branches);
        ConsoleSession session = new ConsoleSession(port);
        assertThat(session.logIn(name, name + "-password-1").location()).doesNotContain("/login");
        return session;
    }

    @Test
    void eachRoleOpensExactlyItsPages() {
        Map<String, List<String>> open = Map.of(
                "ADMIN", List.of("/batches", "/failures", "/numbering", "/connectors", "/admin"),
                "FINANCE", List.of("/failures", "/connectors"),
                "BRANCH", List.of("/failures"),
                "INTEGRATOR", List.of("/connectors", "/admin"));
        List<String> pages = List.of("/batches", "/failures", "/numbering", "/connectors", "/admin");
        for (var role : open.entrySet()) {
            ConsoleSession s = as(role.getKey(), "BRANCH".equals(role.getKey()) ? DEMO_SELLER : null,
                    "BRANCH".equals(role.getKey()) ? Set.of("KHH01") : null);
            for (String page : pages) {
                int expected = role.getValue().contains(page) ? 200 : 403;
                assertThat(s.get(page).status()).as(role.getKey() + " " + page).isEqualTo(expected);
            }
            String menu = s.get("/").body();
            for (String page : pages) {
                assertThat(menu.contains("href=\"" + page + "\"")).as(role.getKey() + " menu " + page).isEqualTo(role.getValue().contains(page));
            }
        }
    }

    @Test
    void financeCannotCreateUsersAndIntegratorOnlyManagesKeys() {
        ConsoleSession finance = as("FINANCE", null, null);
        String victim = "made-by-finance-" + UUID.randomUUID().toString().substring(0, 8);
        ConsoleSession.Page r = finance.post("/admin/users", Map.of("username", victim, "role", "ADMIN",
                "password", "a-long-enough-password"), "/failures");
        assertThat(r.status()).isEqualTo(403);
        assertThat(users.exists(victim)).isFalse();

        ConsoleSession integrator = as("INTEGRATOR", null, null);
        ConsoleSession.Page page = integrator.get("/admin");
        assertThat(page.body()).contains("id=\"keys\"").doesNotContain("id=\"users\"");
        String other = "made-by-integrator-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(integrator.post("/admin/users", Map.of("username", other, "role", "ADMIN",
                "password", "a-long-enough-password"), "/admin").status()).isEqualTo(403);
        assertThat(users.exists(other)).isFalse();
        ConsoleSession.Page key = integrator.post("/admin/keys", Map.of("sellerId", DEMO_SELLER, "name", "integrator-key"), "/admin");
        assertThat(key.status()).isEqualTo(302);
        assertThat(integrator.get("/admin").body()).contains("integrator-key");
    }

    @Test
    void branchStaffCannotSeeOrReplayAnotherBranchsRejectedRecord() {
        long tpe = rejected("TPE01");
        long khh = rejected("KHH01");
        ConsoleSession staff = as("BRANCH", DEMO_SELLER, Set.of("KHH01"));

        assertThat(staff.get("/failures/" + tpe).status()).isEqualTo(404);
        assertThat(staff.get("/failures/" + khh).status()).isEqualTo(200);
        ConsoleSession.Page list = staff.get("/failures");
        assertThat(list.body()).contains("id=\"rejected-" + khh + "\"").doesNotContain("id=\"rejected-" + tpe + "\"");

        ConsoleSession.Page replay = staff.post("/failures/" + tpe + "/replay", Map.of("payload", ""), "/failures");
        assertThat(replay.status()).isEqualTo(404);
        ConsoleSession.Page bulk = staff.post("/failures/replay", Map.of("id", String.valueOf(tpe)), "/failures");
        assertThat(bulk.status()).isEqualTo(404);
        // moving one's own record to another branch by correcting it is refused as well
        ObjectNode moved = Invoices.valid("moved");
        moved.put("branchId", "TPE01");
        assertThat(staff.post("/failures/" + khh + "/replay", Map.of("payload", moved.toString()), "/failures").status()).isEqualTo(403);
        HubClient admin = api.basic("admin", ADMIN_PASSWORD);
        assertThat(admin.get("/api/v1/rejected/" + tpe).body().get("attempts").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/rejected/" + khh).body().get("attempts").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/rejected/" + tpe).body().get("status").asText()).isEqualTo("OPEN");
    }

    private long rejected(String branch) {
        ObjectNode bad = Invoices.valid("branch-bad-" + UUID.randomUUID());
        bad.put("branchId", branch);
        bad.withObject("carrier").put("id", "not-a-barcode");
        HubClient.Response r = api.post("/api/v1/invoices", bad);
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        return r.body().get("rejectedId").asLong();
    }
}
