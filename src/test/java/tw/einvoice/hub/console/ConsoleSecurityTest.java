package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.internal.HubUsers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSecurityTest extends HubIntegrationTest {

    @Autowired
    HubUsers users;
    @Autowired
    AuditTrail audit;

    private String user(String role, String seller, Set<String> branches) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller, branches);
        return name;
    }

    @Test
    void everyConsolePageSendsAnonymousVisitorsToTheLoginForm() {
        ConsoleSession anonymous = new ConsoleSession(port);

        for (String page : List.of("/", "/invoices", "/invoices/" + UUID.randomUUID(), "/issue", "/password", "/batches", "/failures",
                "/numbering", "/connectors", "/admin", "/no-such-page")) {
            ConsoleSession.Page r = anonymous.get(page);
            assertThat(r.status()).as(page).isEqualTo(302);
            assertThat(r.location()).as(page).isEqualTo("http://127.0.0.1:" + port + "/login");
        }
        ConsoleSession.Page login = anonymous.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        String name = user("FINANCE", null, null);
        ConsoleSession session = new ConsoleSession(port);
        assertThat(session.logIn(name, name + "-password-1").location()).doesNotContain("/login");

        ConsoleSession.Page r = session.post("/password",
                Map.of("current", name + "-password-1", "replacement", "a-new-password-123", "repeated", "a-new-password-123"), null);

        assertThat(r.status()).isEqualTo(403);
        assertThat(users.passwordMatches(name, name + "-password-1")).isTrue();
        // the same form with the token goes through
        ConsoleSession.Page ok = session.post("/password",
                Map.of("current", name + "-password-1", "replacement", "a-new-password-123", "repeated", "a-new-password-123"), "/password");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("id=\"password-changed\"");
        assertThat(users.passwordMatches(name, "a-new-password-123")).isTrue();
        assertThat(audit.latest("user:" + name, 5)).extracting(AuditTrail.Entry::action).first().isEqualTo("PASSWORD_CHANGED");
    }

    @Test
    void fiveWrongPasswordsLockTheNameSoTheRightOneIsRefusedToo() {
        String name = user("FINANCE", null, null);
        ConsoleSession session = new ConsoleSession(port);

        for (int i = 1; i <= 4; i++) {
            assertThat(session.logIn(name, "wrong-" + i).location()).as("failure " + i).endsWith("/login?error");
        }
        assertThat(session.logIn(name, "wrong-5").location()).as("failure 5").endsWith("/login?locked");
        ConsoleSession.Page sixth = session.logIn(name, name + "-password-1");

        assertThat(sixth.location()).endsWith("/login?locked");
        assertThat(session.get("/").location()).endsWith("/login");
        assertThat(session.get("/login?locked").body()).contains("id=\"login-locked\"").contains("暫時鎖定");
        assertThat(audit.latest("user:" + name, 10)).extracting(AuditTrail.Entry::action)
                .containsExactly("LOGIN_WHILE_LOCKED", "LOGIN_LOCKED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED");
        // another user from the same address is not locked out by it
        String other = user("FINANCE", null, null);
        assertThat(new ConsoleSession(port).logIn(other, other + "-password-1").location()).doesNotContain("/login");
    }

    @Test
    void branchStaffSeeOnlyTheirBranchInPagesAndApi() {
        String tpe = "TPE-" + UUID.randomUUID();
        String khh = "KHH-" + UUID.randomUUID();
        UUID tpeId = submit(tpe, "TPE01");
        UUID khhId = submit(khh, "KHH01");
        String staff = user("BRANCH", DEMO_SELLER, Set.of("KHH01"));
        ConsoleSession session = new ConsoleSession(port);
        session.logIn(staff, staff + "-password-1");

        assertThat(session.get("/invoices/" + tpeId).status()).isEqualTo(404);
        assertThat(session.get("/invoices/" + khhId).status()).isEqualTo(200);
        // rows are known by their invoice's id: a row shows the source reference only until the number is given;
        // newest received first, since the suite's other tests leave invoices of this branch in the shared database
        ConsoleSession.Page search = session.get("/invoices?sort=RECEIVED&size=200");
        assertThat(search.body()).contains("data-invoice=\"" + khhId + "\"").doesNotContain(tpeId.toString())
                .doesNotContain(">TPE01<");
        ConsoleSession.Page otherBranchFilter = session.get("/invoices?branch=TPE01");
        assertThat(otherBranchFilter.body()).doesNotContain("data-invoice=");
        // the action behind the page is refused as well, with a valid token
        ConsoleSession.Page cancel = session.post("/invoices/" + tpeId + "/cancel", Map.of("reason", "test"), "/invoices/" + khhId);
        assertThat(cancel.status()).isEqualTo(404);

        HubClient api = this.api.basic(staff, staff + "-password-1");
        assertThat(api.get("/api/v1/invoices?connector=test&sourceRef=" + tpe).status()).isIn(403, 404);
        assertThat(api.get("/api/v1/invoices?connector=test&sourceRef=" + khh).status()).isEqualTo(200);
    }

    private UUID submit(String sourceRef, String branch) {
        var doc = Invoices.valid(sourceRef);
        doc.put("branchId", branch);
        HubClient.Response r = api.post("/api/v1/invoices", doc);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return UUID.fromString(r.body().get("invoiceId").asText());
    }
}
