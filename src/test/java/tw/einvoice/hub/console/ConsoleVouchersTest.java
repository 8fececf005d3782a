package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.digitize.VoucherCorpus;
import tw.einvoice.hub.digitize.VoucherFields;
import tw.einvoice.hub.digitize.VoucherKind;
import tw.einvoice.hub.web.internal.HubUsers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The review page: finance staff see the image beside the fields, the first flagged one focused, and approve with one post. */
class ConsoleVouchersTest extends HubIntegrationTest {

    @TempDir
    Path dir;

    @Autowired
    HubUsers users;

    private String user(String role, String seller, Set<String> branches) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller, branches);
        return name;
    }

    @Test
    void financeReviewsAFlaggedVoucherBesideItsImageCorrectsTheBuyerAndApprovesWhileBranchStaffAreRefused() throws Exception {
        VoucherCorpus.Sample sample = new VoucherCorpus(31, VoucherCorpus.Spoiling.CLEAN, LocalDate.now().minusDays(1))
                .sample(0, VoucherKind.THREE_PART);
        Path file = Files.write(dir.resolve(sample.name()), sample.file());
        long id = api.postFile("/api/v1/vouchers", file, sample.name(), "image/png").body().at("/vouchers/0/id").asLong();
        await().atMost(Duration.ofSeconds(90)).until(() -> "NEEDS_REVIEW".equals(api.get("/api/v1/vouchers/" + id).body().get("status").asText()));
        JsonNode flags = api.get("/api/v1/vouchers/" + id).body().get("flags");
        String firstFlagged = VoucherFields.NAMES.stream().filter(flags::has).findFirst().orElseThrow();

        String finance = user("FINANCE", DEMO_SELLER, null);
        ConsoleSession session = new ConsoleSession(port);
        session.logIn(finance, finance + "-password-1");
        assertThat(session.get("/vouchers").body()).contains("id=\"voucher-" + id + "\"");
        String page = session.get("/vouchers/" + id).body();
        assertThat(page).contains("id=\"voucher-image\"").contains("id=\"voucher-approve\"")
                .containsPattern("id=\"field-" + firstFlagged + "\"[^>]*autofocus")
                .contains("is not us (" + DEMO_SELLER + ")");
        assertThat(session.get("/vouchers/" + id + "/image").header("Content-Type")).isEqualTo("image/png");

        Map<String, String> form = new LinkedHashMap<>(sample.truth().asText());
        form.put("buyerId", DEMO_SELLER);
        form.put("action", "approve");
        ConsoleSession.Page saved = session.post("/vouchers/" + id, form, "/vouchers/" + id);
        assertThat(saved.status()).isEqualTo(302);

        JsonNode after = api.get("/api/v1/vouchers/" + id).body();
        assertThat(after.get("status").asText()).isEqualTo("APPROVED");
        assertThat(after.get("approvedBy").asText()).isEqualTo("user:" + finance);
        JsonNode trail = api.get("/api/v1/vouchers/" + id + "/corrections").body();
        assertThat(trail.size()).isEqualTo(1);
        assertThat(trail.get(0).get("field").asText()).isEqualTo("buyerId");
        assertThat(trail.get(0).get("correctedBy").asText()).isEqualTo("user:" + finance);
        assertThat(session.get("/vouchers/" + id).body()).contains("id=\"voucher-approved\"").contains("id=\"voucher-corrections\"")
                .contains(sample.truth().buyerId() + " → " + DEMO_SELLER);

        String branch = user("BRANCH", DEMO_SELLER, Set.of("TPE01"));
        ConsoleSession branchSession = new ConsoleSession(port);
        branchSession.logIn(branch, branch + "-password-1");
        assertThat(branchSession.get("/vouchers").status()).isEqualTo(403);
        assertThat(branchSession.get("/vouchers/" + id).status()).isEqualTo(403);
    }
}
