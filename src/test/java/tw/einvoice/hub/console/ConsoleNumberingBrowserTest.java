package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.numbering.Allocations;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.AuditTrail;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleNumberingBrowserTest extends ConsoleBrowser {

    // a period after the one other numbering tests use, and a track of its own, so no other test's ranges meet these
    static final String PERIOD = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).next().next().next().code();

    @Autowired
    Allocations allocations;
    @Autowired
    AuditTrail audit;

    @Autowired
    tw.einvoice.hub.numbering.Assignments assignments;

    @Test
    void assignmentsImportedFromThePlatformsCsvAreListed() throws Exception {
        String track = "X" + (char) ('A' + ThreadLocalRandom.current().nextInt(26));
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("assignments", ".csv");
        java.nio.file.Files.writeString(csv, "ban,invoiceType,yearMonth,track,beginNo,endNo,booklets\r\n"
                + DEMO_SELLER + ",07," + PERIOD + "," + track + ",00000000,00000049,1\r\n"
                + DEMO_SELLER + ",07," + PERIOD + "," + track + ",00000050,00000049,1\r\n");
        logIn("admin", ADMIN_PASSWORD);
        visit("/numbering", "numbering");
        browser.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        submit("import-submit");

        assertThat(outcome()).startsWith("已匯入配號").contains("imported=1", "unchanged=0").doesNotContain("refused=[]");
        assertThat(assignments.list(List.of(DEMO_SELLER), PERIOD)).filteredOn(a -> a.track().equals(track))
                .extracting(a -> a.beginNo() + "-" + a.endNo(), tw.einvoice.hub.numbering.Assignments.Stored::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0-49", "CSV"));
        assertThat(browser.findElement(By.id("assignments")).getText()).contains(track);
    }

    @Test
    void hqAdminAssignsAllocatesAndSeesOverlapAndOutsideAssignmentRefusalsExplained() {
        String track = "W" + (char) ('A' + ThreadLocalRandom.current().nextInt(26));
        logIn("admin", ADMIN_PASSWORD);
        visit("/numbering", "numbering");

        new Select(browser.findElement(By.id("assign-seller"))).selectByValue(DEMO_SELLER);
        new Select(browser.findElement(By.id("assign-type"))).selectByValue("07");
        fill("assign-period", PERIOD);
        fill("assign-track", track);
        fill("assign-begin", "00000000");
        fill("assign-end", "00000199");
        submit("assign-submit");
        assertThat(outcome()).startsWith("已新增配號");

        allocate("KHH01", track, "0", "99");
        assertThat(outcome()).contains("已配發並送出 E0401");
        Allocations.Allocation khh = allocations.list(List.of(DEMO_SELLER), PERIOD).stream()
                .filter(a -> a.track().equals(track)).findFirst().orElseThrow();
        assertThat(browser.findElement(By.id("allocation-" + khh.id())).findElement(By.className("range")).getText())
                .isEqualTo("00000000–00000099");

        allocate("TPE01", track, "50", "149");
        assertThat(waitFor(By.id("refused-reason")).getText()).isEqualTo("此區間與已配發（其他分支機構或本身）的號碼重疊。");
        assertThat(browser.findElement(By.id("refused-detail")).getText()).isNotBlank();
        screenshot("numbering-refused");

        allocate("TPE01", track, "200", "299");
        assertThat(waitFor(By.id("refused-reason")).getText()).isEqualTo("此區間不在財政部核配給此營業人的字軌號碼內。");
        assertThat(allocations.list(List.of(DEMO_SELLER), PERIOD).stream().filter(a -> a.track().equals(track)))
                .extracting(Allocations.Allocation::branchId).containsExactly("KHH01");

        submit("extend-" + khh.id());
        assertThat(outcome()).contains("已增加本數");
        assertThat(allocations.find(khh.id()).orElseThrow().endNo()).isEqualTo(149);
        assertThat(audit.latest("user:admin", 4)).extracting(AuditTrail.Entry::action)
                .containsExactly("ALLOCATION_EXTENDED", "ALLOCATED_REFUSED", "ALLOCATED_REFUSED", "ALLOCATED");

        browser.get(url("/numbering?lang=en"));
        allocate("TPE01", track, "100", "199");
        assertThat(waitFor(By.id("refused-reason")).getText()).isEqualTo("These numbers overlap an existing allocation (another branch's or this one's).");
        screenshot("numbering-refused");
        visit("/numbering", "numbering");
    }

    private void allocate(String branch, String track, String begin, String end) {
        new Select(browser.findElement(By.id("alloc-seller"))).selectByValue(DEMO_SELLER);
        fill("alloc-branch", branch);
        new Select(browser.findElement(By.id("alloc-type"))).selectByValue("07");
        fill("alloc-period", PERIOD);
        fill("alloc-track", track);
        fill("alloc-begin", begin);
        fill("alloc-end", end);
        fill("alloc-booklets", "");
        submit("alloc-submit");
    }

    /** Clicks and waits until the page the click posts has replaced this one, so no answer is read from the old one. */
    private void submit(String id) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id(id)).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, PAGE)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
    }

    /** The page's answer to the last action: what was done, or the refusal with its reason. */
    private String outcome() {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, PAGE).until(d ->
                !d.findElements(By.id("action-done")).isEmpty() || !d.findElements(By.id("action-refused")).isEmpty());
        List<WebElement> done = browser.findElements(By.id("action-done"));
        return done.isEmpty() ? "refused: " + browser.findElement(By.id("action-refused")).getText() : done.get(0).getText();
    }

    private void fill(String id, String value) {
        WebElement e = waitFor(By.id(id));
        e.clear();
        e.sendKeys(value);
    }
}
