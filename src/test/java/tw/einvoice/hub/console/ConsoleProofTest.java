package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.internal.HubUsers;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The proof from an invoice's console page: viewed without counting, reprinted with a count and an audit line. */
class ConsoleProofTest extends HubIntegrationTest {

    @Autowired
    HubUsers users;
    @Autowired
    AuditTrail audit;

    private String user(String role, String seller, Set<String> branches) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller, branches);
        return name;
    }

    private UUID numbered(ObjectNode doc) {
        assertThat(api.post("/api/v1/invoices", doc).status()).isEqualTo(201);
        JsonNode view = InvoiceAwait.bySource(api, doc.get("sourceRef").asText())
                .until("numbered", v -> v.path("invoiceNumber").isTextual());
        return UUID.fromString(view.get("id").asText());
    }

    private static ObjectNode printed(String sourceRef, String branch) {
        ObjectNode doc = Invoices.valid(sourceRef);
        doc.remove("carrier");
        doc.put("print", true);
        doc.put("branchId", branch);
        return doc;
    }

    @Test
    void viewingTheProofCountsNothingWhileEachReprintIsCountedMarkedAndAudited() {
        UUID id = numbered(printed("console-proof-" + UUID.randomUUID(), "TPE01"));
        String admin = user("ADMIN", null, null);
        ConsoleSession session = new ConsoleSession(port);
        session.logIn(admin, admin + "-password-1");

        String page = session.get("/invoices/" + id).body();
        assertThat(page).contains("id=\"proof-view\"").contains("id=\"reprint-form\"").doesNotContain("id=\"proof-not-printed\"");

        ConsoleSession.Page view = session.get("/invoices/" + id + "/proof.pdf");
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(view.body()).startsWith("%PDF-");
        assertThat(view.header(ProofPages.REPRINTS_HEADER)).isEqualTo("0");
        assertThat(session.get("/invoices/" + id + "/proof.pdf").header(ProofPages.REPRINTS_HEADER)).as("viewing again").isEqualTo("0");

        ConsoleSession.Page first = session.post("/invoices/" + id + "/reprint", Map.of(), "/invoices/" + id);
        ConsoleSession.Page second = session.post("/invoices/" + id + "/reprint", Map.of(), "/invoices/" + id);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).startsWith("%PDF-");
        assertThat(first.header(ProofPages.REPRINTS_HEADER)).isEqualTo("1");
        assertThat(second.header(ProofPages.REPRINTS_HEADER)).isEqualTo("2");
        assertThat(first.header("Content-Disposition")).contains("-reprint-1.pdf");
        assertThat(audit.latest("user:" + admin, 10)).extracting(AuditTrail.Entry::action)
                .filteredOn(a -> a.startsWith("REPRINT")).containsExactly("REPRINT", "REPRINT");
    }

    @Test
    void aCarrierInvoiceIsNotPrintedAndItsRefusalIsExplainedOnItsPage() {
        ObjectNode doc = Invoices.valid("console-proof-carrier-" + UUID.randomUUID());
        doc.put("branchId", "TPE01");
        UUID id = numbered(doc);
        String admin = user("ADMIN", null, null);
        ConsoleSession session = new ConsoleSession(port);
        session.logIn(admin, admin + "-password-1");

        assertThat(session.get("/invoices/" + id).body()).contains("id=\"proof-not-printed\"")
                .contains("kept on a carrier (3J0002)").doesNotContain("id=\"reprint-form\"");
        ConsoleSession.Page refused = session.post("/invoices/" + id + "/reprint", Map.of(), "/invoices/" + id);

        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/invoices/" + id);
        assertThat(session.get("/invoices/" + id).body()).contains("id=\"action-refused\"")
                .contains("not printed by rule: the invoice is kept on a carrier (3J0002)");
        assertThat(audit.latest("user:" + admin, 10)).extracting(AuditTrail.Entry::action).contains("REPRINT_REFUSED")
                .doesNotContain("REPRINT");
    }

    @Test
    void anotherBranchsStaffCannotReprintAndFinanceMayOnlyView() {
        UUID id = numbered(printed("console-proof-branch-" + UUID.randomUUID(), "TPE01"));
        String otherBranch = user("BRANCH", DEMO_SELLER, Set.of("KHH01"));
        ConsoleSession staff = new ConsoleSession(port);
        staff.logIn(otherBranch, otherBranch + "-password-1");
        assertThat(staff.get("/invoices/" + id + "/proof.pdf").status()).isEqualTo(404);
        assertThat(staff.post("/invoices/" + id + "/reprint", Map.of(), "/invoices").status()).isEqualTo(404);

        String finance = user("FINANCE", null, null);
        ConsoleSession reader = new ConsoleSession(port);
        reader.logIn(finance, finance + "-password-1");
        assertThat(reader.get("/invoices/" + id + "/proof.pdf").status()).isEqualTo(200);
        assertThat(reader.post("/invoices/" + id + "/reprint", Map.of(), "/invoices/" + id).status()).isEqualTo(403);
        assertThat(reader.get("/invoices/" + id + "/proof.pdf").header(ProofPages.REPRINTS_HEADER)).isEqualTo("0");
    }
}
