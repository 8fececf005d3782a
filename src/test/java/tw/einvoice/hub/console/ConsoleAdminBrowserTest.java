package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.web.AuditTrail;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleAdminBrowserTest extends ConsoleBrowser {

    @Autowired
    AuditTrail audit;

    @Test
    void apiKeyIsShownOnceWorksAndIsRefusedWithA401OnceRevoked() {
        logIn("admin", ADMIN_PASSWORD);
        visit("/admin", "admin");
        String name = "pos-" + UUID.randomUUID().toString().substring(0, 8);
        new Select(browser.findElement(By.id("key-seller"))).selectByValue(DEMO_SELLER);
        browser.findElement(By.id("key-name")).sendKeys(name);
        browser.findElement(By.id("key-submit")).click();

        String key = waitFor(By.id("new-key-value")).getText();
        assertThat(key).matches("ehk_[A-Za-z0-9]{40}");
        screenshot("admin-key-created");
        browser.findElement(By.id("lang-en")).click();
        waitFor(By.id("keys"));
        screenshot("admin-key-gone");
        assertThat(browser.findElements(By.id("new-key-value"))).as("gone on the next page").isEmpty();
        browser.get(url("/admin?lang=zh-TW"));
        waitFor(By.id("keys"));
        WebElement row = browser.findElement(By.xpath("//tr[td[text()='" + name + "']]"));
        assertThat(key).startsWith(row.getDomAttribute("data-key-id"));
        assertThat(row.findElement(By.className("state")).getText()).isEqualTo("有效");
        assertThat(api.bearer(key).get("/api/v1/invoices?connector=test&sourceRef=none").status()).isIn(200, 404);

        // shown once: the same page again has no trace of the secret
        browser.navigate().refresh();
        waitFor(By.id("keys"));
        assertThat(browser.findElements(By.id("new-key-value"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(key.substring(10));

        browser.findElement(By.xpath("//tr[td[text()='" + name + "']]//button[starts-with(@id,'revoke-')]")).click();
        waitFor(By.id("action-done"));
        assertThat(browser.findElement(By.xpath("//tr[td[text()='" + name + "']]")).findElement(By.className("state")).getText())
                .isEqualTo("已撤銷");
        assertThat(api.bearer(key).get("/api/v1/invoices?connector=test&sourceRef=none").status()).isEqualTo(401);
        assertThat(audit.latest("user:admin", 5)).extracting(AuditTrail.Entry::action)
                .containsSubsequence("API_KEY_REVOKED", "API_KEY_CREATED");
        assertThat(audit.latest("user:admin", 5)).allSatisfy(e -> assertThat(String.valueOf(e.after())).doesNotContain(key));

        visit("/admin?lang=en", "admin");
        assertThat(lang()).isEqualTo("en");
    }

    @Test
    void adminCreatesBranchStaffWhoCanLogInAndDisablesThem() {
        logIn("admin", ADMIN_PASSWORD);
        visit("/admin", "admin");
        String name = "staff-" + UUID.randomUUID().toString().substring(0, 8);
        browser.findElement(By.id("new-username")).sendKeys(name);
        new Select(browser.findElement(By.id("new-role"))).selectByValue("BRANCH");
        new Select(browser.findElement(By.id("new-seller"))).selectByValue(DEMO_SELLER);
        browser.findElement(By.id("new-branches")).sendKeys("NO-SUCH-BRANCH");
        browser.findElement(By.id("new-password")).sendKeys(password(name));
        browser.findElement(By.id("user-submit")).click();
        assertThat(waitFor(By.id("action-refused")).getText()).contains("此營業人沒有這個分支機構");
        assertThat(users.exists(name)).isFalse();

        browser.findElement(By.id("new-branches")).clear();
        browser.findElement(By.id("new-branches")).sendKeys("KHH01");
        new Select(browser.findElement(By.id("new-role"))).selectByValue("BRANCH");
        new Select(browser.findElement(By.id("new-seller"))).selectByValue(DEMO_SELLER);
        browser.findElement(By.id("new-password")).sendKeys(password(name));
        browser.findElement(By.id("user-submit")).click();
        assertThat(waitFor(By.id("action-done")).getText()).contains(name);
        assertThat(browser.findElement(By.id("user-" + name)).getText()).contains("門市人員", "KHH01", "啟用");

        // the page already shows "done" for the creation: wait for the page the click brings
        WebElement before = browser.findElement(By.tagName("html"));
        browser.findElement(By.id("toggle-" + name)).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, PAGE)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before));
        waitFor(By.id("action-done"));
        assertThat(browser.findElement(By.id("user-" + name)).findElement(By.className("state")).getText()).isEqualTo("停用");
        assertThat(users.passwordMatches(name, password(name))).as("a disabled user cannot log in").isFalse();
        assertThat(audit.latest("user:admin", 5)).extracting(AuditTrail.Entry::action)
                .containsSubsequence("USER_DISABLED", "USER_CREATED");
    }

    @Test
    void connectorsPageShowsEachRouteStartedWithItsLastExchangeAndTheCallbackOutbox() {
        String integrator = user("integrator-console", "INTEGRATOR", null, null);
        var r = api.post("/api/v1/invoices", tw.einvoice.hub.Invoices.valid("connectors-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        logIn(integrator, password(integrator));
        visit("/connectors", "connectors");

        WebElement intake = browser.findElement(By.id("route-intake"));
        assertThat(intake.findElement(By.className("state")).getText()).isEqualTo("運行中");
        assertThat(intake.findElement(By.className("last")).getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(browser.findElements(By.cssSelector("#routes tbody tr"))).hasSizeGreaterThan(5);
        assertThat(intake.findElement(By.className("polls")).getText()).as("direct: no poller").isEqualTo("—");
        assertThat(browser.findElement(By.id("route-local-drop-intake")).findElement(By.className("polls")).getText())
                .as("the drop folder's file poller counts its polls").matches("\\d+");
        // an endpoint is shown without its options, where a connector's password or token would be
        assertThat(browser.findElements(By.cssSelector("#routes td code"))).extracting(WebElement::getText)
                .contains("direct://intake").allSatisfy(uri -> assertThat(uri).doesNotContain("?").doesNotContainIgnoringCase("password"));
        assertThat(browser.findElement(By.id("outbox")).isDisplayed()).isTrue();
        visit("/connectors?lang=en", "connectors");
        assertThat(browser.findElement(By.id("route-intake")).findElement(By.className("state")).getText()).isEqualTo("Started");
    }
}
