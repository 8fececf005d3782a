package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.lottery.LotteryPeriods;
import tw.einvoice.hub.web.internal.HubUsers;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The lottery page: finance and HQ admins read it, only HQ admins enter numbers, everyone else is refused. */
class ConsoleLotteryTest extends HubIntegrationTest {

    @Autowired
    HubUsers users;

    @Autowired
    LotteryPeriods periods;

    private ConsoleSession as(String role, String seller, Set<String> branches) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller, branches);
        ConsoleSession session = new ConsoleSession(port);
        assertThat(session.logIn(name, name + "-password-1").location()).doesNotContain("/login");
        return session;
    }

    @Test
    void anHqAdminTypesInTheNumbersAndSeesThemWithTheClaimWindow() {
        ConsoleSession admin = as("ADMIN", null, null);
        assertThat(admin.get("/").body()).contains("href=\"/lottery\"");
        ConsoleSession.Page saved = admin.post("/lottery/numbers", Map.of("period", "11404", "special", "12345678", "grand", "23456789",
                "first1", "34567890", "first2", "45678901", "first3", "56789012", "additionalSixth", "123, 456"), "/lottery");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/lottery?period=11404");

        String page = admin.get("/lottery?period=11404").body();
        assertThat(page).contains("id=\"number-special\">12345678<").contains("34567890  45678901  56789012")
                .contains("2025-06-06 – 2025-09-05").contains("id=\"numbers-form\"");
        ConsoleSession.Page csv = admin.get("/lottery/11404/winners.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).containsExactly("period,seller_id,invoice_number,prize,amount,source,prize_type,found_at,told_at,note");
        LotteryPeriods.Stored stored = periods.find("11404").orElseThrow();
        assertThat(stored.source()).isEqualTo(LotteryPeriods.Source.MANUAL);
        assertThat(stored.numbers().additionalSixth()).containsExactly("123", "456");

        ConsoleSession.Page wrong = admin.post("/lottery/numbers", Map.of("period", "11406", "special", "1234", "grand", "23456789",
                "first1", "34567890", "first2", "45678901", "first3", "56789012"), "/lottery");
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(admin.get(wrong.location().replaceFirst("^https?://[^/]+", "")).body()).contains("special: 8 digits expected, got 1234");
        assertThat(periods.find("11406")).isEmpty();
    }

    @Test
    void financeReadsTheReportButCannotEnterNumbersAndBranchStaffCannotOpenIt() {
        ConsoleSession finance = as("FINANCE", null, null);
        assertThat(finance.get("/").body()).contains("href=\"/lottery\"");
        ConsoleSession.Page page = finance.get("/lottery");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"numbers-form\"");
        ConsoleSession.Page entered = finance.post("/lottery/numbers", Map.of("period", "11402", "special", "12345678", "grand", "23456789",
                "first1", "34567890", "first2", "45678901", "first3", "56789012"), "/lottery");
        assertThat(entered.status()).isEqualTo(403);
        assertThat(periods.find("11402")).isEmpty();

        ConsoleSession branch = as("BRANCH", DEMO_SELLER, Set.of("KHH01"));
        assertThat(branch.get("/lottery").status()).isEqualTo(403);
        assertThat(branch.get("/lottery/11404/winners.csv").status()).isEqualTo(403);
        assertThat(branch.get("/").body()).doesNotContain("href=\"/lottery\"");
    }
}
